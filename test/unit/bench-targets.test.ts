/** The benchmark's targets (bench/results.ts evaluateTargets) and the table rows of the new sections. */
import { describe, expect, it } from 'vitest';
import type { LoadResult } from '../../bench/load.ts';
import { type BenchResults, evaluateTargets, markdownTable } from '../../bench/results.ts';

const load = (p50Ms: number, p99Ms: number, requestsPerSec: number): LoadResult => ({
  requests: 100,
  requestsPerSec,
  p50Ms,
  p90Ms: p99Ms,
  p99Ms,
  meanMs: p50Ms,
  maxMs: p99Ms,
  errors: 0,
});

function results(size: number): Omit<BenchResults, 'targets'> {
  return {
    version: 1,
    size,
    seed: 1,
    date: '2026-11-29T05:00:00.000Z',
    machine: { cpu: 'cpu', cores: 2, memoryGB: 8, os: 'Linux', node: 'v20', meilisearch: '1.21.0', loadAverage: 1 },
    corpus: { articles: size, megabytes: 1 },
    api: {
      queries: 200,
      searchesPerRequest: 1.6,
      compared: '',
      runs: [
        {
          load: 'latency',
          connections: 1,
          durationSec: 30,
          meili: load(10, 40, 90),
          lede: load(10.5, 44, 85),
          ratios: { p50: 1.05, p99: 1.1, throughput: 0.94 },
          direct: load(9, 30, 100),
          directRatios: { p50: 1.17, p99: 1.47, throughput: 0.85 },
          page: load(18, 90, 50),
          apiRss: { baselineMB: 90, peakMB: 95 },
        },
        {
          load: 'throughput',
          connections: 8,
          durationSec: 30,
          meili: load(50, 200, 150),
          lede: load(60, 260, 120),
          ratios: { p50: 1.2, p99: 1.3, throughput: 0.8 },
          page: load(70, 240, 110),
          apiRss: { baselineMB: 95, peakMB: 160 },
        },
      ],
    },
    ingest: {
      batchSize: 1000,
      pipeline: { articles: size, seconds: 1, articlesPerSec: 600, megabytesPerSec: 1, cpuSeconds: 1, peakRssMB: 150 },
      bare: { seconds: 100, documentsPerSec: 1000, meiliBusySeconds: 90, meiliCpuSeconds: 100 },
      endToEnd: {
        seconds: 110,
        documentsPerSec: 450,
        ratio: 1.1,
        ingesterBusyFraction: 0.5,
        ingesterWorkingSeconds: 55,
        ingesterWaitingSeconds: 55,
        cpuSeconds: 60,
        meiliBusySeconds: 100,
        meiliCpuSeconds: 110,
        peakRssMB: 200,
      },
    },
    export: [
      {
        format: 'ndjson',
        articles: size,
        megabytes: 200,
        seconds: 10,
        articlesPerSec: 6000,
        megabytesPerSec: 20,
        baselineRssMB: 90,
        peakRssMB: 120,
        rssGrowthMB: 30,
      },
      {
        format: 'csv',
        articles: size,
        megabytes: 200,
        seconds: 25,
        articlesPerSec: 4000,
        megabytesPerSec: 8,
        baselineRssMB: 90,
        peakRssMB: 150,
        rssGrowthMB: 60,
      },
    ],
    queryLanguage: {
      queries: ['(a OR b OR c)'],
      connections: 1,
      durationSec: 30,
      plain: load(10, 30, 90),
      or: load(18, 70, 50),
      ratios: { p50: 1.8, p99: 2.33 },
    },
    batch: { queries: 1000, rows: 1000, seconds: 42, queriesPerSec: 23.8 },
    cli: {
      runs: 5,
      buildSeconds: 2,
      helpSeconds: 0.2,
      extractSeconds: 0.7,
      startSeconds: 1.2,
      startRunningMeiliSeconds: 0.8,
      samples: { help: [], extract: [], start: [], startRunningMeili: [] },
    },
    notes: [],
  };
}

const verdicts = (r: Omit<BenchResults, 'targets'>) => Object.fromEntries(evaluateTargets(r).map((t) => [t.name, t.pass]));

