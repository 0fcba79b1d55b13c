/**
 * `npm run bench [-- --size 100000]`: Lede side by side with Meilisearch on one machine.
 *
 * 1. A synthetic corpus (bench/synth.ts) as NDJSON in a temp dir.
 * 2. Ingest: parse + normalise + enrich throughput per format; the whole corpus through the
 *    pipeline (child process); `ingest()` end to end (child process) against a bare
 *    addDocuments of the same prepared documents; peak RSS of the ingester.
 * 3. API: one query mix sent with autocannon to Lede's /api/search (server in a child process)
 *    and, with the identical multi-search body Lede sends, to Meilisearch's /multi-search; Lede's
 *    page (GET /: query, shown facets, timeline); the API child's RSS during the loads.
 * 4. Export (issue 13): GET /api/export of every article, NDJSON and CSV, articles/s and the API
 *    child's RSS before and during (bench/export-load.ts).
 * 5. Query language (issue 13): `(a OR b OR c)` against `a` through /api/search, one connection
 *    (bench/query-language.ts).
 * 6. Batch (issue 14): POST /api/batch with 1,000 query strings of the mix (bench/batch-load.ts);
 *    story (issue 14): ingest with the alert loop of 1,000 saved searches running ÷ without, on
 *    bench/story.ts's own archive of --story-size articles (bench/story-section.ts).
 * 7. CLI (issue 15): wall times of `lede --help`, `lede extract one.txt` and `npm start` to ready
 *    on the bench index, compiled runtime (bench/cli-timing.ts); last, as it stops the bench's
 *    Meilisearch to let `npm start` start its own on the same data.
 * 8. bench/results/<size>.json and bench/results/README.md (table of every size measured).
 *
 * Options: --size N (10000), --seed N (1), --duration S (15, per load run), --connections N (8),
 * --queries N (200), --rounds N (2), --format-sample N (1000), --batch-size N (1000),
 * --batch-queries N (1000), --cli-runs N (5), --story-size N (3000), --story-saved N (1000),
 * --only formats,ingest,api,memory,export,query-language,batch,cli, --max-seconds S (time box for
 * a null-sink memory run), --out DIR (bench/results), --corpus DIR (bbc-dev), --cpu-prof, --keep,
 * --cluster, --max-values-per-facet N (experiment: override the index setting on both sides),
 * --reuse DIR: the work dir of an earlier `--keep` run (corpus.ndjson + meili/ with the
 * bench_articles index): no corpus generation, no ingest, no indexing; the size is the corpus's;
 * default sections api, export, query-language, batch, cli; the dir is never deleted.
 */
import { spawnSync } from 'node:child_process';
import { fork } from 'node:child_process';
import {
  closeSync,
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Meilisearch } from 'meilisearch';
import type { Article } from '../src/article.ts';
import { findMeiliBinary } from '../src/meili/binary.ts';
import { createMeiliClient } from '../src/meili/client.ts';
import { startManagedMeili, type ManagedMeili } from '../src/meili/managed.ts';
import { applySettings, desiredSettings } from '../src/meili/settings.ts';
import { setupIndex } from '../src/meili/setup.ts';
import { batchQueries, measureBatch } from './batch-load.ts';
import { cpuSecondsOf, serverPid } from './proc.ts';
import { measureStory } from './story-section.ts';
import { type ApiServerChild, runIngestChild, startApiServer, typeScriptExecArgv } from './children.ts';
import { measureCli } from './cli-timing.ts';
import { type ExportRun, measureExport } from './export-load.ts';
import { measureFormats, writeFormatInputs } from './formats.ts';
import { averageLoads, describeLoad, runLoad, type LoadRequest, type LoadResult } from './load.ts';
import { describeMachine, machineInfo } from './machine.ts';
import { summariseProfile } from './profile.ts';
import { rssMB, sampleRss } from './rss.ts';
import { loadRequests, queryMix, recordMeiliBodies, vocabulary, type FacetPool } from './queries.ts';
import { measureQueryLanguage, orTriples } from './query-language.ts';
import {
  evaluateTargets,
  writeResultsReadme,
  type ApiRun,
  type BenchResults,
  type IngestResults,
  type MemoryRun,
  type ScaleBuild,
} from './results.ts';
import { loadSourceMaterial, synthArticles, writeSynthNdjson } from './synth.ts';
import { SINK_BATCHES_IN_FLIGHT } from '../ingest/sink.ts';

export const SECTIONS = ['formats', 'ingest', 'api', 'memory', 'export', 'query-language', 'batch', 'story', 'cli'] as const;
export type Section = (typeof SECTIONS)[number];
/** The sections measured on a reused index (--reuse) by default: those on the API side. */
export const REUSE_SECTIONS: readonly Section[] = ['api', 'export', 'query-language', 'batch', 'story', 'cli'];
/** Sections that need the indexed corpus (and so a Meilisearch). */
const INDEX_SECTIONS: readonly Section[] = ['ingest', 'api', 'export', 'query-language', 'batch', 'cli'];
/** Word triples of the query-language comparison. */
const OR_TRIPLES = 10;

/** Largest corpus that is indexed by default; above it only the null-sink memory run is done. */
const MAX_INDEXED_SIZE = 200_000;

