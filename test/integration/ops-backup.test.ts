/**
 * `lede backup` (the real CLI) against a managed Meilisearch: a dump is written to
 * `<MEILI_DATA_DIR>/dumps`, the command prints where, and `meilisearch --import-dump` restores
 * every document from it into an empty database.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ingest } from '../../ingest/ingest.ts';
import { createBackup } from '../../ingest/ops/backup.ts';
import { createMeiliClient } from '../../src/meili/client.ts';
import { isHealthy } from '../../src/meili/health.ts';
import { freePort, startManagedMeili, type ManagedMeili } from '../../src/meili/managed.ts';
import { applySettings } from '../../src/meili/settings.ts';
import { runLede } from '../support/lede-cli.ts';

const SAMPLES = fileURLToPath(new URL('../../ingest/samples', import.meta.url));

/**
 * `meilisearch --import-dump` of the test's dump into a new database, healthy. A server that exits
 * before it answers (the free port taken meanwhile, on a busy CI machine) is started again on
 * another port, twice at most; its stderr is in the failure otherwise.
 */
async function startRestore(dumpFile: string, attempt = 1): Promise<{ url: string; child: ChildProcess; exited: Promise<unknown> }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dbPath = path.join(dir, `restored-${attempt}.ms`);
  const child = spawn(
    inject('meiliBin'),
    // `--name=value`: a master key may start with "-" (base64url), which Meilisearch reads as a flag.
    [
      `--import-dump=${dumpFile}`,
      `--db-path=${dbPath}`,
      `--http-addr=127.0.0.1:${port}`,
      `--master-key=${server.masterKey}`,
      '--no-analytics',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  let exitCode: number | null | undefined;
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve((exitCode = code))));
  const deadline = Date.now() + 90_000;
  while (exitCode === undefined && Date.now() < deadline && !(await isHealthy(url, 500))) await new Promise((r) => setTimeout(r, 100));
  if (exitCode === undefined && Date.now() < deadline) return { url, child, exited };
  if (exitCode === undefined) {
    child.kill('SIGKILL');
    await exited;
  }
  if (attempt < 3 && exitCode !== undefined) return startRestore(dumpFile, attempt + 1);
  throw new Error(`meilisearch --import-dump did not become healthy (attempt ${attempt}, exit ${exitCode}):\n${stderr}`);
}
const INDEX = 'backup';

let dir: string;
let dataDir: string;
let server: ManagedMeili;
let documents: number;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lede-backup-'));
  dataDir = path.join(dir, 'meili');
  server = await startManagedMeili({ bin: inject('meiliBin'), dataDir, port: 0 });
  const client = createMeiliClient(server.url, server.masterKey);
  await applySettings(client, INDEX);
  await ingest([SAMPLES], { client, index: INDEX });
  documents = (await client.index(INDEX).getStats()).numberOfDocuments;
}, 60_000);

afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('lede backup', () => {
  let dumpFile: string;

  it('writes a dump into the managed data dir and prints where it is', async () => {
    // No MEILI_URL: the CLI finds the managed server running on MEILI_DATA_DIR and uses it.
    const run = await runLede(['backup'], { cwd: dir, env: { MEILI_DATA_DIR: dataDir, MEILI_BIN: inject('meiliBin'), LEDE_INDEX: INDEX } });
    expect(run.code, run.stderr).toBe(0);
    const printed = /Dump written: (\S+\.dump)/.exec(run.stdout);
    expect(printed, run.stdout).not.toBeNull();
    dumpFile = printed![1]!;
    expect(path.dirname(dumpFile)).toBe(path.join(dataDir, 'dumps'));
    expect(existsSync(dumpFile)).toBe(true);
    expect(run.stderr).toContain('--import-dump');
    expect(`${run.stdout}${run.stderr}`).not.toContain(server.masterKey);
  });

  it('restores every document with meilisearch --import-dump', async () => {
    const restored = await startRestore(dumpFile);
    try {
      const client = createMeiliClient(restored.url, server.masterKey);
      expect((await client.index(INDEX).getStats()).numberOfDocuments).toBe(documents);
      expect((await client.index(INDEX).search('', { limit: 1 })).hits).toHaveLength(1);
    } finally {
      restored.child.kill('SIGTERM');
      await restored.exited;
    }
  }, 120_000);

  it('names the server for a dump that is not on this machine', async () => {
    const backup = await createBackup(createMeiliClient(server.url, server.masterKey), { serverUrl: 'https://search.example.org' });
    expect(backup.file).toBeUndefined();
    expect(backup.location).toBe(
      `${backup.dumpUid}.dump in the dump directory of the Meilisearch at https://search.example.org (its --dump-dir / MEILI_DUMP_DIR, by default dumps/ beside its data)`,
    );
  });
});