describe('evaluateTargets', () => {
  it("judges issue 15's targets at 100k: the page's search, Lede's overhead, ingest, API memory, commands", () => {
    const v = verdicts(results(100_000));
    expect(v["Page's search (query + shown facets + timeline) p50 at 100000 articles (1 conn.)"]).toBe(true);
    expect(v["Page's search p99 at 100000 articles (1 conn.)"]).toBe(false);
    expect(v["Page's search requests/s at 100000 articles (8 conn.)"]).toBe(true);
    expect(v["Page's search p99 at 100000 articles (8 conn.)"]).toBe(true);
    expect(v['API p50 vs Meilisearch, identical body (1 conn.)']).toBe(true);
    expect(v['API p99 vs Meilisearch, identical body (1 conn.)']).toBe(true);
    expect(v['API requests/s vs Meilisearch, identical body (1 conn.)']).toBe(true);
    expect(v['API p50 vs Meilisearch, identical body (8 conn.)']).toBe(false);
    expect(v['API requests/s vs Meilisearch, identical body (8 conn.)']).toBe(false);
    expect(v['API p50 vs one Meilisearch search with the shown facets (1 conn.)']).toBe(true);
    expect(v['API RSS under load (8 conn.)']).toBe(false);
    expect(v['End-to-end ingest throughput']).toBe(false);
    expect(v['End-to-end ingest vs bare addDocuments']).toBe(true);
    expect(v['`lede --help` wall time']).toBe(true);
    expect(v['`lede extract one.txt` wall time']).toBe(false);
    expect(v['`npm start` to ready on the existing 100000-article index']).toBe(true);
  });

  it('judges a time-boxed 1M run by its own targets (p50 ≤ 50 ms, p99 ≤ 250 ms), not by the 100k ones', () => {
    const v = verdicts(results(962_000));
    expect(v["Page's search p50 at 962000 articles (1 conn.)"]).toBe(true);
    expect(v["Page's search p99 at 962000 articles (1 conn.)"]).toBe(true);
    expect(v["Page's search (query + shown facets + timeline) p50 at 962000 articles (1 conn.)"]).toBeUndefined();
    expect(v["Page's search requests/s at 962000 articles (8 conn.)"]).toBeUndefined();
  });

  it("judges issue 14's alert cost, and shows how a scale-built index was built", () => {
    const r = {
      ...results(962_000),
      story: {
        articles: 3000,
        savedSearches: 1000,
        batchArticles: 500,
        abBatches: 8,
        ratio: 1.08,
        withSeconds: 24.7,
        withoutSeconds: 22.9,
        roundAfterBatchSeconds: [2.4, 2.5],
        idleRoundSeconds: 0.08,
      },
      build: {
        copies: 10,
        documents: 962_000,
        timedOut: true,
        wallSeconds: 4800,
        meiliCpuSeconds: 8000,
        databaseGB: 30.5,
        documentsPerSecond: 200,
      },
    };
    expect(verdicts(r)['Ingest with 1000 saved searches checked against every batch ÷ without (archive of 3000)']).toBe(true);
    const table = markdownTable([{ ...r, targets: evaluateTargets(r) }]);
    expect(table).toContain('962000 (time box), 4800 / 8000 s, 30.5 GB');
    expect(table).toContain('1.08× (2.4, 2.5 s)');
  });

  it("judges issue 13's export and query-language targets and issue 14's batch", () => {
    const v = verdicts(results(100_000));
    expect(v['Export of 100000 articles as NDJSON']).toBe(true);
    expect(v['API RSS growth during the NDJSON export']).toBe(true);
    expect(v['API RSS growth during the CSV export']).toBe(false);
    expect(v['Three-branch OR query p50 vs the plain query']).toBe(true);
    expect(v['Three-branch OR query p99 vs the plain query']).toBe(false);
    expect(v['Batch search of 1000 queries over 100000 articles']).toBe(true);
  });

  it('judges the targets stated for 100k only from 100k articles up; ratios at every size', () => {
    const names = evaluateTargets(results(2000)).map((t) => t.name);
    expect(names.some((n) => n.startsWith("Page's search"))).toBe(false);
    expect(names.some((n) => n.startsWith('Export of'))).toBe(false);
    expect(names.some((n) => n.startsWith('Batch search'))).toBe(false);
    expect(names).toContain('API p50 vs Meilisearch, identical body (1 conn.)');
    expect(names).toContain('Three-branch OR query p50 vs the plain query');
    expect(names).toContain('`lede --help` wall time');
    expect(names.some((n) => n.includes('1.15') || n.startsWith('API p50 at'))).toBe(false);
  });

  it('leaves the start-to-ready target out when it was not measured', () => {
    const r = results(100_000);
    delete r.cli!.startSeconds;
    expect(evaluateTargets(r).some((t) => t.name.startsWith('`npm start`'))).toBe(false);
  });
});

describe('markdownTable', () => {
  it('has rows for the page, the API memory, export, query language, batch and commands', () => {
    const r = results(100_000);
    const table = markdownTable([{ ...r, targets: evaluateTargets(r) }]);
    expect(table).toContain(
      "| Lede page's search (GET /: query + shown facets + timeline) p50 / p99 (ms), req/s | 18 / 90, 50 | 100k: ≤ 20 / ≤ 80 |",
    );
    expect(table).toContain('| API process RSS before / peak during the loads (MB) | 95 / 160 | peak ≤ 150 |');
    expect(table).toContain(
      '| Export, NDJSON, every article (articles/s, MB/s; API RSS before → peak, MB) | 6000, 20 (100000 in 10 s); 90 → 120 (+30) |',
    );
    expect(table).toContain('| OR query ÷ plain query p50 / p99 | 1.8 / 2.33 | ≤ 2 |');
    expect(table).toContain('| Batch search, POST /api/batch (queries, s) | 1000, 42 s | 100k: 1,000 in < 60 s |');
    expect(table).toContain('| `npm start` to ready on the existing index (s, median) | 1.2 | ≤ 1.5 |');
    expect(table).toContain('| 100k | `lede extract one.txt` wall time | ≤ 0.5 s | 0.7 s | **missed** |');
  });
});
