/**
 * `npm run bench [-- --size 100000]`: Lede side by side with Meilisearch on one machine.
 *
 * 1. A synthetic corpus (bench/synth.ts) as NDJSON in a temp dir.
 * 2. Ingest: parse + normalise + enrich throughput per format; the whole corpus through the
 *    pipeline (child process); `ingest()` end to end (child process) against a bare
 *    addDocuments of the same prepared documents; peak RSS of the ingester.
 * 3. API: one query mix sent with autocannon to Lede's /api/search (server in a child process)
 *    and, with the identical multi-search body Lede sends, to Meilisearch's /multi-search.
 * 4. bench/results/<size>.json and bench/results/README.md (table of every size measured).
 *
 * Options: --size N (10000), --seed N (1), --duration S (15, per load run), --connections N (8),
 * --queries N (200), --rounds N (2), --format-sample N (1000), --batch-size N (1000),
 * --only formats,ingest,api,memory, --max-seconds S (time box for a null-sink memory run),
 * --out DIR (bench/results), --corpus DIR (bbc-dev), --cpu-prof, --keep, --cluster,
 * --max-values-per-facet N (experiment: override the index setting on both sides).
 */
import { spawnSync } from 'node:child_process';
import { fork } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
import { runIngestChild, startApiServer, typeScriptExecArgv } from './children.ts';
import { measureFormats, writeFormatInputs } from './formats.ts';
import { runLoad, type LoadRequest, type LoadResult } from './load.ts';
import { describeMachine, machineInfo } from './machine.ts';
import { summariseProfile } from './profile.ts';
import { loadRequests, queryMix, recordMeiliBodies, vocabulary, type FacetPool } from './queries.ts';
import { evaluateTargets, writeResultsReadme, type ApiRun, type BenchResults, type IngestResults, type MemoryRun } from './results.ts';
import { loadSourceMaterial, synthArticles, writeSynthNdjson, type SourceMaterial } from './synth.ts';

const SECTIONS = ['formats', 'ingest', 'api', 'memory'] as const;
type Section = (typeof SECTIONS)[number];

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
  /** What to measure. Default: all up to 200k articles, only memory above. */
  only: Set<Section>;
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
  ]);
  for (const name of values.keys()) if (!known.has(name)) throw new Error(`Unknown option \`--${name}\`.`);
  const size = positiveInteger('size', values.get('size'), 10_000);
  const onlyRaw = values.get('only');
  const only = new Set<Section>(
    onlyRaw
      ? onlyRaw.split(',').map((s) => {
          if (!(SECTIONS as readonly string[]).includes(s))
            throw new Error(`Expected \`--only\` to list ${SECTIONS.join(', ')}, got \`${s}\`.`);
          return s as Section;
        })
      : size > MAX_INDEXED_SIZE
        ? ['memory']
        : SECTIONS,
  );
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

/** The pid of the managed Meilisearch (from the state file Lede keeps in its data dir). */
function serverPid(dataDir: string): number | undefined {
  try {
    return (JSON.parse(readFileSync(path.join(dataDir, 'lede-server.json'), 'utf8')) as { pid: number }).pid;
  } catch {
    return undefined;
  }
}

