/**
 * Ingest and search at once: 20 search clients against the API while `lede ingest` (the real
 * CLI, its own process) writes N synthetic articles into the same index, compared with the same
 * search load without ingest. Passes when no search fails in either phase, the ingest reports
 * every article read and indexed, and the index then holds every new article exactly once.
 *
 *   npx tsx bench/ingest-while-searching.ts                       # 10,000 articles, 20 clients
 *   npx tsx bench/ingest-while-searching.ts --articles 2000 --connections 20 --baseline-seconds 10
 *
 * Phases: a seed index (`--seed-articles`, default 1,000) so searches have something to find;
 * the baseline load for `--baseline-seconds`; then the same load from the start of the ingest
 * until it ends (at most `--max-seconds`). The API runs in a child process with the rate limit
 * off and a search-only key, as in bench/soak.ts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { noEnrichment } from '../ingest/enrich/enrich.ts';
import { ingest } from '../ingest/ingest.ts';
import { indexDocuments } from '../ingest/ops/documents.ts';
import { runPipeline } from '../ingest/pipeline.ts';
import type { IngestReport } from '../ingest/report.ts';
import { findMeiliBinary } from '../src/meili/binary.ts';
import { createMeiliClient } from '../src/meili/client.ts';
import { startManagedMeili } from '../src/meili/managed.ts';
import { setupIndex } from '../src/meili/setup.ts';
import { startApiServer } from './children.ts';
import { runLoad, type LoadRequest, type LoadResult } from './load.ts';
import { queryMix, vocabulary } from './queries.ts';
import { loadSourceMaterial, writeSynthNdjson } from './synth.ts';

export interface ConcurrentOptions {
  meiliUrl: string;
  masterKey: string;
  /** Articles `lede ingest` writes during the search load. Default: 10,000. */
  articles?: number;
  /** Articles indexed before any load. Default: 1,000. */
  seedArticles?: number;
  /** Search clients (keep-alive connections). Default: 20. */
  connections?: number;
  /** Length of the baseline (search only) phase. Default: 20 s. */
  baselineSeconds?: number;
  /** Longest the ingest phase may last (the search load stops then, the ingest is still awaited). Default: 1,800 s. */
  maxSeconds?: number;
  log?: (line: string) => void;
}

export interface ConcurrentResult {
  articles: number;
  connections: number;
  baseline: LoadResult;
  duringIngest: LoadResult;
  ingestSeconds: number;
  ingestExitCode: number | null;
  report: Pick<IngestReport, 'read' | 'indexed' | 'duplicates' | 'unindexed'> & { failed: number };
  /** New articles expected (distinct ids of the generated file), found in the index, and found more than once. */
  expectedIds: number;
  foundIds: number;
  missingIds: number;
  /** Documents in the index after the run; seed + expected when nothing is duplicated. */
  indexSize: number;
  passed: boolean;
}

const LEDE_BIN = fileURLToPath(new URL('../bin/lede.mjs', import.meta.url));

/** Ids Lede gives the articles of an NDJSON file (parse and normalise only). */
async function idsOf(file: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const event of runPipeline([file], { enrich: noEnrichment })) if (event.type === 'article') ids.add(event.article.id);
  return ids;
}

/** `lede ingest FILE` as a child process; resolves with its exit code and --report JSON. */
function ledeIngest(
  file: string,
  env: Record<string, string>,
  cwd: string,
): Promise<{ code: number | null; report?: IngestReport; stderr: string }> {
  const reportFile = path.join(cwd, 'report.json');
  const child = spawn(process.execPath, [LEDE_BIN, 'ingest', file, '--report', reportFile], {
    cwd,
    env: { ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(MEILI_|LEDE_)/.test(key))), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20_000)));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      let report: IngestReport | undefined;
      try {
        report = JSON.parse(readFileSync(reportFile, 'utf8')) as IngestReport;
      } catch {
        report = undefined;
      }
      resolve({ code, stderr, ...(report ? { report } : {}) });
    });
  });
}

