/**
 * The results file of one benchmark size (bench/results/<size>.json), the targets it is judged
 * against, and the markdown table built from every results file that exists.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FormatResult } from './formats.ts';
import type { LoadResult } from './load.ts';
import type { MachineInfo } from './machine.ts';
import type { ProfileSummary } from './profile.ts';

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
  /** Lede's search page (GET /?…: facets, timeline, HTML). */
  page?: LoadResult;
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
  /** The prepared documents sent with addDocuments (same batch size, 2 batches in flight, tasks awaited). */
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
  corpus: { articles: number; megabytes: number; generateSeconds: number };
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
  targets: Target[];
  notes: string[];
}

export interface Target {
  name: string;
  target: string;
  measured: string;
  /** null: not measured in this run. */
  pass: boolean | null;
}

const fmt = (value: number, digits = 2) => (Number.isFinite(value) ? String(Math.round(value * 10 ** digits) / 10 ** digits) : 'n/a');

/** The targets of issue 6, judged on what this run measured. */
export function evaluateTargets(r: Omit<BenchResults, 'targets'>): Target[] {
  const targets: Target[] = [];
  for (const run of r.api?.runs ?? []) {
    const at = `${run.connections} conn.`;
    targets.push(
      { name: `API p50 vs Meilisearch (${at})`, target: '≤ 1.15×', measured: `${fmt(run.ratios.p50)}×`, pass: run.ratios.p50 <= 1.15 },
      { name: `API p99 vs Meilisearch (${at})`, target: '≤ 1.3×', measured: `${fmt(run.ratios.p99)}×`, pass: run.ratios.p99 <= 1.3 },
      {
        name: `API requests/s vs Meilisearch (${at})`,
        target: '≥ 0.85×',
        measured: `${fmt(run.ratios.throughput)}×`,
        pass: run.ratios.throughput >= 0.85,
      },
    );
    if (r.size >= 100_000) {
      targets.push(
        {
          name: `API p50 at ${r.size} articles (${at})`,
          target: '< 20 ms',
          measured: `${fmt(run.lede.p50Ms)} ms`,
          pass: run.lede.p50Ms < 20,
        },
        {
          name: `API p99 at ${r.size} articles (${at})`,
          target: '< 100 ms',
          measured: `${fmt(run.lede.p99Ms)} ms`,
          pass: run.lede.p99Ms < 100,
        },
      );
    }
  }
  if (r.ingest) {
    const e = r.ingest.endToEnd;
    targets.push({ name: 'End-to-end ingest vs bare addDocuments', target: '≤ 1.2×', measured: `${fmt(e.ratio)}×`, pass: e.ratio <= 1.2 });
  }
  for (const m of r.memory ?? []) {
    targets.push({
      name: `Ingester peak RSS, ${m.mode === 'index' ? 'indexing' : 'null sink'}, ${m.articles} articles${m.truncated ? ` of ${m.inputArticles}` : ''}`,
      target: '< 300 MB',
      measured: `${fmt(m.peakRssMB, 0)} MB`,
      pass: m.peakRssMB < 300,
    });
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
    [`Lede /api/search p50 / p99 (ms)`, (r) => run(r) && `${fmt(run(r)!.lede.p50Ms)} / ${fmt(run(r)!.lede.p99Ms)}`, '100k: < 20 / < 100'],
    [`Meilisearch / Lede requests/s`, (r) => run(r) && `${fmt(run(r)!.meili.requestsPerSec, 0)} / ${fmt(run(r)!.lede.requestsPerSec, 0)}`],
    [
      `Lede ÷ Meilisearch p50 / p99 / req/s`,
      (r) => run(r) && `${fmt(run(r)!.ratios.p50)} / ${fmt(run(r)!.ratios.p99)} / ${fmt(run(r)!.ratios.throughput)}`,
      '≤ 1.15 / ≤ 1.3 / ≥ 0.85',
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
    ],
    [`Lede page (GET /, with timeline) p50 / p99 (ms)`, (r) => run(r)?.page && `${fmt(run(r)!.page!.p50Ms)} / ${fmt(run(r)!.page!.p99Ms)}`],
  ];
}

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
      `- ${sizeLabel(r.size)}: ${r.date.slice(0, 16).replace('T', ' ')} UTC, ${r.machine.cpu}, ${r.machine.cores} cores, Node ${r.machine.node}, Meilisearch ${r.machine.meilisearch}, load average ${r.machine.loadAverage} at start`,
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