/** User + system CPU seconds of a process so far (Linux /proc; NaN elsewhere). */
function cpuSecondsOf(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    // After "pid (comm) ": state is field 3, so utime (14) and stime (15) are at 11 and 12.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
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

/** addDocuments of prepared documents, `batchSize` per batch, at most two batches in flight, every task awaited. */
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
      while (inFlight.size >= 2) await Promise.race(inFlight);
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

function average(results: LoadResult[]): LoadResult {
  const mean = (pick: (r: LoadResult) => number) => round(results.reduce((sum, r) => sum + pick(r), 0) / results.length);
  return {
    requests: results.reduce((sum, r) => sum + r.requests, 0),
    requestsPerSec: mean((r) => r.requestsPerSec),
    p50Ms: mean((r) => r.p50Ms),
    p90Ms: mean((r) => r.p90Ms),
    p99Ms: mean((r) => r.p99Ms),
    meanMs: mean((r) => r.meanMs),
    maxMs: Math.max(...results.map((r) => r.maxMs)),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
  };
}

const describeLoad = (r: LoadResult) =>
  `p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, ${r.requestsPerSec} req/s${r.errors ? `, ${r.errors} errors` : ''}`;

async function measureApi(
  options: BenchOptions,
  meili: { url: string; admin: Meilisearch; searchKey: string | undefined },
  material: SourceMaterial,
  workDir: string,
): Promise<NonNullable<BenchResults['api']>> {
  const sample = [...synthArticles(material, { size: Math.min(options.size, 3000), seed: options.seed })];
  const words = vocabulary(sample.flatMap((a) => [a.title, a.standfirst, a.body]));
  const mix = queryMix(words, await facetPool(meili.admin, ARTICLES_INDEX), options.queries, options.seed);
  const queries = await recordMeiliBodies(ARTICLES_INDEX, mix);
  const requests = loadRequests(queries, meili.searchKey, ARTICLES_INDEX);
  const searchesPerRequest = round(queries.reduce((sum, q) => sum + q.queries, 0) / queries.length);
  log(`  ${queries.length} queries, ${searchesPerRequest} searches per multi-search on average`);

  const server = await startApiServer({ meiliUrl: meili.url, index: ARTICLES_INDEX, searchKey: meili.searchKey });
  const runs: ApiRun[] = [];
  try {
    const probes = [
      ['Lede', server.url, requests.lede],
      ['Meilisearch', meili.url, requests.meili],
      ['Meilisearch (one search)', meili.url, requests.direct],
      ['Lede page', server.url, requests.page],
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
      page: { label: 'Lede page               ', url: server.url, list: requests.page },
    } as const;
    type Which = keyof typeof targets;
    for (const [load, connections] of [
      ['latency', 1],
      ['throughput', options.connections],
    ] as const) {
      const results: Record<Which, LoadResult[]> = { meili: [], lede: [], direct: [], page: [] };
      for (let round_ = 0; round_ < options.rounds; round_++) {
        // Alternating, so drift on a shared machine hits every target alike.
        const order: Which[] = round_ % 2 === 0 ? ['meili', 'lede', 'direct', 'page'] : ['page', 'direct', 'lede', 'meili'];
        for (const which of order) {
          const result = await runLoad({ url: targets[which].url, requests: targets[which].list, connections, duration: options.duration });
          results[which].push(result);
          log(`  ${load} (${connections} conn.) ${targets[which].label}: ${describeLoad(result)}`);
        }
      }
      const m = average(results.meili);
      const l = average(results.lede);
      const d = average(results.direct);
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
        page: average(results.page),
      });
    }
  } finally {
    await server.stop();
  }

  const api: NonNullable<BenchResults['api']> = {
    queries: queries.length,
    searchesPerRequest,
    compared:
      'GET /api/search?… on the Lede API (child process; zod validation, one multi-search through node:http keep-alive, hit mapping and HTML-safe highlights, JSON) ' +
      'vs POST /multi-search on Meilisearch with the identical body Lede sends for that query (main query with facets, highlight and crop, plus one count-only query per filtered facet), ' +
      'same search-only key, same query order, connections and duration, alternating runs. ' +
      "Also: one plain Meilisearch search per query (POST /indexes/{uid}/search: the main query with all six facets, no disjunctive count queries), and Lede's page (GET /?…, 48 values per facet, the timeline, HTML).",
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

export async function runBench(options: BenchOptions): Promise<BenchResults> {
  if (options.log) log = options.log;
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'lede-bench-'));
  const needMeili = options.only.has('ingest') || options.only.has('api');
  let server: ManagedMeili | undefined;
  try {
    const bin = findMeiliBinary(process.env['MEILI_BIN']);
    log(`Lede benchmark: ${options.size} articles, seed ${options.seed}; measuring ${[...options.only].join(', ')}`);

    const material = loadSourceMaterial(options.corpus);
    const corpusFile = path.join(workDir, 'corpus.ndjson');
    const started = performance.now();
    const corpusBytes = await writeSynthNdjson(corpusFile, material, { size: options.size, seed: options.seed });
    const corpus = {
      articles: options.size,
      megabytes: round(corpusBytes / 1e6, 1),
      generateSeconds: round((performance.now() - started) / 1000, 1),
    };
    log(`Corpus: ${corpus.articles} synthetic articles, ${corpus.megabytes} MB NDJSON in ${corpus.generateSeconds} s (${corpusFile})`);

    let admin: Meilisearch | undefined;
    if (needMeili) {
      server = await startManagedMeili({ bin, dataDir: path.join(workDir, 'meili'), port: 0, restartOnCrash: false });
      admin = createMeiliClient(server.url, server.masterKey);
    }
    const machine = machineInfo(admin ? (await admin.getVersion()).pkgVersion : meiliVersionFromBinary(bin));
    log(`Machine: ${describeMachine(machine)}`);

    const result: Omit<BenchResults, 'targets'> = {
      ...previous(options.outDir, options.size),
      version: 1,
      size: options.size,
      seed: options.seed,
      date: new Date().toISOString(),
      machine,
      corpus,
      notes: [],
    };

    if (options.only.has('formats')) {
      log(`\nParse + normalise + enrich per format (${options.formatSample} articles each, one process):`);
      const dirs = writeFormatInputs(path.join(workDir, 'formats'), [
        ...synthArticles(material, { size: options.formatSample, seed: options.seed }),
      ]);
      result.formats = await measureFormats(dirs, log);
    }

    let searchKey: string | undefined;
    const memory: MemoryRun[] = [];
    if (server && admin) {
      ({ searchKey } = await setupIndex(admin, ARTICLES_INDEX, { adminKey: server.masterKey }));
      if (options.maxValuesPerFacet) {
        await admin
          .index(ARTICLES_INDEX)
          .updateSettings({ faceting: { maxValuesPerFacet: options.maxValuesPerFacet } })
          .waitTask();
        result.notes.push(
          `Experiment: faceting.maxValuesPerFacet set to ${options.maxValuesPerFacet} (index-config has ${desiredSettings().faceting?.maxValuesPerFacet}).`,
        );
      }
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

      // Only this index exists at this point, so the database size is its size.
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

    if (options.only.has('api') && server && admin) {
      log(`\nAPI overhead (${options.duration} s per run, ${options.rounds} rounds, alternating):`);
      result.api = await measureApi(options, { url: server.url, admin, searchKey }, material, workDir);
    }

    if (options.cluster) await runCluster();

    const full: BenchResults = { ...result, targets: evaluateTargets(result) };
    mkdirSync(options.outDir, { recursive: true });
    writeFileSync(path.join(options.outDir, `${options.size}.json`), `${JSON.stringify(full, null, 2)}\n`);
    const table = writeResultsReadme(options.outDir);
    log(`\n${table}`);
    log(`Results: ${path.join(options.outDir, `${options.size}.json`)} and README.md${options.keep ? `; work dir kept: ${workDir}` : ''}`);
    return full;
  } finally {
    await server?.stop();
    if (!options.keep) rmSync(workDir, { recursive: true, force: true });
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
