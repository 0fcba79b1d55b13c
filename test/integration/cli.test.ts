/** The `lede` command as a user runs it: a child process, real files, a real Meilisearch. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createMeiliClient } from '../../src/meili/client.ts';
import { startManagedMeili, type ManagedMeili } from '../../src/meili/managed.ts';
import { hasSharedData, sharedPath } from '../support/shared-data.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LEDE = path.join(ROOT, 'bin/lede.mjs');
const SEED = sharedPath('seeds/000_864c1a667223b0e1.txt');
const haveSeed = hasSharedData(SEED);
const run = promisify(execFile);

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function lede(args: string[], env: NodeJS.ProcessEnv = {}, cwd = dir): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, [LEDE, ...args], {
      cwd,
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'], ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lede-cli-'));
  writeFileSync(
    path.join(dir, 'good.txt'),
    'Harbour reopens after storm\n\nThe harbour reopened on Monday.\n\nFishing boats left at dawn.\n',
  );
  writeFileSync(path.join(dir, 'bad.json'), '{"title": "broken');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!haveSeed)('lede extract', () => {
  it('prints one NDJSON line per article with every document field and its input, exit 0', async () => {
    const { code, stdout, stderr } = await lede(['extract', SEED, path.join(dir, 'good.txt')]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    for (const field of [
      'id',
      'url',
      'source',
      'title',
      'standfirst',
      'body',
      'authors',
      'publishedAt',
      'publishedTs',
      'language',
      'countries',
      'persons',
      'organizations',
      'topics',
      'input',
    ]) {
      expect(lines[0]).toHaveProperty(field);
    }
    expect(lines[0]!['input']).toBe(SEED);
    expect(lines[0]!['persons']).toEqual(expect.arrayContaining(['Gaby Portnoy', 'Edi Rama', 'Yair Lapid']));
  });

  it('reports problems as NDJSON on stderr and exits 1 when some inputs failed', async () => {
    const { code, stdout, stderr } = await lede([
      'extract',
      path.join(dir, 'good.txt'),
      path.join(dir, 'bad.json'),
      path.join(dir, 'missing.txt'),
    ]);
    expect(code).toBe(1);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const problems = stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { input: string; code: string; message: string });
    expect(problems.map((p) => p.code).sort()).toEqual(['invalid-json', 'not-found']);
    expect(problems.every((p) => p.input && p.message)).toBe(true);
  });

  it('explains every facet value with its mentions and rule', async () => {
    const { code, stdout } = await lede(['extract', '--explain', SEED]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Albania\s+← .*"Tirana"/);
    expect(stdout).toMatch(/Gaby Portnoy\s+← .*"Portnoy"/);
    expect(stdout).toMatch(/cybersecurity\s+← /);
  });

  it('exits 2 on bad usage', async () => {
    expect((await lede(['extract'])).code).toBe(2);
    expect((await lede(['frobnicate'])).code).toBe(2);
    expect((await lede(['ingest', '--concurrency', '0', 'x'])).code).toBe(2);
  });
});

describe.skipIf(!haveSeed)('lede ingest', () => {
  let server: ManagedMeili;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'lede-cli-meili-'));
    server = await startManagedMeili({ bin: inject('meiliBin'), dataDir, port: 0 });
  });
  afterAll(async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reaches the Meilisearch that another Lede process runs on the same data dir, and re-ingesting changes nothing', async () => {
    const env = { MEILI_DATA_DIR: dataDir, LEDE_INDEX: 'cli_reuse' };
    const first = await lede(['ingest', SEED, path.join(dir, 'good.txt')], env);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(`Using the Meilisearch already running on ${server.url}`);
    expect(first.stderr).toMatch(/Read 2 articles, indexed 2, failed 0/);
    expect(first.stderr + first.stdout).not.toContain(server.masterKey);

    const second = await lede(['ingest', SEED, path.join(dir, 'good.txt')], env);
    expect(second.code).toBe(0);
    const stats = await createMeiliClient(server.url, server.masterKey).index('cli_reuse').getStats();
    expect(stats.numberOfDocuments).toBe(2);
  });
});
