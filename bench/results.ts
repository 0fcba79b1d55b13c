/**
 * The results file of one benchmark size (bench/results/<size>.json), the targets it is judged
 * against, and the markdown table built from every results file that exists.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BatchResults } from './batch-load.ts';
import type { StoryResults } from './story-section.ts';
import type { CliResults } from './cli-timing.ts';
import type { ExportRun } from './export-load.ts';
import type { FormatResult } from './formats.ts';
import type { LoadResult } from './load.ts';
import type { MachineInfo } from './machine.ts';
import type { ProfileSummary } from './profile.ts';
import type { QueryLanguageResults } from './query-language.ts';

export interface ApiRun {
  /** `latency`: one connection (no queueing); `throughput`: the load's connections. */
  load: 'latency' | 'throughput';
  connections: number;
  durationSec: number;
  meili: LoadResult;
  lede: LoadResult;
  /** Lede ÷ Meilisearch: latencies (lower is better) and requests/s (higher is better). */
  ratios: { p50: number; p99: number; throughput: number };
  /** One plain Meilisearch search per query asking the facets shown (no disjunctive counts): the floor. */
  direct?: LoadResult;
  /** Lede ÷ that direct search. */
  directRatios?: { p50: number; p99: number; throughput: number };
  /** Lede's search page (GET /?…: the query, the shown facets, the timeline, HTML). */
  page?: LoadResult;
  /** RSS of the API child (MB): before the run's loads, and the highest reading during its loads of Lede (API and page). */
  apiRss?: { baselineMB: number; peakMB: number };
}

export interface MemoryRun {
  /** `index`: full ingest into Meilisearch; `pipeline`: parse + normalise + enrich into a null sink. */
  mode: 'index' | 'pipeline';
  /** Articles in the input file. */
  inputArticles: number;
  /** Articles processed (fewer than the input when the run was time-boxed). */
  articles: number;
  seconds: number;
  peakRssMB: number;
  rssSamples: Array<{ articles: number; rssMB: number }>;
  truncated: boolean;
}

export interface IngestResults {
  batchSize: number;
  /** The whole corpus (NDJSON) through parse + normalise + enrich, prepared documents written out. */
  pipeline: { articles: number; seconds: number; articlesPerSec: number; megabytesPerSec: number; cpuSeconds: number; peakRssMB: number };
  /** The prepared documents sent with addDocuments (same batch size and batches in flight as the sink, tasks awaited). */
  bare: { seconds: number; documentsPerSec: number; meiliBusySeconds: number; meiliCpuSeconds: number };
  /** `ingest()` of the NDJSON corpus, in a child process. */
  endToEnd: {
    seconds: number;
    documentsPerSec: number;
    /** endToEnd.seconds ÷ bare.seconds. */
    ratio: number;
    /** Share of wall time the ingester's event loop worked; the rest it waited. */
    ingesterBusyFraction: number;
    ingesterWorkingSeconds: number;
    ingesterWaitingSeconds: number;
    cpuSeconds: number;
    /** Time Meilisearch spent processing the run's indexing tasks (union of task intervals). */
    meiliBusySeconds: number;
    /** CPU seconds Meilisearch used during the run (all its threads). */
    meiliCpuSeconds: number;
    peakRssMB: number;
  };
}

export interface BenchResults {
  version: 1;
  size: number;
  seed: number;
  date: string;
  machine: MachineInfo;
  /** generateSeconds is absent when the corpus was reused (--reuse) with no earlier results of the size. */
  corpus: { articles: number; megabytes: number; generateSeconds?: number };
  /** The work dir reused (--reuse): the ingest and index figures are those of the run that made it. */
  reused?: string;
  /** How the reused index was built, when bench/scale-build.ts built it (its build.json). */
  build?: ScaleBuild;
  formats?: FormatResult[];
  ingest?: IngestResults;
  index?: { documents: number; indexSizeMB: number; usedIndexSizeMB: number; dataDirMB: number };
  memory?: MemoryRun[];
  api?: {
    /** Distinct queries in the mix (cycled by every connection). */
    queries: number;
    /** Average searches per multi-search (main query + disjunctive facet queries). */
    searchesPerRequest: number;
    compared: string;
    runs: ApiRun[];
    /** Where the API server's CPU went under load (`--cpu-prof`, a separate run), when profiled. */
    profile?: ProfileSummary;
  };
  /** GET /api/export of every article, NDJSON and CSV (issue 13). */
  export?: ExportRun[];
  /** `(a OR b OR c)` against `a` through /api/search (issue 13). */
  queryLanguage?: QueryLanguageResults;
  /** POST /api/batch of the bench mix's query strings (issue 14). */
  batch?: BatchResults;
  /** Ingest with the alert loop running ÷ without, on bench/story.ts's own archive (issue 14). */
  story?: StoryResults;
  /** Wall times of `lede --help`, `lede extract` and `npm start` (issue 15). */
  cli?: CliResults;
  targets: Target[];
  notes: string[];
}

