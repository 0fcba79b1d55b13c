/**
 * Tests that read the shared corpora and seeds (`../shared` beside the checkout: corpora/bbc-dev,
 * corpora/conll2003-dev, corpora/extraction-dev, seeds/). One rule for all of them: in CI (`CI`
 * set) missing data fails the test file with what is missing; elsewhere the tests that need it
 * are skipped with one line saying why.
 *
 *   describe.skipIf(!hasSharedData('corpora/bbc-dev'))('...', () => { ... sharedPath('corpora/bbc-dev') ... });
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SHARED_DIR = path.resolve(fileURLToPath(new URL('../../', import.meta.url)), '../shared');

/** Absolute path of shared test data given relative to `../shared` (an absolute path is kept). */
export function sharedPath(relative: string): string {
  return path.resolve(SHARED_DIR, relative);
}

/**
 * True when every given file or folder of shared data exists. When some are missing: throws in CI;
 * otherwise prints which and returns false, for `describe.skipIf(!hasSharedData(...))`.
 */
export function hasSharedData(...relatives: string[]): boolean {
  const missing = relatives.map(sharedPath).filter((file) => !existsSync(file));
  if (missing.length === 0) return true;
  const what = `shared test data missing: ${missing.join(', ')}`;
  if (process.env['CI']) throw new Error(`${what}. CI runs every test: put the corpora and seeds in ${SHARED_DIR}.`);
  console.warn(`Skipping the tests that need it: ${what}.`);
  return false;
}