export async function runIngestWhileSearching(options: ConcurrentOptions): Promise<ConcurrentResult> {
  const log = options.log ?? (() => {});
  const articles = options.articles ?? 10_000;
  const seedArticles = options.seedArticles ?? 1_000;
  const connections = options.connections ?? 20;
  const baselineSeconds = options.baselineSeconds ?? 20;
  const maxSeconds = options.maxSeconds ?? 1_800;
  const work = mkdtempSync(path.join(os.tmpdir(), 'lede-concurrent-'));
  const admin = createMeiliClient(options.meiliUrl, options.masterKey);
  const index = `concurrent_${Date.now().toString(36)}`;
  try {
    const setup = await setupIndex(admin, index, { adminKey: options.masterKey });
    const material = loadSourceMaterial();
    const seedFile = path.join(work, 'seed.ndjson');
    const newFile = path.join(work, 'new.ndjson');
    await writeSynthNdjson(seedFile, material, { size: seedArticles, seed: 7 });
    await writeSynthNdjson(newFile, material, { size: articles, offset: seedArticles, seed: 7 });
    const seeded = await ingest([seedFile], { client: admin, index });
    log(`Seed: ${seeded.indexed} articles indexed into ${index}.`);

    const docs = (await admin.index(index).getDocuments({ limit: 1000, fields: ['title', 'body', 'countries', 'persons', 'topics'] }))
      .results as Array<{
      title: string;
      body: string;
      countries: string[];
      persons: string[];
      topics: string[];
    }>;
    const mix = queryMix(
      vocabulary(docs.map((d) => `${d.title} ${d.body}`)),
      {
        country: [...new Set(docs.flatMap((d) => d.countries))],
        person: [...new Set(docs.flatMap((d) => d.persons))].slice(0, 200),
        topic: [...new Set(docs.flatMap((d) => d.topics))],
      },
      500,
      11,
    );
    const requests: LoadRequest[] = mix.map((params) => {
      const search = new URLSearchParams();
      for (const [key, value] of Object.entries(params)) for (const v of Array.isArray(value) ? value : [value]) search.append(key, v);
      return { method: 'GET', path: `/api/search?${search}` };
    });

    const api = await startApiServer({ meiliUrl: options.meiliUrl, index, searchKey: setup.searchKey });
    try {
      await runLoad({ url: api.url, requests, connections, duration: 1 }); // warm-up
      const baseline = await runLoad({ url: api.url, requests, connections, duration: baselineSeconds });
      log(
        `Search only: ${baseline.requests} requests in ${baseline.seconds} s, ${baseline.errors} errors, p50 ${baseline.p50Ms} ms, p99 ${baseline.p99Ms} ms.`,
      );

      const started = performance.now();
      const running = ledeIngest(
        newFile,
        { MEILI_URL: options.meiliUrl, MEILI_MASTER_KEY: options.masterKey, MEILI_DATA_DIR: path.join(work, 'data'), LEDE_INDEX: index },
        work,
      );
      const ingestDone = running.then(() => undefined);
      const duringIngest = await runLoad({ url: api.url, requests, connections, duration: maxSeconds, stopWhen: ingestDone });
      const finished = await running;
      const ingestSeconds = Math.round((performance.now() - started) / 100) / 10;
      log(
        `During ingest: ${duringIngest.requests} requests in ${duringIngest.seconds} s, ${duringIngest.errors} errors, p50 ${duringIngest.p50Ms} ms, p99 ${duringIngest.p99Ms} ms.`,
      );
      log(
        `lede ingest of ${articles} articles: exit ${finished.code} in ${ingestSeconds} s.${finished.code === 0 ? '' : `\n${finished.stderr}`}`,
      );

      const expected = await idsOf(newFile);
      const seedIds = await idsOf(seedFile);
      const seen = new Map<string, number>();
      for await (const doc of indexDocuments(admin, index)) {
        const id = doc['id'] as string;
        seen.set(id, (seen.get(id) ?? 0) + 1);
      }
      const foundIds = [...expected].filter((id) => seen.get(id) === 1).length;
      const missingIds = [...expected].filter((id) => !seen.has(id)).length;
      const indexSize = [...seen.values()].reduce((a, b) => a + b, 0);
      const report = finished.report;
      const result: ConcurrentResult = {
        articles,
        connections,
        baseline,
        duringIngest,
        ingestSeconds,
        ingestExitCode: finished.code,
        report: {
          read: report?.read ?? 0,
          indexed: report?.indexed ?? 0,
          duplicates: report?.duplicates ?? 0,
          unindexed: report?.unindexed ?? 0,
          failed: report?.failed.length ?? -1,
        },
        expectedIds: expected.size,
        foundIds,
        missingIds,
        indexSize,
        passed:
          baseline.errors === 0 &&
          duringIngest.errors === 0 &&
          finished.code === 0 &&
          report?.read === articles &&
          report.indexed === articles &&
          foundIds === expected.size &&
          indexSize === expected.size + seedIds.size,
      };
      return result;
    } finally {
      await api.stop();
    }
  } finally {
    await admin
      .deleteIndex(index)
      .waitTask()
      .catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }
}

export function formatConcurrent(r: ConcurrentResult): string {
  const slower = r.baseline.p99Ms > 0 ? ` (${(r.duringIngest.p99Ms / r.baseline.p99Ms).toFixed(1)}× the baseline)` : '';
  return (
    `${r.connections} search clients: search only ${r.baseline.requests} requests / ${r.baseline.seconds} s, ${r.baseline.errors} errors, ` +
    `p50 ${r.baseline.p50Ms} ms, p99 ${r.baseline.p99Ms} ms; while \`lede ingest\` wrote ${r.articles} articles (${r.ingestSeconds} s): ` +
    `${r.duringIngest.requests} requests / ${r.duringIngest.seconds} s, ${r.duringIngest.errors} errors, p50 ${r.duringIngest.p50Ms} ms, ` +
    `p99 ${r.duringIngest.p99Ms} ms${slower}. Ingest report: read ${r.report.read}, indexed ${r.report.indexed}, failed ${r.report.failed}, ` +
    `unindexed ${r.report.unindexed}; index: ${r.foundIds}/${r.expectedIds} new articles present exactly once, ${r.missingIds} missing, ` +
    `${r.indexSize} documents in all → ${r.passed ? 'PASS' : 'FAIL'}`
  );
}

function flag(argv: string[], name: string): number | undefined {
  const at = argv.indexOf(`--${name}`);
  if (at === -1) return undefined;
  const value = Number(argv[at + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number, got \`${argv[at + 1]}\``);
  return value;
}

async function main(argv: string[]): Promise<number> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lede-concurrent-meili-'));
  const server = await startManagedMeili({ bin: findMeiliBinary(process.env['MEILI_BIN']), dataDir, port: 0 });
  try {
    const result = await runIngestWhileSearching({
      meiliUrl: server.url,
      masterKey: server.masterKey,
      articles: flag(argv, 'articles'),
      seedArticles: flag(argv, 'seed-articles'),
      connections: flag(argv, 'connections'),
      baselineSeconds: flag(argv, 'baseline-seconds'),
      maxSeconds: flag(argv, 'max-seconds'),
      log: (line) => console.log(line),
    });
    console.log(formatConcurrent(result));
    return result.passed ? 0 : 1;
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
