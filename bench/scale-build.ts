/**
 * `tsx bench/scale-build.ts --from DIR [--copies 10] [--max-seconds 5400] [--out DIR]`: a large
 * index (issue 15's 1M) built in a time box from a kept run's prepared documents, without
 * running the enrichment again (at ~400 articles/s on one core it would take most of an hour).
 *
 * DIR is the work dir of `npm run bench -- --size 100000 --keep` (prepared.ndjson: the documents
 * exactly as Lede indexed them). Copy k (0…copies-1) of each document gets a new id, url and
 * near-duplicate cluster and is dated k years earlier (its day/week/month fields recomputed), so
 * the archive spans ten times the years and no two documents collapse together. Texts repeat,
 * so term posting lists are `copies` times longer, as in an archive ten times the size; facet
 * values do not multiply as they would in real news (fewer distinct names than a real 1M).
 *
 * Writes OUT/corpus.ndjson (one line per indexed document, for `--reuse`'s size and query mix)
 * and OUT/meili (index bench_articles with Lede's settings), then prints and writes
 * OUT/build.json: documents indexed, wall seconds, Meilisearch's CPU seconds and index size.
 * Documents are sent in batches of `--batch` (10,000) with at most two tasks waiting, and no new
 * batch is sent after `--max-seconds`: what was indexed by then is the index.
 * Measure it with `npm run bench -- --reuse OUT --only api`.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { type Article, periodsOf } from '../src/article.ts';
import { findMeiliBinary } from '../src/meili/binary.ts';
import { createMeiliClient } from '../src/meili/client.ts';
import { startManagedMeili } from '../src/meili/managed.ts';
import { setupIndex } from '../src/meili/setup.ts';
import { cpuSecondsOf, serverPid } from './proc.ts';
import type { ScaleBuild } from './results.ts';

const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    out: { type: 'string' },
    copies: { type: 'string', default: '10' },
    batch: { type: 'string', default: '10000' },
    'max-seconds': { type: 'string', default: '5400' },
  },
});
if (!values.from) throw new Error('Expected `--from DIR`, the work dir of a kept run (prepared.ndjson).');
const from = path.resolve(values.from);
const prepared = path.join(from, 'prepared.ndjson');
if (!existsSync(prepared)) throw new Error(`Expected ${prepared} (run \`npm run bench -- --size 100000 --keep\` first).`);
const copies = Number(values.copies);
const batchSize = Number(values.batch);
const maxSeconds = Number(values['max-seconds']);
const out = path.resolve(values.out ?? `${from}-x${copies}`);
mkdirSync(out, { recursive: true });
const INDEX = 'bench_articles';
const YEAR_SECONDS = 365 * 86_400;

const server = await startManagedMeili({
  bin: findMeiliBinary(process.env['MEILI_BIN']),
  dataDir: path.join(out, 'meili'),
  port: 0,
  restartOnCrash: false,
});
const admin = createMeiliClient(server.url, server.masterKey, 600_000);
await setupIndex(admin, INDEX, { adminKey: server.masterKey });

/** Meilisearch's CPU seconds so far (NaN where /proc has none). */
const meiliCpuSeconds = () => cpuSecondsOf(serverPid(path.join(out, 'meili')));

function copyOf(doc: Article, k: number): Article {
  if (k === 0) return doc;
  const id = createHash('sha1').update(`${doc.id}:${k}`).digest('hex').slice(0, 20);
  const moved = doc.publishedTs === null ? null : doc.publishedTs - k * YEAR_SECONDS;
  const periods = moved === null ? undefined : periodsOf(moved);
  return {
    ...doc,
    id,
    url: doc.url ? `${doc.url}-c${k}` : null,
    cluster: `${doc.cluster}-${k}`,
    publishedTs: moved,
    publishedAt: moved === null ? null : new Date(moved * 1000).toISOString().replace('.000Z', 'Z'),
    publishedDay: periods?.day ?? null,
    publishedWeek: periods?.week ?? null,
    publishedMonth: periods?.month ?? null,
  };
}

const start = performance.now();
const cpuAtStart = meiliCpuSeconds();
const corpus = createWriteStream(path.join(out, 'corpus.ndjson'));
const pending: number[] = [];
let sent = 0;
let indexed = 0;
let timedOut = false;

async function waitOldest(): Promise<void> {
  const uid = pending.shift()!;
  const task = await admin.tasks.waitForTask(uid, { timeout: 3_600_000, interval: 500 });
  if (task.status !== 'succeeded') throw new Error(`Task ${uid} ${task.status}: ${task.error?.message ?? ''}`);
  indexed += task.details?.indexedDocuments ?? 0;
  const seconds = (performance.now() - start) / 1000;
  process.stderr.write(`${indexed} indexed in ${seconds.toFixed(0)} s (${(indexed / seconds).toFixed(0)}/s)\n`);
}

async function send(batch: Article[]): Promise<void> {
  while (pending.length >= 2) await waitOldest();
  const enqueued = await admin.index(INDEX).addDocuments(batch, { primaryKey: 'id' });
  pending.push(enqueued.taskUid);
  sent += batch.length;
}

outer: for (let k = 0; k < copies; k++) {
  const lines = createInterface({ input: createReadStream(prepared), crlfDelay: Number.POSITIVE_INFINITY });
  let batch: Article[] = [];
  for await (const line of lines) {
    if (!line) continue;
    const doc = copyOf(JSON.parse(line) as Article, k);
    batch.push(doc);
    corpus.write(`${JSON.stringify({ id: doc.id, title: doc.title, standfirst: doc.standfirst, body: doc.body })}\n`);
    if (batch.length === batchSize) {
      await send(batch);
      batch = [];
      if ((performance.now() - start) / 1000 > maxSeconds) {
        timedOut = true;
        lines.close();
        break outer;
      }
    }
  }
  if (batch.length) await send(batch);
}
while (pending.length) await waitOldest();
await new Promise((resolve) => corpus.end(resolve));

const seconds = (performance.now() - start) / 1000;
const stats = (await admin.getStats()) as { databaseSize: number; indexes: Record<string, { numberOfDocuments: number }> };
const result: ScaleBuild & { date: string; from: string; sent: number } = {
  date: new Date().toISOString(),
  from,
  copies,
  sent,
  documents: stats.indexes[INDEX]?.numberOfDocuments ?? indexed,
  timedOut,
  wallSeconds: Math.round(seconds),
  meiliCpuSeconds: Math.round(meiliCpuSeconds() - cpuAtStart),
  databaseGB: Number((stats.databaseSize / 1e9).toFixed(2)),
  documentsPerSecond: Math.round(indexed / seconds),
};
writeFileSync(path.join(out, 'build.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
await server.stop();
