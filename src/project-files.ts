/**
 * Where Lede's runtime data files are (index-config/, ingest/samples/, the tagger model, the country
 * data, the page assets): paths under the project root, the nearest folder above this module holding
 * package.json. The same answer whether the code runs as TypeScript from the checkout (tests, tsx)
 * or compiled from dist/, so data files stay where they are in the source tree and are never copied.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json above ${from}: cannot locate Lede's data files.`);
  }
}

/** The project root (the folder of package.json). */
export const PROJECT_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));

/** Absolute path of a file or folder given relative to the project root, e.g. `projectFile('index-config', 'settings.json')`. */
export function projectFile(...segments: string[]): string {
  return path.join(PROJECT_ROOT, ...segments);
}
