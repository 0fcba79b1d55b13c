/**
 * `npm run bench:story [-- --size 3000 --saved 1000 --batch 500 --batches 3 --ab 8 --interval 2 --sink-batch 100 --queries 1000]`:
 * the cost of following stories, on a synthetic corpus (bench/synth.ts) in a local Meilisearch.
 *
 * 1. Alert rounds: `--saved` saved searches (the bench query mix, each with a webhook on a
 *    receiver on 127.0.0.1) and `--batches` ingested batches of `--batch` new articles; per batch
 *    the ingest time and the time of the alert round that then checks every saved search against
 *    the new articles and delivers (with where its time went); then an idle round (nothing new).
 * 2. Ingest with alerts (the measure): `--ab` more batches, ingested by a child process
 *    (as `lede ingest` beside the server, `--sink-batch` documents per write) in the order
 *    without, with, with, without… alerts; "with" means the alert loop runs every `--interval`
 *    seconds while the batch is ingested, checking writes as they land. After each batch a round
 *    delivers what is left (timed, not part of the ingest time). The ratio of the summed ingest
 *    times with / without is the cost of alerts to ingest (target ≤ 1.20).
 * 3. Batch search: `--queries` queries of the mix (q + filters) through runBatch at concurrency
 *    1, 4 and 8 (0: skipped).
 * Writes <--out>/story-<size>.json (default bench/results/) and prints a summary.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { ingest } from '../ingest/ingest.ts';
import { AlertLoop, type RoundReport } from '../src/alerts/loop.ts';
import { runBatch } from '../src/analysis/batch.ts';
import { singleNodeBackend } from '../src/analysis/planned.ts';
import { findMeiliBinary } from '../src/meili/binary.ts';
import { createMeiliClient } from '../src/meili/client.ts';
import { startManagedMeili } from '../src/meili/managed.ts';
import { savedSearchIndex } from '../src/meili/saved-index.ts';
import { setupIndex } from '../src/meili/setup.ts';
import { parseSavedSearchBody } from '../src/saved/schema.ts';
import { newSavedSearch, type SavedSearch, SavedSearchStore } from '../src/saved/store.ts';
import { runIngestChild } from './children.ts';
import { machineInfo } from './machine.ts';
import { queryMix, vocabulary, type FacetPool } from './queries.ts';
import { loadSourceMaterial, synthArticles, writeSynthNdjson } from './synth.ts';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '3000' },
    saved: { type: 'string', default: '1000' },
    batch: { type: 'string', default: '500' },
    batches: { type: 'string', default: '3' },
    ab: { type: 'string', default: '8' },
    interval: { type: 'string', default: '2' },
    'sink-batch': { type: 'string', default: '100' },
    queries: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: fileURLToPath(new URL('./results/', import.meta.url)) },
  },
});
const size = Number(values.size);
const savedCount = Number(values.saved);
const batchSize = Number(values.batch);
const batches = Number(values.batches);
const queryCount = Number(values.queries);
const abBatches = Number(values.ab);
const intervalMs = Number(values.interval) * 1000;
const sinkBatch = Number(values['sink-batch']);
const seed = Number(values.seed);
const INDEX = 'bench_story';
const seconds = (ms: number) => Math.round(ms) / 1000;

async function facetPool(admin: ReturnType<typeof createMeiliClient>): Promise<FacetPool> {
  const fields = { country: 'countries', person: 'persons', organization: 'organizations', topic: 'topics', source: 'source' } as const;
  const response = await admin.index(INDEX).search('', { limit: 0, facets: Object.values(fields) });
  const pool: FacetPool = {};
  for (const [name, field] of Object.entries(fields) as Array<[keyof FacetPool, string]>) {
    const top = Object.entries(response.facetDistribution?.[field] ?? {})
      .sort((a, b) => b[1] - a[1])
      .slice(0, 25)
      .map(([v]) => v);
    if (top.length) pool[name] = top;
  }
  return pool;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lede-bench-story-'));
  const meili = await startManagedMeili({ bin: findMeiliBinary(process.env['MEILI_BIN']), dataDir: path.join(dir, 'meili'), port: 0 });
  const received = { requests: 0, articles: 0 };
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.requests++;
      received.articles += (JSON.parse(body) as { articles: unknown[] }).articles.length;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  try {
    const admin = createMeiliClient(meili.url, meili.masterKey);
    const setup = await setupIndex(admin, INDEX, { adminKey: meili.masterKey });
    const material = loadSourceMaterial();
    const corpus = path.join(dir, 'corpus.ndjson');
    await writeSynthNdjson(corpus, material, { size, seed });
    let started = Date.now();
    const base = await ingest([corpus], { client: admin, index: INDEX });
    const corpusSeconds = seconds(Date.now() - started);
    process.stderr.write(`corpus: ${base.indexed} articles in ${corpusSeconds} s\n`);

    const words = vocabulary([...synthArticles(material, { size: 300, seed })].flatMap((a) => [a.title, a.standfirst, a.body]));
    const mix = queryMix(words, await facetPool(admin), Math.max(savedCount, queryCount), seed);
    const store = new SavedSearchStore(createMeiliClient(meili.url, setup.savedSearches?.alertsKey), savedSearchIndex(INDEX));
    const now = Date.now();
    const saved: SavedSearch[] = mix.slice(0, savedCount).map((params, i) => {
      const { sort: _sort, ...query } = params;
      const input = parseSavedSearchBody({ name: `bench ${i}`, ...query, webhook: hook, secret: 'bench-secret-0123456789' });
      return newSavedSearch(input, now, String(i).padStart(16, '0'));
    });
    await store.apply(saved);

    const loop = new AlertLoop({
      store,
      articles: singleNodeBackend(createMeiliClient(meili.url, setup.searchKey), INDEX),
      tasks: createMeiliClient(meili.url, setup.savedSearches?.tasksKey),
      intervalMs,
      onRound: (report) => background.push(report),
      log: (line) => process.stderr.write(`${line}\n`),
    });
    const background: RoundReport[] = [];
    const rounds: Array<Record<string, unknown>> = [];
    for (let b = 0; b < batches; b++) {
      const file = path.join(dir, `batch-${b}.ndjson`);
      await writeSynthNdjson(file, material, { size: batchSize, seed, offset: size + b * batchSize });
      started = Date.now();
      const report = await ingest([file], { client: admin, index: INDEX });
      const ingestMs = Date.now() - started;
      const before = { ...received };
      const round = await loop.round();
      rounds.push({
        batch: b + 1,
        articles: report.indexed,
        ingestSeconds: seconds(ingestMs),
        alertRoundSeconds: seconds(round.durationMs),
        savedSearchesChecked: round.checked,
        articlesDelivered: round.delivered,
        webhookRequests: received.requests - before.requests,
        savedSearchesQueried: round.queried,
        distinctQueries: round.queries,
        documentsWritten: round.writes,
        phasesMs: round.phases,
      });
      process.stderr.write(`${JSON.stringify(rounds.at(-1))}\n`);
    }
    const idle = await loop.round();
    process.stderr.write(`idle: ${idle.durationMs} ms ${JSON.stringify(idle.phases)}\n`);

    // Ingest without and with the loop running, in the order A B B A (A: without).
    const ab: Array<Record<string, unknown>> = [];
    for (let b = 0; b < abBatches; b++) {
      const withAlerts = b % 4 === 1 || b % 4 === 2;
      const file = path.join(dir, `ab-${b}.ndjson`);
      await writeSynthNdjson(file, material, { size: batchSize, seed, offset: size + (batches + b) * batchSize });
      background.length = 0;
      const before = { ...received };
      if (withAlerts) loop.start();
      const child = await runIngestChild({
        mode: 'index',
        inputs: [file],
        meiliUrl: meili.url,
        apiKey: meili.masterKey,
        index: INDEX,
        batchSize: sinkBatch,
      });
      await loop.stop();
      const during = [...background];
      const after = await loop.round();
      ab.push({
        batch: b + 1,
        alerts: withAlerts,
        articles: child.articles,
        ingestSeconds: Math.round(child.seconds * 1000) / 1000,
        roundsDuringIngest: during.length,
        roundSecondsDuringIngest: during.map((r) => seconds(r.durationMs)),
        deliveredDuringIngest: during.reduce((n, r) => n + r.delivered, 0),
        roundAfterSeconds: seconds(after.durationMs),
        deliveredAfter: after.delivered,
        webhookRequests: received.requests - before.requests,
      });
      process.stderr.write(`${JSON.stringify(ab.at(-1))}\n`);
    }
    const sum = (on: boolean) => ab.filter((r) => r['alerts'] === on).reduce((n, r) => n + (r['ingestSeconds'] as number), 0);
    const ingestWithAlerts = {
      intervalSeconds: intervalMs / 1000,
      sinkBatch,
      batches: ab,
      withoutSeconds: Math.round(sum(false) * 1000) / 1000,
      withSeconds: Math.round(sum(true) * 1000) / 1000,
      ratio: sum(false) > 0 ? Math.round((sum(true) / sum(false)) * 1000) / 1000 : null,
    };
    process.stderr.write(`ingest with / without alerts: ${ingestWithAlerts.ratio}\n`);

    const queries = mix.slice(0, queryCount).map((p) => (typeof p['q'] === 'string' ? p['q'] : ''));
    const batchRuns: Array<Record<string, number>> = [];
    for (const concurrency of queryCount > 0 ? [1, 4, 8] : []) {
      started = Date.now();
      const rows = await runBatch(singleNodeBackend(createMeiliClient(meili.url, setup.searchKey), INDEX), queries, {}, { concurrency });
      const ms = Date.now() - started;
      batchRuns.push({ concurrency, queries: rows.length, seconds: seconds(ms), queriesPerSecond: Math.round(rows.length / (ms / 1000)) });
      process.stderr.write(`${JSON.stringify(batchRuns.at(-1))}\n`);
    }
    const results = {
      date: new Date().toISOString(),
      machine: machineInfo('1.21'),
      corpus: { articles: base.indexed, seconds: corpusSeconds },
      alerts: {
        savedSearches: savedCount,
        rounds,
        idleRoundSeconds: seconds(idle.durationMs),
        idleRound: { savedSearchesQueried: idle.queried, documentsWritten: idle.writes, phasesMs: idle.phases },
        ingestWithAlerts,
      },
      batch: batchRuns,
    };
    const out = path.join(values.out!, `story-${size}.json`);
    writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n→ ${out}\n`);
  } finally {
    receiver.close();
    await meili.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:story failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
