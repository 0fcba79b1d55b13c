/**
 * Compiles the project into dist/ (`npm run build`, incremental: a fraction of a second when
 * nothing changed) so that tests which start `lede` or `npm start` as child processes run the
 * same compiled code a user runs, data-file lookup from dist/ included.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function buildDist(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  try {
    execFileSync(process.execPath, [tsc, '-b', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
  } catch (error) {
    const output = (error as { stdout?: Buffer }).stdout?.toString() ?? '';
    throw new Error(`npm run build failed, so the CLI tests cannot run the compiled code:\n${output}`, { cause: error });
  }
}