/** bench/scale-build.ts's build.json: an index built from a kept run's prepared documents, time-boxed. */
export interface ScaleBuild {
  copies: number;
  documents: number;
  timedOut: boolean;
  wallSeconds: number;
  meiliCpuSeconds: number;
  databaseGB: number;
  documentsPerSecond: number;
}

export interface Target {
  name: string;
  target: string;
  measured: string;
  /** null: not measured in this run. */
  pass: boolean | null;
}

const fmt = (value: number, digits = 2) => (Number.isFinite(value) ? String(Math.round(value * 10 ** digits) / 10 ** digits) : 'n/a');

/** Sizes from which the absolute targets stated "at 100k" are judged. */
export const TARGET_SIZE = 100_000;
/** Sizes judged by the 1M targets (a time-boxed build may stop short of a million). */
export const MILLION_RUN_SIZE = 500_000;

/**
 * The targets, judged on what this run measured: issue 15's (the page's search at 100k, Lede's
 * overhead over Meilisearch, ingest, the API's memory, the commands' wall times), issue 13's
 * (export, query language), issue 14's (batch search) and issue 6's ingester memory. Absolute
 * targets stated for 100k articles are judged from TARGET_SIZE up; ratios at every size.
 */
export function evaluateTargets(r: Omit<BenchResults, 'targets'>): Target[] {
  const targets: Target[] = [];
  const at100k = r.size >= TARGET_SIZE;
  // The time-boxed "1M" run (bench/scale-build.ts) may stop short of a million: its own targets.
  const atMillion = r.size >= MILLION_RUN_SIZE;
  const check = (name: string, target: string, measured: string, value: number, pass: (v: number) => boolean) =>
    targets.push({ name, target, measured, pass: Number.isFinite(value) ? pass(value) : null });
  for (const run of r.api?.runs ?? []) {
    const at = `${run.connections} conn.`;
    const page = run.page;
    if (atMillion && page && run.load === 'latency') {
      check(`Page's search p50 at ${r.size} articles (${at})`, '≤ 50 ms', `${fmt(page.p50Ms)} ms`, page.p50Ms, (v) => v <= 50);
      check(`Page's search p99 at ${r.size} articles (${at})`, '≤ 250 ms', `${fmt(page.p99Ms)} ms`, page.p99Ms, (v) => v <= 250);
    } else if (at100k && page && run.load === 'latency') {
      check(
        `Page's search (query + shown facets + timeline) p50 at ${r.size} articles (${at})`,
        '≤ 20 ms',
        `${fmt(page.p50Ms)} ms`,
        page.p50Ms,
        (v) => v <= 20,
      );
      check(`Page's search p99 at ${r.size} articles (${at})`, '≤ 80 ms', `${fmt(page.p99Ms)} ms`, page.p99Ms, (v) => v <= 80);
    }
    if (at100k && !atMillion && page && run.load === 'throughput') {
      check(
        `Page's search requests/s at ${r.size} articles (${at})`,
        '≥ 100',
        fmt(page.requestsPerSec, 0),
        page.requestsPerSec,
        (v) => v >= 100,
      );
      check(`Page's search p99 at ${r.size} articles (${at})`, '≤ 250 ms', `${fmt(page.p99Ms)} ms`, page.p99Ms, (v) => v <= 250);
    }
    check(`API p50 vs Meilisearch, identical body (${at})`, '≤ 1.10×', `${fmt(run.ratios.p50)}×`, run.ratios.p50, (v) => v <= 1.1);
    check(`API p99 vs Meilisearch, identical body (${at})`, '≤ 1.2×', `${fmt(run.ratios.p99)}×`, run.ratios.p99, (v) => v <= 1.2);
    check(
      `API requests/s vs Meilisearch, identical body (${at})`,
      '≥ 0.9×',
      `${fmt(run.ratios.throughput)}×`,
      run.ratios.throughput,
      (v) => v >= 0.9,
    );
    if (run.directRatios) {
      check(
        `API p50 vs one Meilisearch search with the shown facets (${at})`,
        '≤ 1.2×',
        `${fmt(run.directRatios.p50)}×`,
        run.directRatios.p50,
        (v) => v <= 1.2,
      );
    }
    if (run.load === 'throughput' && run.apiRss) {
      check(`API RSS under load (${at})`, '≤ 150 MB', `${fmt(run.apiRss.peakMB, 0)} MB`, run.apiRss.peakMB, (v) => v <= 150);
    }
  }
  if (r.ingest) {
    const e = r.ingest.endToEnd;
    check(
      'End-to-end ingest throughput',
      '≥ 500 articles/s',
      `${fmt(e.documentsPerSec, 0)} articles/s`,
      e.documentsPerSec,
      (v) => v >= 500,
    );
    check('End-to-end ingest vs bare addDocuments', '≤ 1.2×', `${fmt(e.ratio)}×`, e.ratio, (v) => v <= 1.2);
  }
  for (const m of r.memory ?? []) {
    check(
      `Ingester peak RSS, ${m.mode === 'index' ? 'indexing' : 'null sink'}, ${m.articles} articles${m.truncated ? ` of ${m.inputArticles}` : ''}`,
      '< 300 MB',
      `${fmt(m.peakRssMB, 0)} MB`,
      m.peakRssMB,
      (v) => v < 300,
    );
  }
  const ndjson = r.export?.find((x) => x.format === 'ndjson');
  if (ndjson && at100k) {
    check(
      `Export of ${ndjson.articles} articles as NDJSON`,
      '≥ 5,000 articles/s',
      `${fmt(ndjson.articlesPerSec, 0)} articles/s`,
      ndjson.articlesPerSec,
      (v) => v >= 5000,
    );
  }
  for (const run of at100k ? (r.export ?? []) : []) {
    check(
      `API RSS growth during the ${run.format.toUpperCase()} export`,
      '< +50 MB',
      `+${fmt(run.rssGrowthMB, 0)} MB (${fmt(run.baselineRssMB, 0)} → ${fmt(run.peakRssMB, 0)})`,
      run.rssGrowthMB,
      (v) => v < 50,
    );
  }
  if (r.queryLanguage) {
    const q = r.queryLanguage;
    check('Three-branch OR query p50 vs the plain query', '≤ 2×', `${fmt(q.ratios.p50)}×`, q.ratios.p50, (v) => v <= 2);
    check('Three-branch OR query p99 vs the plain query', '≤ 2×', `${fmt(q.ratios.p99)}×`, q.ratios.p99, (v) => v <= 2);
  }
  if (r.batch && at100k) {
    check(
      `Batch search of ${r.batch.queries} queries over ${r.size} articles`,
      '< 60 s',
      `${fmt(r.batch.seconds, 1)} s`,
      r.batch.seconds,
      (v) => v < 60,
    );
  }
  if (r.story?.ratio != null) {
    check(
      `Ingest with ${r.story.savedSearches} saved searches checked against every batch ÷ without (archive of ${r.story.articles})`,
      '≤ 1.20×',
      `${fmt(r.story.ratio)}×`,
      r.story.ratio,
      (v) => v <= 1.2,
    );
  }
  if (r.cli) {
    check('`lede --help` wall time', '≤ 0.25 s', `${fmt(r.cli.helpSeconds)} s`, r.cli.helpSeconds, (v) => v <= 0.25);
    check('`lede extract one.txt` wall time', '≤ 0.5 s', `${fmt(r.cli.extractSeconds)} s`, r.cli.extractSeconds, (v) => v <= 0.5);
    if (r.cli.startSeconds !== undefined) {
      check(
        `\`npm start\` to ready on the existing ${r.size}-article index`,
        '≤ 1.5 s',
        `${fmt(r.cli.startSeconds)} s`,
        r.cli.startSeconds,
        (v) => v <= 1.5,
      );
    }
  }
  return targets;
}

