/**
 * `npm start` as a newcomer meets it: a fresh data dir, no MEILI_URL. Lede starts its own
 * Meilisearch, indexes the demo articles, serves the page and the API, and on SIGTERM stops
 * Meilisearch too (no orphan process).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort, processAlive } from '../../src/meili/managed.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let child: ChildProcess;
let dataDir: string;
let base: string;
let output = '';

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'lede-start-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, ['dist/start/main.js'], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'],
      PORT: String(port),
      MEILI_PORT: String(await freePort()),
      MEILI_DATA_DIR: path.join(dataDir, 'meili'),
      MEILI_BIN: inject('meiliBin'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in 60 s:\n${output}`)), 60_000);
    const check = setInterval(() => {
      if (output.includes('Lede is ready')) {
        clearInterval(check);
        clearTimeout(timer);
        resolve();
      }
      if (child.exitCode !== null) {
        clearInterval(check);
        clearTimeout(timer);
        reject(new Error(`exited early:\n${output}`));
      }
    }, 100);
  });
}, 90_000);

afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('indexes the demo articles and serves them through the API and the page', async () => {
    expect(output).toMatch(/indexed \d+, failed 0/);
    const api = (await (await fetch(`${base}/api/search?q=Albania+cyber`)).json()) as { hits: Array<{ persons: string[] }> };
    expect(api.hits[0]?.persons).toEqual(expect.arrayContaining(['Gaby Portnoy', 'Edi Rama']));
    const page = await (await fetch(`${base}/?q=Albania+cyber`)).text();
    expect(page).toContain('<mark>');
    expect(page).toContain('Edi Rama');
  });

  it('never shows the master key', async () => {
    const masterKey = readFileSync(path.join(dataDir, 'meili', 'master-key'), 'utf8').trim();
    const page = await (await fetch(`${base}/?q=Albania`)).text();
    const api = await (await fetch(`${base}/api/search?q=Albania`)).text();
    for (const text of [page, api, output]) expect(text).not.toContain(masterKey);
  });

  it('stops its Meilisearch on SIGTERM, leaving no orphan process', async () => {
    const { pid } = JSON.parse(readFileSync(path.join(dataDir, 'meili', 'lede-server.json'), 'utf8')) as { pid: number };
    expect(processAlive(pid)).toBe(true);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (let i = 0; i < 50 && processAlive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(processAlive(pid)).toBe(false);
  });
});
