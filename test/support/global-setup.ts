/**
 * vitest global setup of the integration, acceptance and browser projects: one real Meilisearch
 * for the whole run, on a free port with a temporary data dir, stopped (and the dir removed) after
 * the last project. Tests read its address with `inject('meiliUrl')` / `inject('meiliKey')` and use
 * their own index names. Compiles dist/ first: the tests that start `lede` or `npm start` as child
 * processes run the compiled code.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { findMeiliBinary } from '../../src/meili/binary.ts';
import { startManagedMeili, type ManagedMeili } from '../../src/meili/managed.ts';
import { buildDist } from './build-dist.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    meiliUrl: string;
    meiliKey: string;
    meiliBin: string;
  }
}

interface Shared {
  started: Promise<{ server: ManagedMeili; bin: string; dataDir: string }>;
  users: number;
}

// Each project runs this file in the same process: the first starts the server, the others share it.
const KEY = Symbol.for('lede.test.meili');
const registry = globalThis as typeof globalThis & { [KEY]?: Shared };

async function start() {
  buildDist();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lede-test-meili-'));
  const bin = findMeiliBinary(process.env['MEILI_BIN']);
  const server = await startManagedMeili({ bin, dataDir, port: 0 });
  return { server, bin, dataDir };
}

export default async function setup(project: TestProject) {
  const shared = (registry[KEY] ??= { started: start(), users: 0 });
  shared.users++;
  const { server, bin, dataDir } = await shared.started;
  project.provide('meiliUrl', server.url);
  project.provide('meiliKey', server.masterKey);
  project.provide('meiliBin', bin);
  return async () => {
    if (--shared.users > 0) return;
    delete registry[KEY];
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
