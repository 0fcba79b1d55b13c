/**
 * `tsx bench/scale-ab.ts [--size 10000] [--block 3] [--pairs 5]`: what issue 15's changes save
 * Meilisearch, measured on ONE index so that the load of a shared machine hits both sides alike.
 *
 * The query mix of bench/run.ts, as the multi-search bodies Lede sends for /api/search (main query
 * and disjunctive counts, six facets) and for its page (the same plus the timeline, 48 values per
 * facet). "Before": maxValuesPerFacet 1000 and the page's timeline asking the day, week and month
 * facets (what Lede sent before); "after": maxValuesPerFacet `--after` (200) and the month facet only. Blocks
 * of `--block` seconds at one connection alternate the two settings (the setting is switched
 * between blocks; faceting settings need no re-indexing), `--pairs` times, order swapped each pair.
 */
import path from 'node:path';
import os from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { findMeiliBinary } from '../src/meili/binary.ts';
import { createMeiliClient } from '../src/meili/client.ts';
import { startManagedMeili } from '../src/meili/managed.ts';
import { setupIndex } from '../src/meili/setup.ts';
import { runIngestChild } from './children.ts';
import { runLoad, type LoadRequest, type LoadResult } from './load.ts';
import { machineInfo, describeMachine } from './machine.ts';
import { queryMix, recordMeiliBodies, vocabulary } from './queries.ts';
import { facetPool } from './run.ts';
import { loadSourceMaterial, synthArticles, writeSynthNdjson } from './synth.ts';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
};
const size = arg('size', 10_000);
const block = arg('block', 3);
const pairs = arg('pairs', 5);
/** maxValuesPerFacet after (before: 1000). */
const after = arg('after', 200);
const INDEX = 'ab_articles';

const work = mkdtempSync(path.join(os.tmpdir(), 'lede-ab-'));
const server = await startManagedMeili({
  bin: findMeiliBinary(process.env['MEILI_BIN']),
  dataDir: path.join(work, 'meili'),
  port: 0,
  restartOnCrash: false,
});
try {
  const admin = createMeiliClient(server.url, server.masterKey);
  console.log(`Machine: ${describeMachine(machineInfo((await admin.getVersion()).pkgVersion))}`);
  const { searchKey } = await setupIndex(admin, INDEX, { adminKey: server.masterKey });
  const material = loadSourceMaterial(undefined);
  const corpus = path.join(work, 'corpus.ndjson');
  await writeSynthNdjson(corpus, material, { size, seed: 1 });
  const indexed = await runIngestChild({
    mode: 'index',
    inputs: [corpus],
    meiliUrl: server.url,
    apiKey: server.masterKey,
    index: INDEX,
    batchSize: 1000,
  });
  console.log(`Indexed ${indexed.articles} articles in ${Math.round(indexed.seconds)} s`);

  const sample = [...synthArticles(material, { size: Math.min(size, 3000), seed: 1 })];
  const mix = queryMix(vocabulary(sample.flatMap((a) => [a.title, a.standfirst, a.body])), await facetPool(admin, INDEX), 200, 1);
  const api = await recordMeiliBodies(INDEX, mix);
  const page = await recordMeiliBodies(INDEX, mix, { timeline: true, facetValues: 48 });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${searchKey}` };
  const requests = (bodies: string[]): LoadRequest[] => bodies.map((body) => ({ method: 'POST', path: '/multi-search', body, headers }));
  const oldPage = page.map((q) =>
    q.meiliBody.replace('"facets":["publishedMonth"]', '"facets":["publishedDay","publishedWeek","publishedMonth"]'),
  );
  if (oldPage.some((body, i) => body === page[i]!.meiliBody))
    throw new Error('Expected every page body to ask the month facet for the timeline.');
  // After, with fewer than 121 values per facet: the 120 months of the corpus are cut, so Lede,
  // knowing the archive's extent after its first timeline, asks them as two ranges (89 months from 2015-01, then the rest).
  const split = Date.UTC(2022, 5, 1) / 1000;
  const newPage = page.map((q) => {
    if (after > 120) return q.meiliBody;
    const body = JSON.parse(q.meiliBody) as { queries: Array<{ facets?: string[]; filter?: string[] }> };
    const at = body.queries.findIndex((x) => x.facets?.length === 1 && x.facets[0] === 'publishedMonth');
    const month = body.queries[at]!;
    body.queries.splice(
      at,
      1,
      { ...month, filter: [...(month.filter ?? []), `publishedTs < ${split}`] },
      { ...month, filter: [...(month.filter ?? []), `publishedTs >= ${split}`] },
    );
    return JSON.stringify(body);
  });
  const variants = {
    before: { setting: 1000, api: requests(api.map((q) => q.meiliBody)), page: requests(oldPage) },
    after: { setting: after, api: requests(api.map((q) => q.meiliBody)), page: requests(newPage) },
  };
  const results: Record<string, LoadResult[]> = {};
  for (let pair = 0; pair < pairs; pair++) {
    for (const name of pair % 2 === 0 ? (['before', 'after'] as const) : (['after', 'before'] as const)) {
      const v = variants[name];
      await admin
        .index(INDEX)
        .updateSettings({ faceting: { maxValuesPerFacet: v.setting } })
        .waitTask();
      for (const kind of ['api', 'page'] as const) {
        const r = await runLoad({ url: server.url, requests: v[kind], connections: 1, duration: block });
        (results[`${name} ${kind}`] ??= []).push(r);
      }
    }
  }
  const mean = (rs: LoadResult[], pick: (r: LoadResult) => number) =>
    Math.round((rs.reduce((s, r) => s + pick(r), 0) / rs.length) * 100) / 100;
  for (const [key, rs] of Object.entries(results)) {
    console.log(
      `${key.padEnd(12)} p50 ${mean(rs, (r) => r.p50Ms)} ms, p99 ${mean(rs, (r) => r.p99Ms)} ms, ${mean(rs, (r) => r.requestsPerSec)} req/s (${rs.length} blocks of ${block} s)`,
    );
  }
  // Answer sizes: what Lede's API process parses per request.
  for (const name of ['before', 'after'] as const) {
    const v = variants[name];
    await admin
      .index(INDEX)
      .updateSettings({ faceting: { maxValuesPerFacet: v.setting } })
      .waitTask();
    for (const kind of ['api', 'page'] as const) {
      let total = 0;
      for (const request of v[kind])
        total += (await (await fetch(`${server.url}${request.path}`, { method: 'POST', body: request.body ?? null, headers })).text())
          .length;
      console.log(`${`${name} ${kind}`.padEnd(12)} answer ${Math.round(total / v[kind].length / 1024)} KB on average`);
    }
  }
} finally {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}
