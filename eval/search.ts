/**
 * Known-item search evaluation over bbc-dev: every article is indexed into a temporary index of
 * a managed Meilisearch (temp dir, free port), then its headline is searched through the same
 * query layer as the API (src/search/query.ts, search-only key). Prints MRR@10, the rate of the
 * article ranked first (target ≥ 0.97) and in the top 3 (target ≥ 0.995), per section, and
 * the misses. Exit code 1 when a target is missed.
 *
 *   npm run eval:search [-- --corpus DIR] [-- --misses N]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import PQueue from 'p-queue';
import { runPipeline } from '../ingest/pipeline.ts';
import type { Article } from '../src/article.ts';
import { findMeiliBinary } from '../src/meili/binary.ts';
import { createMeiliClient } from '../src/meili/client.ts';
import { ensureSearchKey } from '../src/meili/keys.ts';
import { startManagedMeili } from '../src/meili/managed.ts';
import { applySettings } from '../src/meili/settings.ts';
import { parseParams, searchSchema } from '../src/search/params.ts';
import { createSearcher } from '../src/search/query.ts';
import { withExactFirst } from '../src/search/exact-first.ts';

const TARGET_TOP1 = 0.97;
const TARGET_TOP3 = 0.995;
const INDEX = 'eval_search';
const DEFAULT_CORPUS = fileURLToPath(new URL('../../shared/corpora/bbc-dev/', import.meta.url));

interface Item {
  article: Article;
  input: string;
  section: string;
}

interface Outcome {
  item: Item;
  /** 1-based rank of the article in the top 10, or 0 when absent. */
  rank: number;
  first?: string;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { corpus: { type: 'string' }, misses: { type: 'string', default: '15' } } });
  const corpus = path.resolve(values.corpus ?? DEFAULT_CORPUS);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lede-eval-search-'));
  const server = await startManagedMeili({ bin: findMeiliBinary(process.env['MEILI_BIN']), dataDir, port: 0 });
  try {
    const admin = createMeiliClient(server.url, server.masterKey);
    await applySettings(admin, INDEX);

    const started = Date.now();
    const items: Item[] = [];
    let problems = 0;
    for await (const event of runPipeline([corpus])) {
      if (event.type === 'article') {
        items.push({ article: event.article, input: event.input, section: path.relative(corpus, event.input).split(path.sep)[0] ?? '' });
      } else if (event.severity === 'error') {
        problems++;
      }
    }
    for (let i = 0; i < items.length; i += 500) {
      const batch = items.slice(i, i + 500).map((item) => item.article);
      const task = await admin.index(INDEX).addDocuments(batch, { primaryKey: 'id' }).waitTask({ timeout: 600_000 });
      if (task.status !== 'succeeded') throw new Error(`Indexing failed: ${task.error?.message ?? task.status}`);
    }
    const stats = await admin.index(INDEX).getStats();
    console.log(
      `Indexed ${items.length} articles (${stats.numberOfDocuments} distinct documents, ${problems} inputs failed) from ${corpus} in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );

    const searcher = withExactFirst(createSearcher(createMeiliClient(server.url, await ensureSearchKey(admin, INDEX)), INDEX));
    const queue = new PQueue({ concurrency: 8 });
    const searchStarted = Date.now();
    const outcomes = await Promise.all(
      items.map((item) =>
        queue.add(async (): Promise<Outcome> => {
          const params = parseParams(searchSchema, { q: item.article.title.slice(0, 512), hitsPerPage: '10', facets: [] });
          const result = await searcher.search({ ...params, facets: [] });
          const rank = result.hits.findIndex((hit) => hit.id === item.article.id) + 1;
          return { item, rank, first: result.hits[0]?.title };
        }),
      ),
    );
    const searchMs = Date.now() - searchStarted;
    report(outcomes, Number(values.misses), searchMs);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function metrics(outcomes: Outcome[]) {
  const n = outcomes.length || 1;
  return {
    n: outcomes.length,
    mrr: outcomes.reduce((sum, o) => sum + (o.rank ? 1 / o.rank : 0), 0) / n,
    top1: outcomes.filter((o) => o.rank === 1).length / n,
    top3: outcomes.filter((o) => o.rank >= 1 && o.rank <= 3).length / n,
    top10: outcomes.filter((o) => o.rank >= 1).length / n,
  };
}

function report(outcomes: Outcome[], misses: number, searchMs: number): void {
  const all = metrics(outcomes);
  const f = (x: number) => x.toFixed(4);
  console.log(`\nSearched ${outcomes.length} headlines in ${(searchMs / 1000).toFixed(1)} s.\n`);
  console.log('| Metric | Value | Target | |');
  console.log('|---|---:|---:|---|');
  console.log(`| MRR@10 | ${f(all.mrr)} | | |`);
  console.log(`| Ranked first | ${f(all.top1)} | ≥ ${TARGET_TOP1} | ${all.top1 >= TARGET_TOP1 ? 'pass' : 'FAIL'} |`);
  console.log(`| In the top 3 | ${f(all.top3)} | ≥ ${TARGET_TOP3} | ${all.top3 >= TARGET_TOP3 ? 'pass' : 'FAIL'} |`);
  console.log(`| In the top 10 | ${f(all.top10)} | | |`);

  const sections = [...new Set(outcomes.map((o) => o.item.section))].sort();
  console.log('\n| Section | Articles | MRR@10 | First | Top 3 |');
  console.log('|---|---:|---:|---:|---:|');
  for (const section of sections) {
    const m = metrics(outcomes.filter((o) => o.item.section === section));
    console.log(`| ${section} | ${m.n} | ${f(m.mrr)} | ${f(m.top1)} | ${f(m.top3)} |`);
  }

  const missed = outcomes.filter((o) => o.rank !== 1).sort((a, b) => (b.rank || 99) - (a.rank || 99));
  if (missed.length && misses > 0) {
    console.log(`\nNot ranked first (${missed.length}; showing ${Math.min(misses, missed.length)}):`);
    for (const o of missed.slice(0, misses)) {
      console.log(
        `- ${path.basename(path.dirname(o.item.input))}/${path.basename(o.item.input)} rank ${o.rank || '>10'}: "${o.item.article.title}" → first: "${o.first ?? ''}"`,
      );
    }
  }
  if (all.top1 < TARGET_TOP1 || all.top3 < TARGET_TOP3) process.exitCode = 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