export interface BenchOptions {
  /** Articles in the synthetic corpus. Default: 10,000. */
  size: number;
  /** Corpus and query seed. Default: 1. */
  seed: number;
  /** Seconds per load run. Default: 15. */
  duration: number;
  /** Connections of the throughput load (the latency load uses one). Default: 8. */
  connections: number;
  /** Distinct queries in the mix. Default: 200. */
  queries: number;
  /** Load runs per target and load, alternating Meilisearch and Lede. Default: 2. */
  rounds: number;
  /** Articles per format in the format throughput test. Default: min(size, 1,000). */
  formatSample: number;
  /** Documents per addDocuments batch (ingester and bare run alike). Default: 1,000. */
  batchSize: number;
  /** What to measure. Default: all up to 200k articles, only memory above; REUSE_SECTIONS with --reuse. */
  only: Set<Section>;
  /** Queries in the batch-search request. Default: 1,000 (the most a batch takes). */
  batchQueries: number;
  /** Runs of each command in the cli section (medians reported). Default: 5. */
  cliRuns: number;
  /** Articles of the story section's own archive (bench/story.ts). Default: 3,000. */
  storySize: number;
  /** Saved searches with webhooks in the story section. Default: 1,000. */
  storySaved: number;
  /** Work dir of an earlier --keep run to measure on (no corpus generation, ingest or indexing). */
  reuse: string | undefined;
  /** Time box of a null-sink memory run, in seconds. Default: none. */
  maxSeconds: number | undefined;
  /** Results folder. Default: bench/results. */
  outDir: string;
  /** bbc-dev folder. Default: ../shared/corpora/bbc-dev beside the checkout (or LEDE_BBC_DEV). */
  corpus: string | undefined;
  /** Profile the API server in an extra load run (`node --cpu-prof`). */
  cpuProf: boolean;
  /** Keep the temp dir (corpus, Meilisearch data, profiles). */
  keep: boolean;
  /** Also run bench/cluster.ts, when it exists. */
  cluster: boolean;
  /**
   * Experiment: override the index's faceting.maxValuesPerFacet (index-config/settings.json) for
   * both sides of the comparison. Default: the configured value.
   */
  maxValuesPerFacet: number | undefined;
  /** Progress lines. Default: console.log. */
  log?: (line: string) => void;
}

const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));
const ARTICLES_INDEX = 'bench_articles';
const BARE_INDEX = 'bench_bare';

function positiveInteger(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`Expected \`--${name}\` to be a positive integer, got \`${raw}\` (${typeof raw}).`);
  return value;
}

export function parseOptions(argv: string[]): BenchOptions {
  const flags = new Set(['cpu-prof', 'keep', 'cluster']);
  const values = new Map<string, string>();
  const set = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (!token.startsWith('--')) throw new Error(`Unexpected argument \`${token}\`; options look like --size 100000.`);
    const [name, inline] = token.slice(2).split('=', 2) as [string, string | undefined];
    if (flags.has(name)) set.add(name);
    else if (inline !== undefined) values.set(name, inline);
    else if (argv[i + 1] !== undefined) values.set(name, argv[++i]!);
    else throw new Error(`Option \`--${name}\` needs a value.`);
  }
  const known = new Set([
    'size',
    'seed',
    'duration',
    'connections',
    'queries',
    'rounds',
    'format-sample',
    'batch-size',
    'only',
    'max-seconds',
    'out',
    'corpus',
    'max-values-per-facet',
    'batch-queries',
    'cli-runs',
    'story-size',
    'story-saved',
    'reuse',
  ]);
  for (const name of values.keys()) if (!known.has(name)) throw new Error(`Unknown option \`--${name}\`.`);
  const reuseRaw = values.get('reuse');
  const reuse = reuseRaw === undefined ? undefined : path.resolve(reuseRaw);
  let size = positiveInteger('size', values.get('size'), 10_000);
  if (reuse) {
    const articles = reusableArticles(reuse);
    if (values.has('size') && size !== articles)
      throw new Error(`Expected \`--size\` to match the reused corpus (${articles} articles in ${reuse}), got ${size}; leave it out.`);
    size = articles;
  }
  const onlyRaw = values.get('only');
  const only = new Set<Section>(
    onlyRaw
      ? onlyRaw.split(',').map((s) => {
          if (!(SECTIONS as readonly string[]).includes(s))
            throw new Error(`Expected \`--only\` to list ${SECTIONS.join(', ')}, got \`${s}\`.`);
          return s as Section;
        })
      : reuse
        ? REUSE_SECTIONS
        : size > MAX_INDEXED_SIZE
          ? ['memory']
          : SECTIONS,
  );
  if (reuse) {
    const refused = [...only].filter((s) => s === 'ingest' || s === 'memory');
    if (refused.length)
      throw new Error(
        `\`--reuse\` skips corpus generation and ingest, so it cannot measure ${refused.join(', ')}; run without --reuse for those.`,
      );
  }
  return {
    size,
    seed: positiveInteger('seed', values.get('seed'), 1),
    duration: positiveInteger('duration', values.get('duration'), 15),
    connections: positiveInteger('connections', values.get('connections'), 8),
    queries: positiveInteger('queries', values.get('queries'), 200),
    rounds: positiveInteger('rounds', values.get('rounds'), 2),
    formatSample: positiveInteger('format-sample', values.get('format-sample'), Math.min(size, 1000)),
    batchSize: positiveInteger('batch-size', values.get('batch-size'), 1000),
    only,
    batchQueries: positiveInteger('batch-queries', values.get('batch-queries'), 1000),
    cliRuns: positiveInteger('cli-runs', values.get('cli-runs'), 5),
    storySize: positiveInteger('story-size', values.get('story-size'), 3000),
    storySaved: positiveInteger('story-saved', values.get('story-saved'), 1000),
    reuse,
    maxSeconds: values.has('max-seconds') ? positiveInteger('max-seconds', values.get('max-seconds'), 0) : undefined,
    outDir: path.resolve(values.get('out') ?? RESULTS_DIR),
    corpus: values.get('corpus'),
    cpuProf: set.has('cpu-prof'),
    keep: set.has('keep'),
    cluster: set.has('cluster'),
    maxValuesPerFacet: values.has('max-values-per-facet')
      ? positiveInteger('max-values-per-facet', values.get('max-values-per-facet'), 0)
      : undefined,
  };
}

