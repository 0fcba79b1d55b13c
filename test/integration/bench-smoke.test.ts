/**
 * Keeps the benchmark suite working: the whole of `npm run bench` at a tiny size (200 articles,
 * 1-second load runs) into a temp results folder. Figures are not checked, only that every
 * part ran and wrote its results; real measurements are `npm run bench`, never `npm test`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CORPUS } from '../../bench/synth.ts';
import { parseOptions, runBench } from '../../bench/run.ts';
import type { BenchResults } from '../../bench/results.ts';
import { hasSharedData } from '../support/shared-data.ts';

const corpus = process.env['LEDE_BBC_DEV'] ?? DEFAULT_CORPUS;
const out = mkdtempSync(path.join(os.tmpdir(), 'lede-bench-smoke-'));

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe.skipIf(!hasSharedData(corpus))('npm run bench (smoke, 200 articles)', () => {
  it('measures formats, ingest, memory, the API against Meilisearch, export, query language, batch, alerts and commands, and writes the JSON and the table', async () => {
    const options = parseOptions([
      '--size',
      '200',
      '--duration',
      '1',
      '--rounds',
      '1',
      '--connections',
      '2',
      '--queries',
      '20',
      '--format-sample',
      '30',
      '--batch-size',
      '50',
      '--batch-queries',
      '20',
      '--cli-runs',
      '1',
      '--story-size',
      '120',
      '--story-saved',
      '20',
      '--out',
      out,
    ]);
    const lines: string[] = [];
    const result = await runBench({ ...options, log: (line) => lines.push(line) });

    expect(result.size).toBe(200);
    expect(result.formats?.map((f) => [f.format, f.articles])).toEqual([
      ['txt', 30],
      ['html', 30],
      ['json', 30],
      ['ndjson', 30],
      ['rss', 30],
    ]);
    expect(result.ingest?.pipeline.articles).toBe(200);
    expect(result.ingest?.endToEnd.ratio).toBeGreaterThan(0);
    expect(result.index?.documents).toBe(200);
    expect(result.memory?.map((m) => m.mode)).toEqual(['pipeline', 'index']);
    expect(result.api?.runs.map((r) => r.load)).toEqual(['latency', 'throughput']);
    for (const run of result.api?.runs ?? []) {
      expect(run.lede.errors).toBe(0);
      expect(run.meili.errors).toBe(0);
      expect(run.lede.requests).toBeGreaterThan(0);
    }
    for (const run of result.api?.runs ?? []) expect(run.apiRss?.peakMB).toBeGreaterThan(0);
    expect(result.export?.map((e) => [e.format, e.articles])).toEqual([
      ['ndjson', 200],
      ['csv', 200],
    ]);
    expect(result.queryLanguage?.or.requests).toBeGreaterThan(0);
    expect(result.queryLanguage?.plain.errors).toBe(0);
    expect(result.queryLanguage?.or.errors).toBe(0);
    expect(result.batch).toMatchObject({ queries: 20, rows: 20 });
    expect(result.story).toMatchObject({ articles: 120, savedSearches: 20, abBatches: 2 });
    expect(result.story?.ratio).toBeGreaterThan(0);
    expect(result.cli?.helpSeconds).toBeGreaterThan(0);
    expect(result.cli?.extractSeconds).toBeGreaterThan(0);
    expect(result.cli?.startRunningMeiliSeconds).toBeGreaterThan(0);
    expect(result.cli?.startSeconds).toBeGreaterThan(0);
    expect(lines.some((line) => line.startsWith('Machine: '))).toBe(true);

    const saved = JSON.parse(readFileSync(path.join(out, '200.json'), 'utf8')) as BenchResults;
    expect(saved.targets.length).toBeGreaterThan(5);
    expect(readFileSync(path.join(out, 'README.md'), 'utf8')).toContain('| Measure | 200 | Target |');
  }, 300_000);
});
