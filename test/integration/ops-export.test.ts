/**
 * `lede export` (the real CLI): every document, past the 1,000-hit search cap, as NDJSON on
 * stdout or in a file; `lede ingest` of that file rebuilds the same documents field for field.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ingest } from '../../ingest/ingest.ts';
import { resolvePending } from '../../ingest/ops/resolve-pending.ts';
import { applySettings } from '../../src/meili/settings.ts';
import { runLede } from '../support/lede-cli.ts';
import { testAdminClient, uniqueIndex } from '../support/meili.ts';

const SAMPLES = fileURLToPath(new URL('../../ingest/samples', import.meta.url));
const SYNTHETIC = 1_200;

const client = testAdminClient();
const source = uniqueIndex('test_export_src');
const rebuilt = uniqueIndex('test_export_copy');
let dir: string;
let sourceCount: number;

const env = (index: string) => ({ MEILI_URL: inject('meiliUrl'), MEILI_MASTER_KEY: inject('meiliKey'), LEDE_INDEX: index });

async function documentsById(index: string): Promise<Map<string, Record<string, unknown>>> {
  const docs = new Map<string, Record<string, unknown>>();
  for (let offset = 0; ; offset += 1000) {
    const page = await client.index(index).getDocuments({ offset, limit: 1000 });
    for (const doc of page.results) docs.set(String(doc['id']), doc);
    if (page.results.length < 1000) return docs;
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lede-export-'));
  // The demo samples (every format, dates from JSON-LD, feeds and inputs) and enough short
  // articles to pass the 1,000-hit cap of search.
  const synthetic = path.join(dir, 'synthetic.ndjson');
  writeFileSync(
    synthetic,
    Array.from({ length: SYNTHETIC }, (_, i) =>
      JSON.stringify({
        title: `Bulletin ${i + 1}: tide tables for the harbour`,
        body: `High water at ${i % 24}:00. Reference ${randomBytes(6).toString('hex')}.`,
        url: i % 2 ? `https://example.org/bulletins/${i + 1}` : undefined,
        publishedAt: new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString(),
        authors: i % 3 ? ['Harbour Office'] : [],
        source: 'Harbour Office',
      }),
    ).join('\n'),
  );
  await applySettings(client, source);
  const report = await ingest([SAMPLES, synthetic], { client, index: source });
  expect(report.failed).toEqual([]);
  // What `lede ingest` does after indexing (the rebuild below goes through it too).
  expect((await resolvePending(client, source)).failed).toEqual([]);
  sourceCount = (await client.index(source).getStats()).numberOfDocuments;
}, 120_000);

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await Promise.all([client.deleteIndex(source).waitTask(), client.deleteIndex(rebuilt).waitTask()]);
});

describe('lede export', () => {
  let exportFile: string;
  let outputs = '';

  it('writes every document as NDJSON to a file, past the 1,000-hit cap', async () => {
    expect(sourceCount).toBeGreaterThan(1000);
    exportFile = path.join(dir, 'export.ndjson');
    const run = await runLede(['export', '--out', exportFile], { cwd: dir, env: env(source) });
    outputs += run.stdout + run.stderr;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`Exported ${sourceCount} article(s)`);
    const lines = readFileSync(exportFile, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(sourceCount);
    expect(new Set(lines.map((line) => (JSON.parse(line) as { id: string }).id)).size).toBe(sourceCount);
  });

  it('writes the same NDJSON to stdout when no file is given', async () => {
    const run = await runLede(['export'], { cwd: dir, env: env(source) });
    outputs += run.stderr;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(readFileSync(exportFile, 'utf8'));
  });

  it('rebuilds identical documents when the export is ingested into a new index', async () => {
    const run = await runLede(['ingest', exportFile], { cwd: dir, env: env(rebuilt) });
    outputs += run.stdout + run.stderr;
    expect(run.code, run.stderr).toBe(0);
    const [before, after] = await Promise.all([documentsById(source), documentsById(rebuilt)]);
    expect(after.size).toBe(before.size);
    // Identical but for indexedTs: the ingest of the export sent them again (see docs/following-a-story.md).
    for (const [id, doc] of before) {
      const { indexedTs: _b, ...was } = doc as Record<string, unknown>;
      const { indexedTs: _c, ...now } = (after.get(id) ?? {}) as Record<string, unknown>;
      expect(now, id).toEqual(was);
    }
  }, 60_000);

  it('never prints the master key', () => {
    expect(outputs).not.toContain(inject('meiliKey'));
  });
});