/**
 * Checks that `dir` is the work dir of a kept run (corpus.ndjson and meili/ with its master key)
 * and returns the number of articles in its corpus (lines of corpus.ndjson).
 */
export function reusableArticles(dir: string): number {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`\`--reuse\`: ${dir} is not a directory.`);
  const corpus = path.join(dir, 'corpus.ndjson');
  const meili = path.join(dir, 'meili');
  const missing = [
    existsSync(corpus) ? undefined : 'corpus.ndjson',
    existsSync(path.join(meili, 'data.ms')) ? undefined : 'meili/data.ms (the Meilisearch data)',
    existsSync(path.join(meili, 'master-key')) ? undefined : 'meili/master-key',
  ].filter(Boolean);
  if (missing.length)
    throw new Error(`\`--reuse\`: ${dir} is not the work dir of a kept run (\`npm run bench -- --keep\`): no ${missing.join(', ')}.`);
  let lines = 0;
  const fd = openSync(corpus, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 20);
    let last = 0x0a;
    for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) {
      for (let at = buffer.indexOf(0x0a); at !== -1 && at < n; at = buffer.indexOf(0x0a, at + 1)) lines++;
      last = buffer[n - 1]!;
    }
    if (last !== 0x0a) lines++;
  } finally {
    closeSync(fd);
  }
  if (lines === 0) throw new Error(`\`--reuse\`: ${corpus} is empty.`);
  return lines;
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
let log: (line: string) => void = (line) => console.log(line);

/** Bytes on disk below a folder. */
function diskBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += diskBytes(full);
    else if (entry.isFile()) total += statSync(full).blocks * 512;
  }
  return total;
}

const parseTime = (iso: string) => Date.parse(iso.replace(/(\.\d{3})\d+/, '$1'));

/** Seconds Meilisearch spent on the index's document tasks (union of their processing intervals). */
async function meiliBusySeconds(admin: Meilisearch, index: string): Promise<number> {
  const intervals: Array<[number, number]> = [];
  let from: number | null | undefined;
  do {
    const page = await admin.tasks.getTasks({
      indexUids: [index],
      types: ['documentAdditionOrUpdate'],
      limit: 1000,
      ...(from == null ? {} : { from }),
    });
    for (const task of page.results) {
      if (task.startedAt && task.finishedAt) intervals.push([parseTime(task.startedAt), parseTime(task.finishedAt)]);
    }
    from = page.next;
  } while (from != null);
  intervals.sort((a, b) => a[0] - b[0]);
  let busy = 0;
  let end = -Infinity;
  for (const [s, e] of intervals) {
    if (e <= end) continue;
    busy += e - Math.max(s, end);
    end = e;
  }
  return busy / 1000;
}

/** addDocuments of prepared documents, `batchSize` per batch, as many batches in flight as the ingester's sink, every task awaited. */
async function bareIndex(admin: Meilisearch, index: string, file: string, batchSize: number): Promise<number> {
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  const errors: string[] = [];
  const send = (documents: Article[]) => {
    const job = (async () => {
      const { taskUid } = await admin.index(index).addDocuments(documents, { primaryKey: 'id' });
      // Polled like the ingester's sink does (50 ms for a second, then 250 ms).
      const polled = performance.now();
      for (;;) {
        const task = await admin.tasks.getTask(taskUid);
        if (task.status === 'succeeded') break;
        if (task.status !== 'enqueued' && task.status !== 'processing') {
          errors.push(`task ${taskUid}: ${task.error?.message ?? task.status}`);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, performance.now() - polled < 1000 ? 50 : 250));
      }
    })().catch((error: unknown) => {
      errors.push((error as Error).message);
    });
    inFlight.add(job);
    void job.then(() => inFlight.delete(job));
  };
  let batch: Article[] = [];
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (!line) continue;
    batch.push(JSON.parse(line) as Article);
    if (batch.length >= batchSize) {
      send(batch);
      batch = [];
      while (inFlight.size >= SINK_BATCHES_IN_FLIGHT) await Promise.race(inFlight);
    }
  }
  if (batch.length) send(batch);
  await Promise.all(inFlight);
  if (errors.length) throw new Error(`Bare indexing failed: ${errors[0]}`);
  return (performance.now() - started) / 1000;
}