/** Every results file in `dir` (named <size>.json), smallest size first. */
export function readAllResults(dir: string): BenchResults[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^\d+\.json$/.test(f))
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as BenchResults)
    .sort((a, b) => a.size - b.size);
}

const sizeLabel = (size: number) =>
  size >= 1_000_000 && size % 1_000_000 === 0
    ? `${size / 1_000_000}M`
    : size >= 1000 && size % 1000 === 0
      ? `${size / 1000}k`
      : String(size);

type Row = [label: string, cell: (r: BenchResults) => string | undefined, target?: string];

function apiRows(load: ApiRun['load']): Row[] {
  const run = (r: BenchResults) => r.api?.runs.find((x) => x.load === load);
  const label = load === 'latency' ? '1 connection' : 'under load';
  const conn = (r: BenchResults) => run(r)?.connections;
  return [
    [`API ${label}: connections`, (r) => (conn(r) === undefined ? undefined : String(conn(r)))],
    [`Meilisearch multi-search p50 / p99 (ms)`, (r) => run(r) && `${fmt(run(r)!.meili.p50Ms)} / ${fmt(run(r)!.meili.p99Ms)}`],
    [`Lede /api/search p50 / p99 (ms)`, (r) => run(r) && `${fmt(run(r)!.lede.p50Ms)} / ${fmt(run(r)!.lede.p99Ms)}`],
    [`Meilisearch / Lede requests/s`, (r) => run(r) && `${fmt(run(r)!.meili.requestsPerSec, 0)} / ${fmt(run(r)!.lede.requestsPerSec, 0)}`],
    [
      `Lede ÷ Meilisearch (identical body) p50 / p99 / req/s`,
      (r) => run(r) && `${fmt(run(r)!.ratios.p50)} / ${fmt(run(r)!.ratios.p99)} / ${fmt(run(r)!.ratios.throughput)}`,
      '≤ 1.10 / ≤ 1.2 / ≥ 0.9',
    ],
    [
      `Meilisearch one search, shown facets, p50 / p99 (ms)`,
      (r) => run(r)?.direct && `${fmt(run(r)!.direct!.p50Ms)} / ${fmt(run(r)!.direct!.p99Ms)}`,
    ],
    [
      `Lede ÷ that one search p50 / p99 / req/s`,
      (r) =>
        run(r)?.directRatios &&
        `${fmt(run(r)!.directRatios!.p50)} / ${fmt(run(r)!.directRatios!.p99)} / ${fmt(run(r)!.directRatios!.throughput)}`,
      '≤ 1.2 (p50)',
    ],
    [
      `Lede page's search (GET /: query + shown facets + timeline) p50 / p99 (ms), req/s`,
      (r) => run(r)?.page && `${fmt(run(r)!.page!.p50Ms)} / ${fmt(run(r)!.page!.p99Ms)}, ${fmt(run(r)!.page!.requestsPerSec, 0)}`,
      load === 'latency' ? '100k: ≤ 20 / ≤ 80' : '100k: p99 ≤ 250, ≥ 100 req/s',
    ],
    [
      `API process RSS before / peak during the loads (MB)`,
      (r) => run(r)?.apiRss && `${fmt(run(r)!.apiRss!.baselineMB, 0)} / ${fmt(run(r)!.apiRss!.peakMB, 0)}`,
      load === 'throughput' ? 'peak ≤ 150' : undefined,
    ],
  ];
}

