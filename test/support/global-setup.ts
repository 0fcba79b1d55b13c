/**
 * vitest global setup: one real Meilisearch for the whole run, on a free port with a temporary
 * data dir, stopped (and the dir removed) afterwards. Tests read its address with
 * `inject('meiliUrl')` / `inject('meiliKey')` and use their own index names. Compiles dist/ first:
 * the tests that start `lede` or `npm start` as child processes run the compiled code.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildDist } from './build-dist.ts';
import { findMeiliBinary } from '../../src/meili/binary.ts';
import { startManagedMeili } from '../../src/meili/managed.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    meiliUrl: string;
    meiliKey: string;
    meiliBin: string;
  }
}

export default async function setup(project: TestProject) {
  buildDist();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lede-test-meili-'));
  const bin = findMeiliBinary(process.env['MEILI_BIN']);
  const server = await startManagedMeili({ bin, dataDir, port: 0 });
  project.provide('meiliUrl', server.url);
  project.provide('meiliKey', server.masterKey);
  project.provide('meiliBin', bin);
  return async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