/** The most frequent values of each filterable facet in the index, for the query mix. */
export async function facetPool(admin: Meilisearch, index: string): Promise<FacetPool> {
  const fields = { country: 'countries', person: 'persons', organization: 'organizations', topic: 'topics', source: 'source' } as const;
  const response = await admin.index(index).search('', { limit: 0, facets: Object.values(fields) });
  const pool: FacetPool = {};
  for (const [name, field] of Object.entries(fields) as Array<[keyof FacetPool, string]>) {
    const values = Object.entries(response.facetDistribution?.[field] ?? {})
      .sort((a, b) => b[1] - a[1])
      .slice(0, 25)
      .map(([v]) => v);
    if (values.length) pool[name] = values;
  }
  return pool;
}

/** One request through node:http, to check a target answers 200 before loading it. */
function probe(base: string, request: LoadRequest): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(request.path, base), { method: request.method, headers: request.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(request.body);
  });
}

async function measureApi(
  options: BenchOptions,
  meili: { url: string; admin: Meilisearch; searchKey: string | undefined },
  words: string[],
  workDir: string,
): Promise<NonNullable<BenchResults['api']>> {
  const mix = queryMix(words, await facetPool(meili.admin, ARTICLES_INDEX), options.queries, options.seed);
  const queries = await recordMeiliBodies(ARTICLES_INDEX, mix, {}, { url: meili.url, key: meili.searchKey });
  const requests = loadRequests(queries, meili.searchKey, ARTICLES_INDEX);
  const searchesPerRequest = round(queries.reduce((sum, q) => sum + q.queries, 0) / queries.length);
  log(`  ${queries.length} queries, ${searchesPerRequest} searches per multi-search on average`);

  // /api/search is compared with Meilisearch on the identical body, which is one multi-search: its
  // server sends searches whole (no facet lanes). The page is measured as it runs by default.
  const server = await startApiServer({ meiliUrl: meili.url, index: ARTICLES_INDEX, searchKey: meili.searchKey, facetLanes: false });
  const pageServer = await startApiServer({ meiliUrl: meili.url, index: ARTICLES_INDEX, searchKey: meili.searchKey });
  const runs: ApiRun[] = [];
  try {
    const probes = [
      ['Lede', server.url, requests.lede],
      ['Meilisearch', meili.url, requests.meili],
      ['Meilisearch (one search)', meili.url, requests.direct],
      ['Lede page', pageServer.url, requests.page],
    ] as const;
    for (const [target, base, list] of probes) {
      for (const request of list.slice(0, 20)) {
        const answer = await probe(base, request);
        if (answer.status !== 200) throw new Error(`${target} answered ${answer.status} to ${request.path}: ${answer.body.slice(0, 300)}`);
      }
    }
    const warmup = Math.min(5, options.duration);
    await runLoad({ url: meili.url, requests: requests.meili, connections: options.connections, duration: warmup });
    await runLoad({ url: server.url, requests: requests.lede, connections: options.connections, duration: warmup });

    const targets = {
      meili: { label: 'Meilisearch            ', url: meili.url, list: requests.meili },
      lede: { label: 'Lede /api/search        ', url: server.url, list: requests.lede },
      direct: { label: 'Meilisearch one search  ', url: meili.url, list: requests.direct },
      page: { label: 'Lede page               ', url: pageServer.url, list: requests.page },
    } as const;
    type Which = keyof typeof targets;
    for (const [load, connections] of [
      ['latency', 1],
      ['throughput', options.connections],
    ] as const) {
      const results: Record<Which, LoadResult[]> = { meili: [], lede: [], direct: [], page: [] };
      const baselineMB = Math.max(rssMB(server.pid), rssMB(pageServer.pid));
      const rss = [sampleRss(server.pid), sampleRss(pageServer.pid)];
      for (let round_ = 0; round_ < options.rounds; round_++) {
        // Alternating, so drift on a shared machine hits every target alike.
        const order: Which[] = round_ % 2 === 0 ? ['meili', 'lede', 'direct', 'page'] : ['page', 'direct', 'lede', 'meili'];
        for (const which of order) {
          const result = await runLoad({ url: targets[which].url, requests: targets[which].list, connections, duration: options.duration });
          results[which].push(result);
          log(`  ${load} (${connections} conn.) ${targets[which].label}: ${describeLoad(result)}`);
        }
      }
      const apiRss = { baselineMB, peakMB: Math.max(...rss.map((r) => r.stop().peakMB)) };
      log(`  API process RSS: ${apiRss.baselineMB} MB before, peak ${apiRss.peakMB} MB during the ${load} loads`);
      const m = averageLoads(results.meili);
      const l = averageLoads(results.lede);
      const d = averageLoads(results.direct);
      const ratio = (x: LoadResult, y: LoadResult) => ({
        p50: round(x.p50Ms / y.p50Ms),
        p99: round(x.p99Ms / y.p99Ms),
        throughput: round(x.requestsPerSec / y.requestsPerSec),
      });
      runs.push({
        load,
        connections,
        durationSec: options.duration * options.rounds,
        meili: m,
        lede: l,
        ratios: ratio(l, m),
        direct: d,
        directRatios: ratio(l, d),
        page: averageLoads(results.page),
        apiRss,
      });
    }
  } finally {
    await Promise.all([server.stop(), pageServer.stop()]);
  }

  const api: NonNullable<BenchResults['api']> = {
    queries: queries.length,
    searchesPerRequest,
    compared:
      'GET /api/search?… on the Lede API (child process; zod validation, one multi-search through node:http keep-alive, hit mapping and HTML-safe highlights, JSON) ' +
      'vs POST /multi-search on Meilisearch with the identical body Lede sends for that query (main query with facets, highlight and crop, plus one count-only query per filtered facet), ' +
      'same search-only key, same query order, connections and duration, alternating runs. ' +
      "Also: one plain Meilisearch search per query (POST /indexes/{uid}/search: the main query with all six facets, no disjunctive count queries), and Lede's page (GET /?…, 48 values per facet, the timeline, HTML). " +
      'The API server compared runs without facet lanes (LEDE_FACET_LANES=false) so that it sends the identical body; the page runs on a second API server with the defaults (facet lanes on); API RSS is the larger of the two.',
    runs,
  };

  if (options.cpuProf) {
    const profileDir = path.join(workDir, 'cpu-profile');
    mkdirSync(profileDir, { recursive: true });
    const profiled = await startApiServer({
      meiliUrl: meili.url,
      index: ARTICLES_INDEX,
      searchKey: meili.searchKey,
      cpuProfileDir: profileDir,
    });
    await runLoad({ url: profiled.url, requests: requests.lede, connections: options.connections, duration: options.duration });
    await profiled.stop();
    const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
    if (file) {
      api.profile = summariseProfile(path.join(profileDir, file));
      log(`  API server profile (${path.join(profileDir, file)}), self time by module:`);
      for (const m of api.profile.modules.slice(0, 10)) log(`    ${String(m.selfPercent).padStart(5)}%  ${m.module}`);
    }
  }
  return api;
}

