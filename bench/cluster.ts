/**
 * Cluster benchmark: bbc-dev on one Meilisearch against a 3-node sharded cluster on this
 * machine. Ingest time (Lede's ingest(), pipeline included), then search latency (p50/p99,
 * one client) and throughput (8 clients in parallel) through the Searcher each side uses:
 * createSearcher on one node, the federated searcher on the cluster.
 *
 *   npx tsx bench/cluster.ts [--seconds 5] [--nodes 3]
 *
 * Prints a markdown table and writes bench/results/cluster.json. Not part of `npm test`.
 * `runClusterBench()` is exported for the main suite (bench/run.ts).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Article } from '../src/article.ts';
import { findMeiliBinary } from '../src/meili/binary.ts';
import { createMeiliClient } from '../src/meili/client.ts';
import { startLocalCluster } from '../src/meili/cluster-local.ts';
import { createClusterWriter } from '../src/meili/cluster-write.ts';
import { ensureSearchKey } from '../src/meili/keys.ts';
import { startManagedMeili } from '../src/meili/managed.ts';
import { applySettings } from '../src/meili/settings.ts';
import { federatedSearcherFor } from '../src/search/federated.ts';
import { parseParams, searchSchema, type SearchParams } from '../src/search/params.ts';
import { createSearcher } from '../src/search/query.ts';
import type { Searcher } from '../src/search/result.ts';
import { ingest } from '../ingest/ingest.ts';

const CORPUS = fileURLToPath(new URL('../../shared/corpora/bbc-dev', import.meta.url));
const RESULTS = fileURLToPath(new URL('./results/cluster.json', import.meta.url));
const INDEX = 'articles';

export interface SideResult {
  nodes: number;
  documents: number;
  ingestMs: number;
  p50Ms: number;
  p99Ms: number;
  /** Searches per second with 8 concurrent clients. */
  throughput: number;
}

export interface ClusterBenchResult {
  machine: { cpus: number; model: string };
  corpus: string;
  queries: number;
  single: SideResult;
  cluster: SideResult;
  /** cluster / single. */
  ratio: { p50: number; p99: number; throughput: number; ingest: number };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** Search parameters from the titles' vocabulary, with and without a topic filter. */
function workload(docs: Article[]): SearchParams[] {
  const counts = new Map<string, number>();
  for (const doc of docs) for (const w of doc.title.toLowerCase().match(/[a-z]{5,}/g) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
  const words = [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([w]) => w)
    .slice(0, 100);
  return words.map((q, i) => parseParams(searchSchema, i % 4 === 3 ? { q, topic: 'politics' } : { q }));
}

async function measure(
  searcher: Searcher,
  queries: SearchParams[],
  seconds: number,
): Promise<Pick<SideResult, 'p50Ms' | 'p99Ms' | 'throughput'>> {
  for (const q of queries.slice(0, 20)) await searcher.search(q); // warm-up
  const times: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const q of queries) {
      const start = performance.now();
      await searcher.search(q);
      times.push(performance.now() - start);
    }
  }
  times.sort((a, b) => a - b);
  let done = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: 8 }, async (_, worker) => {
      for (let i = worker; performance.now() < until; i++) {
        await searcher.search(queries[i % queries.length]!);
        done++;
      }
    }),
  );
  return { p50Ms: percentile(times, 50), p99Ms: percentile(times, 99), throughput: done / seconds };
}

export async function runClusterBench(
  options: { seconds?: number; nodes?: number; log?: (line: string) => void } = {},
): Promise<ClusterBenchResult> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const seconds = options.seconds ?? 5;
  const bin = findMeiliBinary(process.env['MEILI_BIN']);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lede-bench-cluster-'));
  const single = await startManagedMeili({ bin, dataDir: path.join(dir, 'single'), port: 0 });
  const cluster = await startLocalCluster({
    bin,
    nodes: options.nodes ?? 3,
    basePort: 0,
    dataDir: path.join(dir, 'cluster'),
    index: INDEX,
    log: () => {},
  });
  try {
    const admin = createMeiliClient(single.url, single.masterKey);
    await applySettings(admin, INDEX);
    log('Ingesting bbc-dev into one node…');
    let start = performance.now();
    const one = await ingest([CORPUS], { client: admin, index: INDEX });
    const singleIngest = performance.now() - start;
    log(`Ingesting bbc-dev into the ${cluster.nodes.length}-node cluster…`);
    start = performance.now();
    const many = await ingest([CORPUS], { client: createClusterWriter(cluster.config).client, index: INDEX });
    const clusterIngest = performance.now() - start;
    if (one.failed.length || many.failed.length || many.unindexed) throw new Error('ingest failed; see the reports');

    const docs = (await admin.index(INDEX).getDocuments<Article>({ limit: 10_000 })).results;
    const queries = workload(docs);
    const singleSearcher = createSearcher(createMeiliClient(single.url, await ensureSearchKey(admin, INDEX)), INDEX);
    const clusterSearcher = federatedSearcherFor(cluster.setup, INDEX);
    log('Measuring searches on one node…');
    const s = await measure(singleSearcher, queries, seconds);
    log('Measuring searches on the cluster…');
    const c = await measure(clusterSearcher, queries, seconds);
    const sizes = await Promise.all(cluster.setup.nodes.map(async (n) => (await n.admin.index(INDEX).getStats()).numberOfDocuments));
    const result: ClusterBenchResult = {
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? 'unknown' },
      corpus: 'bbc-dev',
      queries: queries.length,
      single: { nodes: 1, documents: docs.length, ingestMs: Math.round(singleIngest), ...s },
      cluster: { nodes: cluster.nodes.length, documents: sizes.reduce((a, b) => a + b, 0), ingestMs: Math.round(clusterIngest), ...c },
      ratio: {
        p50: c.p50Ms / s.p50Ms,
        p99: c.p99Ms / s.p99Ms,
        throughput: c.throughput / s.throughput,
        ingest: clusterIngest / singleIngest,
      },
    };
    return result;
  } finally {
    await cluster.stop();
    await single.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatClusterBench(r: ClusterBenchResult): string {
  const f = (n: number, d = 1) => n.toFixed(d);
  return [
    `Cluster benchmark: ${r.corpus}, ${r.queries} queries, ${r.machine.cpus} CPU(s) (${r.machine.model})`,
    '',
    '| | documents | ingest (s) | search p50 (ms) | search p99 (ms) | searches/s (8 clients) |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    `| 1 node | ${r.single.documents} | ${f(r.single.ingestMs / 1000)} | ${f(r.single.p50Ms, 2)} | ${f(r.single.p99Ms, 2)} | ${f(r.single.throughput, 0)} |`,
    `| ${r.cluster.nodes} nodes | ${r.cluster.documents} | ${f(r.cluster.ingestMs / 1000)} | ${f(r.cluster.p50Ms, 2)} | ${f(r.cluster.p99Ms, 2)} | ${f(r.cluster.throughput, 0)} |`,
    `| ratio | | ${f(r.ratio.ingest, 2)}× | ${f(r.ratio.p50, 2)}× | ${f(r.ratio.p99, 2)}× | ${f(r.ratio.throughput, 2)}× |`,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { values } = parseArgs({ options: { seconds: { type: 'string' }, nodes: { type: 'string' } } });
  const result = await runClusterBench({ seconds: Number(values.seconds ?? 5), nodes: Number(values.nodes ?? 3) });
  mkdirSync(path.dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${formatClusterBench(result)}\n\nWritten to ${path.relative(process.cwd(), RESULTS)}.\n`);
}