function exportRow(format: 'ndjson' | 'csv'): Row {
  return [
    `Export, ${format === 'ndjson' ? 'NDJSON' : 'CSV'}, every article (articles/s, MB/s; API RSS before → peak, MB)`,
    (r) => {
      const x = r.export?.find((e) => e.format === format);
      return (
        x &&
        `${fmt(x.articlesPerSec, 0)}, ${fmt(x.megabytesPerSec, 1)} (${x.articles} in ${fmt(x.seconds, 1)} s); ${fmt(x.baselineRssMB, 0)} → ${fmt(x.peakRssMB, 0)} (+${fmt(x.rssGrowthMB, 0)})`
      );
    },
    format === 'ndjson' ? '100k: ≥ 5,000; < +50 MB' : '100k: < +50 MB',
  ];
}

const extraRows: Row[] = [
  exportRow('ndjson'),
  exportRow('csv'),
  [
    'Plain query `a` / `(a OR b OR c)` p50 (ms), 1 connection',
    (r) => r.queryLanguage && `${fmt(r.queryLanguage.plain.p50Ms)} / ${fmt(r.queryLanguage.or.p50Ms)}`,
  ],
  [
    'Plain query `a` / `(a OR b OR c)` p99 (ms), 1 connection',
    (r) => r.queryLanguage && `${fmt(r.queryLanguage.plain.p99Ms)} / ${fmt(r.queryLanguage.or.p99Ms)}`,
  ],
  [
    'OR query ÷ plain query p50 / p99',
    (r) => r.queryLanguage && `${fmt(r.queryLanguage.ratios.p50)} / ${fmt(r.queryLanguage.ratios.p99)}`,
    '≤ 2',
  ],
  [
    'Batch search, POST /api/batch (queries, s)',
    (r) => r.batch && `${r.batch.queries}, ${fmt(r.batch.seconds, 1)} s`,
    '100k: 1,000 in < 60 s',
  ],
  [
    'Ingest with the alert loop of 1,000 saved searches ÷ without (alert round after a batch, s)',
    (r) => r.story && `${fmt(r.story.ratio ?? Number.NaN)}× (${r.story.roundAfterBatchSeconds.map((s) => fmt(s, 1)).join(', ')} s)`,
    '≤ 1.20',
  ],
  ['`lede --help` wall (s, median)', (r) => r.cli && fmt(r.cli.helpSeconds), '≤ 0.25'],
  ['`lede extract one.txt` wall (s, median)', (r) => r.cli && fmt(r.cli.extractSeconds), '≤ 0.5'],
  [
    '`npm start` to ready on the existing index (s, median)',
    (r) => (r.cli?.startSeconds !== undefined ? fmt(r.cli.startSeconds) : undefined),
    '≤ 1.5',
  ],
  [
    '`npm start` to ready, Meilisearch already running (s, median)',
    (r) => (r.cli?.startRunningMeiliSeconds !== undefined ? fmt(r.cli.startRunningMeiliSeconds) : undefined),
  ],
];