function meiliVersionFromBinary(bin: string): string {
  const out = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return out.stdout.trim().replace(/^meilisearch\s*/i, '') || 'unknown';
}

/** Existing results of the same size, so a partial run (--only) keeps what it did not measure. */
function previous(outDir: string, size: number): Partial<BenchResults> {
  const file = path.join(outDir, `${size}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as BenchResults) : {};
}

async function runCluster(): Promise<void> {
  const file = fileURLToPath(new URL('./cluster.ts', import.meta.url));
  if (!existsSync(file)) {
    log('--cluster: bench/cluster.ts does not exist yet; skipped.');
    return;
  }
  log('\nCluster benchmark (bench/cluster.ts):');
  await new Promise<void>((resolve, reject) => {
    // bench/cluster.ts has its own corpus (bbc-dev) and options; run with its defaults.
    const child = fork(file, [], { execArgv: typeScriptExecArgv(), stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`bench/cluster.ts exited with ${code}`))));
  });
}

/**
 * The ingest section (pipeline child, bare addDocuments) and the end-to-end `ingest()` that
 * indexes the corpus for the API-side sections; fills `result.ingest`, `result.notes` and `memory`.
 */
async function ingestAndIndex(
  options: BenchOptions,
  { server, admin }: { server: ManagedMeili; admin: Meilisearch },
  { workDir, corpusFile, corpusBytes }: { workDir: string; corpusFile: string; corpusBytes: number },
  result: Omit<BenchResults, 'targets'>,
  memory: MemoryRun[],
): Promise<void> {
  let ingestResults: Partial<IngestResults> = { batchSize: options.batchSize };
  const preparedFile = path.join(workDir, 'prepared.ndjson');
  if (options.only.has('ingest')) {
    log('\nIngest:');
    const pipeline = await runIngestChild({ mode: 'pipeline', inputs: [corpusFile], preparedFile });
    ingestResults.pipeline = {
      articles: pipeline.articles,
      seconds: round(pipeline.seconds, 1),
      articlesPerSec: round(pipeline.articles / pipeline.seconds, 0),
      megabytesPerSec: round(corpusBytes / 1e6 / pipeline.seconds),
      cpuSeconds: round(pipeline.cpuSeconds, 1),
      peakRssMB: pipeline.peakRssMB,
    };
    log(
      `  pipeline (child, null sink + prepared file): ${pipeline.articles} articles in ${round(pipeline.seconds, 1)} s = ${ingestResults.pipeline.articlesPerSec} articles/s, peak RSS ${pipeline.peakRssMB} MB`,
    );
    memory.push({
      mode: 'pipeline',
      inputArticles: options.size,
      articles: pipeline.articles,
      seconds: round(pipeline.seconds, 1),
      peakRssMB: pipeline.peakRssMB,
      rssSamples: pipeline.rssSamples,
      truncated: false,
    });
  }

  log(options.only.has('ingest') ? '' : '\nIndexing the corpus for the API measurements:');
  const meiliPid = serverPid(path.join(workDir, 'meili'));
  let meiliCpu = cpuSecondsOf(meiliPid);
  const e2e = await runIngestChild({
    mode: 'index',
    inputs: [corpusFile],
    meiliUrl: server.url,
    apiKey: server.masterKey,
    index: ARTICLES_INDEX,
    batchSize: options.batchSize,
  });
  const e2eMeiliCpu = cpuSecondsOf(meiliPid) - meiliCpu;
  const e2eBusy = await meiliBusySeconds(admin, ARTICLES_INDEX);
  log(
    `  end to end (child, ingest()): ${e2e.articles} indexed in ${round(e2e.seconds, 1)} s; event loop busy ${round(e2e.eventLoopUtilization * 100, 0)}%; Meilisearch busy ${round(e2eBusy, 1)} s; CPU ingester ${round(e2e.cpuSeconds, 1)} s, Meilisearch ${round(e2eMeiliCpu, 1)} s; peak RSS ${e2e.peakRssMB} MB`,
  );
  memory.push({
    mode: 'index',
    inputArticles: options.size,
    articles: e2e.articles,
    seconds: round(e2e.seconds, 1),
    peakRssMB: e2e.peakRssMB,
    rssSamples: e2e.rssSamples,
    truncated: false,
  });
  if (e2e.problems) result.notes.push(`${e2e.problems} articles failed or stayed unindexed in the end-to-end run.`);

  if (options.only.has('ingest') && ingestResults.pipeline) {
    await applySettings(admin, BARE_INDEX);
    meiliCpu = cpuSecondsOf(meiliPid);
    const bareSeconds = await bareIndex(admin, BARE_INDEX, preparedFile, options.batchSize);
    const bareMeiliCpu = cpuSecondsOf(meiliPid) - meiliCpu;
    const bareBusy = await meiliBusySeconds(admin, BARE_INDEX);
    log(
      `  bare addDocuments of the prepared documents: ${round(bareSeconds, 1)} s; Meilisearch busy ${round(bareBusy, 1)} s, CPU ${round(bareMeiliCpu, 1)} s`,
    );
    await admin.deleteIndex(BARE_INDEX).waitTask({ timeout: 600_000 });
    const working = e2e.seconds * e2e.eventLoopUtilization;
    ingestResults = {
      ...ingestResults,
      bare: {
        seconds: round(bareSeconds, 1),
        documentsPerSec: round(e2e.articles / bareSeconds, 0),
        meiliBusySeconds: round(bareBusy, 1),
        meiliCpuSeconds: round(bareMeiliCpu, 1),
      },
      endToEnd: {
        seconds: round(e2e.seconds, 1),
        documentsPerSec: round(e2e.articles / e2e.seconds, 0),
        ratio: round(e2e.seconds / bareSeconds),
        ingesterBusyFraction: e2e.eventLoopUtilization,
        ingesterWorkingSeconds: round(working, 1),
        ingesterWaitingSeconds: round(e2e.seconds - working, 1),
        cpuSeconds: round(e2e.cpuSeconds, 1),
        meiliBusySeconds: round(e2eBusy, 1),
        meiliCpuSeconds: round(e2eMeiliCpu, 1),
        peakRssMB: e2e.peakRssMB,
      },
    };
    result.ingest = ingestResults as IngestResults;
    log(`  end to end ÷ bare = ${result.ingest.endToEnd.ratio}×`);
  }
}

/** Starts an API child on the bench index for one section, and stops it after. */
async function withApiServer<T>(
  meili: { url: string; searchKey: string | undefined },
  work: (server: ApiServerChild) => Promise<T>,
): Promise<T> {
  const server = await startApiServer({ meiliUrl: meili.url, index: ARTICLES_INDEX, searchKey: meili.searchKey });
  try {
    return await work(server);
  } finally {
    await server.stop();
  }
}

export async function runBench(options: BenchOptions): Promise<BenchResults> {
  if (options.log) log = options.log;
  const reuse = options.reuse;
  // A reused dir is read (and its Meilisearch run) but never written to by the bench's own files, nor deleted.
  const workDir = reuse ?? mkdtempSync(path.join(os.tmpdir(), 'lede-bench-'));
  const scratchDir = reuse ? mkdtempSync(path.join(os.tmpdir(), 'lede-bench-scratch-')) : workDir;
  const needMeili = INDEX_SECTIONS.some((section) => options.only.has(section));
  let server: ManagedMeili | undefined;
  try {
    const bin = findMeiliBinary(process.env['MEILI_BIN']);
    log(
      `Lede benchmark: ${options.size} articles, seed ${options.seed}; measuring ${[...options.only].join(', ')}${reuse ? `; reusing ${reuse}` : ''}`,
    );

    const material = loadSourceMaterial(options.corpus);
    const corpusFile = path.join(workDir, 'corpus.ndjson');
    const earlier = previous(options.outDir, options.size);
    let corpus: BenchResults['corpus'];
    let corpusBytes: number;
    if (reuse) {
      corpusBytes = statSync(corpusFile).size;
      corpus = {
        articles: options.size,
        megabytes: round(corpusBytes / 1e6, 1),
        ...(earlier.corpus?.generateSeconds === undefined ? {} : { generateSeconds: earlier.corpus.generateSeconds }),
      };
      log(`Corpus: reused, ${corpus.articles} synthetic articles, ${corpus.megabytes} MB NDJSON (${corpusFile})`);
    } else {
      const started = performance.now();
      corpusBytes = await writeSynthNdjson(corpusFile, material, { size: options.size, seed: options.seed });
      corpus = {
        articles: options.size,
        megabytes: round(corpusBytes / 1e6, 1),
        generateSeconds: round((performance.now() - started) / 1000, 1),
      };
      log(`Corpus: ${corpus.articles} synthetic articles, ${corpus.megabytes} MB NDJSON in ${corpus.generateSeconds} s (${corpusFile})`);
    }

    let admin: Meilisearch | undefined;
    if (needMeili) {
      const started = performance.now();
      // The master key is read from meili/master-key (startManagedMeili), so a reused data dir opens with its own key.
      server = await startManagedMeili({ bin, dataDir: path.join(workDir, 'meili'), port: 0, restartOnCrash: false });
      admin = createMeiliClient(server.url, server.masterKey);
      if (reuse) {
        log(
          server.owned
            ? `Meilisearch started on the reused data in ${round((performance.now() - started) / 1000)} s (${server.url}).`
            : `Using the Meilisearch already running on the reused data (${server.url}).`,
        );
        const documents = await admin
          .index(ARTICLES_INDEX)
          .getStats()
          .then((stats) => stats.numberOfDocuments)
          .catch(() => undefined);
        if (documents === undefined)
          throw new Error(`\`--reuse\`: the Meilisearch data in ${path.join(workDir, 'meili')} has no "${ARTICLES_INDEX}" index.`);
        if (documents < options.size)
          throw new Error(
            `\`--reuse\`: the "${ARTICLES_INDEX}" index holds ${documents} documents, fewer than the ${options.size} articles of the corpus (indexing unfinished?).`,
          );
      }
    }
    const machine = machineInfo(admin ? (await admin.getVersion()).pkgVersion : meiliVersionFromBinary(bin));
    log(`Machine: ${describeMachine(machine)}`);

    const result: Omit<BenchResults, 'targets'> = {
      ...earlier,
      version: 1,
      size: options.size,
      seed: options.seed,
      date: new Date().toISOString(),
      machine,
      corpus,
      notes: [],
    };
    if (reuse) result.reused = reuse;
    else delete result.reused;
    // An index built by bench/scale-build.ts carries its build figures.
    const build = reuse ? path.join(reuse, 'build.json') : undefined;
    if (build && existsSync(build)) result.build = JSON.parse(readFileSync(build, 'utf8')) as ScaleBuild;
    else delete result.build;

    if (options.only.has('formats')) {
      log(`\nParse + normalise + enrich per format (${options.formatSample} articles each, one process):`);
      const dirs = writeFormatInputs(path.join(scratchDir, 'formats'), [
        ...synthArticles(material, { size: options.formatSample, seed: options.seed }),
      ]);
      result.formats = await measureFormats(dirs, log);
    }

    let searchKey: string | undefined;
    const memory: MemoryRun[] = [];
    if (server && admin) {
      const setup = await setupIndex(admin, ARTICLES_INDEX, { adminKey: server.masterKey });
      searchKey = setup.searchKey;
      if (reuse && setup.changed.length) log(`Index settings changed since the reused run: ${setup.changed.join(', ')} (applied).`);
      if (options.maxValuesPerFacet) {
        await admin
          .index(ARTICLES_INDEX)
          .updateSettings({ faceting: { maxValuesPerFacet: options.maxValuesPerFacet } })
          .waitTask();
        result.notes.push(
          `Experiment: faceting.maxValuesPerFacet set to ${options.maxValuesPerFacet} (index-config has ${desiredSettings().faceting?.maxValuesPerFacet}).`,
        );
      }
      if (!reuse) await ingestAndIndex(options, { server, admin }, { workDir, corpusFile, corpusBytes }, result, memory);

      // The bench index and the saved-search index setupIndex keeps beside it.
      const stats = await admin.getStats();
      result.index = {
        documents: stats.indexes[ARTICLES_INDEX]?.numberOfDocuments ?? 0,
        indexSizeMB: round(stats.databaseSize / 2 ** 20, 1),
        usedIndexSizeMB: round(stats.usedDatabaseSize / 2 ** 20, 1),
        dataDirMB: round(diskBytes(path.join(workDir, 'meili')) / 2 ** 20, 1),
      };
      log(
        `  index: ${result.index.documents} documents, ${result.index.indexSizeMB} MB (used ${result.index.usedIndexSizeMB} MB), data dir ${result.index.dataDirMB} MB`,
      );
    }

    if (options.only.has('memory') && !needMeili) {
      log(
        `\nMemory: the ingester streaming ${options.size} articles (NDJSON) into a null sink${options.maxSeconds ? `, time box ${options.maxSeconds} s` : ''}:`,
      );
      const run = await runIngestChild({
        mode: 'pipeline',
        inputs: [corpusFile],
        ...(options.maxSeconds ? { maxSeconds: options.maxSeconds } : {}),
      });
      memory.push({
        mode: 'pipeline',
        inputArticles: options.size,
        articles: run.articles,
        seconds: round(run.seconds, 1),
        peakRssMB: run.peakRssMB,
        rssSamples: run.rssSamples,
        truncated: run.truncated,
      });
      log(
        `  ${run.articles} articles in ${round(run.seconds, 1)} s, peak RSS ${run.peakRssMB} MB; RSS along the way: ${run.rssSamples.map((s) => `${s.articles}: ${s.rssMB}`).join(', ')}`,
      );
    }
    if (memory.length) result.memory = memory;

    const sample = [...synthArticles(material, { size: Math.min(options.size, 3000), seed: options.seed })];
    const words = vocabulary(sample.flatMap((a) => [a.title, a.standfirst, a.body]));
    const meili = server && { url: server.url, searchKey };

    if (options.only.has('api') && server && admin) {
      log(`\nAPI overhead (${options.duration} s per run, ${options.rounds} rounds, alternating):`);
      result.api = await measureApi(options, { url: server.url, admin, searchKey }, words, scratchDir);
    }

    // A failing later section is noted, not fatal: the figures measured before it are still written.
    const section = async (name: Section, work: () => Promise<void>) => {
      try {
        await work();
      } catch (error) {
        log(`  ${name} failed: ${(error as Error).message}`);
        result.notes.push(`The ${name} section failed: ${(error as Error).message}`);
      }
    };

    if (options.only.has('export') && meili)
      await section('export', async () => {
        log(`\nExport of every article (GET /api/export, API child's RSS sampled every 50 ms):`);
        result.export = await withApiServer(meili, async (api) => {
          const runs: ExportRun[] = [];
          for (const format of ['ndjson', 'csv'] as const) {
            const run = await measureExport(api.url, api.pid, format);
            runs.push(run);
            log(
              `  ${format}: ${run.articles} articles, ${run.megabytes} MB in ${run.seconds} s = ${run.articlesPerSec} articles/s, ${run.megabytesPerSec} MB/s; API RSS ${run.baselineRssMB} → ${run.peakRssMB} MB (+${run.rssGrowthMB})`,
            );
            if (run.articles !== result.index?.documents)
              result.notes.push(`The ${format} export sent ${run.articles} articles of the ${result.index?.documents} indexed.`);
          }
          return runs;
        });
      });

    if (options.only.has('query-language') && meili)
      await section('query-language', async () => {
        const triples = orTriples(words, OR_TRIPLES, options.seed);
        log(
          `\nQuery language: (a OR b OR c) vs a, ${triples.length} triples, 1 connection, ${options.duration} s per run, ${options.rounds} rounds:`,
        );
        result.queryLanguage = await withApiServer(meili, (api) =>
          measureQueryLanguage({ url: api.url, triples, duration: options.duration, rounds: options.rounds, log }),
        );
        log(`  OR ÷ plain: p50 ${result.queryLanguage.ratios.p50}×, p99 ${result.queryLanguage.ratios.p99}×`);
        const errors = result.queryLanguage.plain.errors + result.queryLanguage.or.errors;
        if (errors) result.notes.push(`${errors} query-language requests failed.`);
      });

    if (options.only.has('batch') && meili)
      await section('batch', async () => {
        const queries = batchQueries(words, options.batchQueries, options.seed);
        log(`\nBatch search: POST /api/batch with ${queries.length} queries of the mix:`);
        result.batch = await withApiServer(meili, (api) => measureBatch(api.url, queries));
        log(`  ${result.batch.rows} rows in ${result.batch.seconds} s (${result.batch.queriesPerSec} queries/s)`);
        if (result.batch.rows !== queries.length)
          result.notes.push(`The batch answered ${result.batch.rows} rows for ${queries.length} queries.`);
      });

    if (options.only.has('story'))
      await section('story', async () => {
        log(`\nFollowing stories (bench/story.ts): ${options.storySaved} saved searches with webhooks, ${options.storySize} articles:`);
        const story = await measureStory({ size: options.storySize, saved: options.storySaved, seed: options.seed, scratch: scratchDir });
        result.story = story;
        log(
          `  ingest with ÷ without the alert loop: ${story.ratio}× (${story.withSeconds} s / ${story.withoutSeconds} s); round after a batch ${story.roundAfterBatchSeconds.join(', ')} s; idle round ${story.idleRoundSeconds} s`,
        );
      });

    if (options.cluster) await runCluster();

    // Last: the server start is timed with its own Meilisearch on the bench data, so the bench's is stopped first.
    if (options.only.has('cli'))
      await section('cli', async () => {
        log(`\nCommands (compiled runtime, median of ${options.cliRuns} runs):`);
        const one = sample[0]!;
        const running = server;
        result.cli = await measureCli({
          runs: options.cliRuns,
          scratch: path.join(scratchDir, 'cli'),
          articleText: `${one.title}\n\n${one.standfirst}\n\n${one.body}\n`,
          log,
          ...(running
            ? {
                index: {
                  uid: ARTICLES_INDEX,
                  bin,
                  url: running.url,
                  masterKey: running.masterKey,
                  dataDir: path.join(workDir, 'meili'),
                  ...(running.owned ? { stopMeili: () => running.stop() } : {}),
                },
              }
            : {}),
        });
      });

    const full: BenchResults = { ...result, targets: evaluateTargets(result) };
    mkdirSync(options.outDir, { recursive: true });
    writeFileSync(path.join(options.outDir, `${options.size}.json`), `${JSON.stringify(full, null, 2)}\n`);
    const table = writeResultsReadme(options.outDir);
    log(`\n${table}`);
    log(
      `Results: ${path.join(options.outDir, `${options.size}.json`)} and README.md${options.keep ? `; work dir kept: ${scratchDir}` : ''}`,
    );
    return full;
  } finally {
    await server?.stop();
    if (!options.keep) rmSync(scratchDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let options: BenchOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  runBench(options).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error((error as Error).stack ?? String(error));
      process.exit(1);
    },
  );
}