/** The markdown table of all sizes measured so far (one column per size). */
export function markdownTable(all: BenchResults[]): string {
  if (all.length === 0) return '_No results yet: run `npm run bench`._\n';
  const rows: Row[] = [
    ['Corpus (articles / MB NDJSON)', (r) => `${r.corpus.articles} / ${fmt(r.corpus.megabytes, 0)}`],
    ...(['txt', 'html', 'json', 'ndjson', 'rss'] as const).map(
      (format): Row => [
        `Parse + normalise + enrich, ${format} (articles/s, MB/s)`,
        (r) => {
          const f = r.formats?.find((x) => x.format === format);
          return f && `${fmt(f.articlesPerSec, 0)}, ${fmt(f.megabytesPerSec)} (parse only ${fmt(f.parseOnlyArticlesPerSec, 0)})`;
        },
      ],
    ),
    ['Whole corpus through the pipeline (articles/s)', (r) => r.ingest && fmt(r.ingest.pipeline.articlesPerSec, 0)],
    [
      'Bare addDocuments of prepared docs (s, docs/s)',
      (r) => r.ingest && `${fmt(r.ingest.bare.seconds, 1)} s, ${fmt(r.ingest.bare.documentsPerSec, 0)}`,
    ],
    [
      'End-to-end ingest (s, docs/s)',
      (r) => r.ingest && `${fmt(r.ingest.endToEnd.seconds, 1)} s, ${fmt(r.ingest.endToEnd.documentsPerSec, 0)}`,
      '≥ 500 docs/s',
    ],
    ['End-to-end ÷ bare', (r) => r.ingest && `${fmt(r.ingest.endToEnd.ratio)}×`, '≤ 1.2×'],
    [
      'Ingester working / waiting (s)',
      (r) => r.ingest && `${fmt(r.ingest.endToEnd.ingesterWorkingSeconds, 1)} / ${fmt(r.ingest.endToEnd.ingesterWaitingSeconds, 1)}`,
    ],
    [
      'Meilisearch busy during end-to-end / bare (s)',
      (r) => r.ingest && `${fmt(r.ingest.endToEnd.meiliBusySeconds, 1)} / ${fmt(r.ingest.bare.meiliBusySeconds, 1)}`,
    ],
    [
      'Meilisearch idle, waiting for the ingester (s)',
      (r) => r.ingest && fmt(Math.max(0, r.ingest.endToEnd.seconds - r.ingest.endToEnd.meiliBusySeconds), 1),
    ],
    [
      'CPU (s): ingester / Meilisearch end-to-end; Meilisearch bare',
      (r) =>
        r.ingest &&
        `${fmt(r.ingest.endToEnd.cpuSeconds, 1)} / ${fmt(r.ingest.endToEnd.meiliCpuSeconds, 1)}; ${fmt(r.ingest.bare.meiliCpuSeconds, 1)}`,
    ],
    ['Index size on disk (MB)', (r) => r.index && `${fmt(r.index.indexSizeMB, 0)} (data dir ${fmt(r.index.dataDirMB, 0)})`],
    [
      'Index built by bench/scale-build.ts: documents, wall / Meilisearch CPU (s), size (GB)',
      (r) =>
        r.build &&
        `${r.build.documents}${r.build.timedOut ? ' (time box)' : ''}, ${fmt(r.build.wallSeconds, 0)} / ${fmt(r.build.meiliCpuSeconds, 0)} s, ${fmt(r.build.databaseGB, 1)} GB`,
    ],
    [
      'Ingester peak RSS (MB)',
      (r) =>
        r.memory
          ?.map(
            (m) =>
              `${fmt(m.peakRssMB, 0)} (${m.mode === 'index' ? 'indexing' : 'null sink'}, ${sizeLabel(m.articles)}${m.truncated ? ` of ${sizeLabel(m.inputArticles)}` : ''})`,
          )
          .join('; '),
      '< 300',
    ],
    ...apiRows('latency'),
    ...apiRows('throughput'),
    ...extraRows,
  ];
  const columns = all.map((r) => sizeLabel(r.size));
  const lines = [`| Measure | ${columns.join(' | ')} | Target |`, `|---|${columns.map(() => '---').join('|')}|---|`];
  for (const [label, cell, target] of rows) {
    const cells = all.map((r) => cell(r) ?? '–');
    if (cells.every((c) => c === '–')) continue;
    lines.push(`| ${label} | ${cells.join(' | ')} | ${target ?? ''} |`);
  }
  const machines = all.map(
    (r) =>
      `- ${sizeLabel(r.size)}: ${r.date.slice(0, 16).replace('T', ' ')} UTC, ${r.machine.cpu}, ${r.machine.cores} cores, Node ${r.machine.node}, Meilisearch ${r.machine.meilisearch}, load average ${r.machine.loadAverage} at start${r.reused ? ' (API-side sections on an index reused from an earlier run: --reuse)' : ''}`,
  );
  const verdicts = all.flatMap((r) =>
    r.targets.map(
      (t) =>
        `| ${sizeLabel(r.size)} | ${t.name} | ${t.target} | ${t.measured} | ${t.pass === null ? '–' : t.pass ? 'met' : '**missed**'} |`,
    ),
  );
  return [
    lines.join('\n'),
    '',
    'Runs:',
    ...machines,
    '',
    '| Size | Target | Wanted | Measured | |',
    '|---|---|---|---|---|',
    ...verdicts,
    '',
  ].join('\n');
}

/** Writes bench/results/README.md from every results file in `dir`. */
/** Everything after this line of the results README is written by hand and kept by writeResultsReadme. */
export const NOTES_MARKER = '<!-- Notes below are written by hand; npm run bench keeps them. -->';

export function writeResultsReadme(dir: string): string {
  const table = markdownTable(readAllResults(dir));
  const file = path.join(dir, 'README.md');
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const notes = old.includes(NOTES_MARKER) ? old.slice(old.indexOf(NOTES_MARKER)) : '';
  const text = `# Benchmark results

Written by \`npm run bench\` (bench/run.ts) from the \`<size>.json\` files in this folder; one column
per corpus size measured. What each line measures: docs/performance.md. Numbers from a shared
2-core machine are noisy: compare sizes and ratios within a run rather than single figures.

${table}${notes ? `\n${notes}` : ''}`;
  writeFileSync(file, text);
  return table;
}
