/**
 * Following a story on a sharded cluster: a 2-node local cluster, articles written through the
 * cluster writer, and the HTTP app over the federated searcher and the cluster backend. Saved
 * searches are created, read, updated and deleted (each read right after a write sees it);
 * alerts reach a webhook receiver, signed, once per article, for articles on both shards
 * ingested after the saved search; entity profiles and batch search answer what one node
 * holding the same articles answers (an index on the global test server).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MeiliSink } from '../../ingest/sink.ts';
import { AlertLoop } from '../../src/alerts/loop.ts';
import { signBody, type AlertPayload } from '../../src/alerts/webhook.ts';
import { runBatch, toCsv } from '../../src/analysis/batch.ts';
import { backendFor, clusterBackend } from '../../src/analysis/cluster-backend.ts';
import type { EntityProfile } from '../../src/analysis/entities.ts';
import type { MatchBackend } from '../../src/analysis/planned.ts';
import type { Article } from '../../src/article.ts';
import { facetKeys } from '../../src/facets.ts';
import { createMeiliClient } from '../../src/meili/client.ts';
import { startLocalCluster, type LocalCluster } from '../../src/meili/cluster-local.ts';
import { createClusterWriter, type ClusterWriter } from '../../src/meili/cluster-write.ts';
import { clusterSavedSearchStore, type SavedSearchStore } from '../../src/saved/store.ts';
import { federatedSearcherFor, federatedTransportFor } from '../../src/search/federated.ts';
import { testAdminClient, uniqueIndex } from '../support/meili.ts';
import { deleteIndex, get, makeArticle, seedIndex, startApp, type RunningApp } from './api-helpers.ts';
import { testArticles } from './api-fixtures.ts';

const INDEX = 'articles_story';
const TOKEN = 'story-admin-token-0123456789';
const SECRET = 'story-webhook-secret-abcdef';
const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

const PERSONS = ['Tony Blair', 'Edi Rama', 'Ann Linde', 'Boris Johnson', 'Mia Mottley'];
const ORGS = ['United Nations', 'NATO', 'European Union', 'World Bank'];
const COUNTRIES = ['United Kingdom', 'Albania', 'Sweden', 'Barbados', 'Ireland', 'Iran'];
const TOPICS = ['politics', 'economy', 'environment', 'conflict'];
const SOURCES = ['Thames Daily', 'Harbour Gazette', 'Tirana Ledger'];

/** A deterministic small corpus: every article its own publication time (no ties in "latest"). */
function corpus(): Article[] {
  const out: Article[] = [];
  for (let i = 0; i < 40; i++) {
    const persons = [PERSONS[i % 5]!, ...(i % 3 === 0 ? [PERSONS[(i + 2) % 5]!] : [])];
    out.push(
      makeArticle({
        title: `${i % 4 === 0 ? 'Climate' : i % 4 === 1 ? 'Budget' : i % 4 === 2 ? 'Summit' : 'Trade'} story number ${i}`,
        body: `${persons.join(' and ')} spoke about ${TOPICS[i % 4]} in ${COUNTRIES[i % 6]}.`,
        publishedAt: new Date(Date.UTC(2021, i % 12, 1 + (i % 27), 8, i)).toISOString(),
        persons,
        personKeys: persons.flatMap((p) => facetKeys(p, p === 'Tony Blair' ? ['TB', 'Anthony Blair'] : [])),
        entityAliases: i === 0 ? ['Anthony Blair'] : [],
        organizations: [ORGS[i % 4]!, ...(i % 5 === 0 ? [ORGS[(i + 1) % 4]!] : [])],
        countries: [COUNTRIES[i % 6]!, ...(i % 4 === 0 ? [COUNTRIES[(i + 3) % 6]!] : [])],
        topics: [TOPICS[i % 4]!],
        source: SOURCES[i % 3]!,
      }),
    );
  }
  return [...testArticles(), ...out];
}

const glacier = (n: number) =>
  makeArticle({ title: `Glacier watch ${n}`, body: `The glacier retreated again, watch ${n}.`, countries: ['Switzerland'] });

/** A webhook receiver on 127.0.0.1 that records requests. */
async function receiver() {
  const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const rowsOf = (csv: string) => parse(csv, { columns: true }) as Array<Record<string, string>>;

describe('following a story on a cluster', () => {
  const reference = uniqueIndex('story_reference');
  let dir: string;
  let cluster: LocalCluster;
  /** Waits for every shard (the test reads right after); `ingester` does not, as `lede ingest`. */
  let writer: ClusterWriter;
  let ingester: ClusterWriter;
  let app: RunningApp;
  let single: RunningApp;
  let store: SavedSearchStore;
  let analysis: MatchBackend;
  let hook: Awaited<ReturnType<typeof receiver>>;
  const logs: string[] = [];

  /** Writes to the cluster, and the same articles to the single node compared with it. */
  const write = async (articles: Article[], toReference = true, through = writer) => {
    const sink = new MeiliSink(through.client, INDEX);
    for (const a of articles) await sink.add(a, { input: 'test' });
    const [result] = await Promise.all([
      sink.drain(),
      toReference && testAdminClient().index(reference).addDocuments(articles, { primaryKey: 'id' }).waitTask({ timeout: 60_000 }),
    ]);
    expect(result.indexed).toBe(articles.length);
  };
  const send = (method: string, path: string, body?: unknown) =>
    fetch(`${app.url}${path}`, { method, headers: auth, body: body === undefined ? undefined : JSON.stringify(body) });
  const loop = () =>
    new AlertLoop({
      store,
      articles: analysis,
      tasks: cluster.setup.nodes.map((node) => createMeiliClient(node.url, node.savedSearches.tasksKey)),
      backoffMs: 100,
      log: (line) => logs.push(line),
    });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'lede-story-'));
    cluster = await startLocalCluster({
      bin: inject('meiliBin'),
      nodes: 2,
      basePort: 0,
      dataDir: dir,
      index: INDEX,
      restartOnCrash: false,
    });
    writer = createClusterWriter(cluster.config, { waitForShares: true });
    ingester = createClusterWriter(cluster.config);
    const docs = corpus();
    const [searchKey] = await Promise.all([seedIndex(inject('meiliUrl'), inject('meiliKey'), reference, docs), write(docs, false)]);
    single = await startApp({ meili: { url: inject('meiliUrl'), searchKey }, index: reference, rateLimitPerMinute: 0 });

    const transport = federatedTransportFor(cluster.setup, INDEX);
    const searcher = federatedSearcherFor(cluster.setup, INDEX, { transport });
    analysis = clusterBackend(transport);
    store = clusterSavedSearchStore(cluster.config, cluster.setup, INDEX);
    hook = await receiver();
    app = await startApp({
      searcher,
      health: searcher.health,
      analysis,
      index: INDEX,
      rateLimitPerMinute: 0,
      adminToken: TOKEN,
      savedSearches: store,
    });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await single?.close();
    await hook?.close();
    await cluster?.stop();
    await deleteIndex(inject('meiliUrl'), inject('meiliKey'), reference);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('spreads the articles over both shards', async () => {
    const sizes = await Promise.all(cluster.setup.nodes.map(async (n) => (await n.admin.index(INDEX).getStats()).numberOfDocuments));
    expect(sizes.every((s) => s > 0)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(corpus().length);
  });

  it('creates, lists, reads, replaces and deletes saved searches, each read seeing the write before it', async () => {
    const created = await send('POST', '/api/saved-searches', { name: 'Budget', q: 'budget', country: 'Albania' });
    expect(created.status).toBe(201);
    const id = String(((await created.json()) as Record<string, unknown>)['id']);
    const list = async () =>
      ((await (await send('GET', '/api/saved-searches')).json()) as { savedSearches: Array<{ id: string; name: string }> }).savedSearches;
    expect((await list()).map((s) => s.id)).toContain(id);
    expect(await (await send('GET', `/api/saved-searches/${id}`)).json()).toMatchObject({
      id,
      name: 'Budget',
      q: 'budget',
      country: ['Albania'],
    });

    const replaced = await send('PUT', `/api/saved-searches/${id}`, { name: 'Budget talks', q: 'budget talks' });
    expect(replaced.status).toBe(200);
    expect(await (await send('GET', `/api/saved-searches/${id}`)).json()).toMatchObject({ id, name: 'Budget talks', q: 'budget talks' });
    expect((await list()).find((s) => s.id === id)?.name).toBe('Budget talks');

    // More saved searches until both shards hold some (ids are random): the list joins them in creation order.
    const more: string[] = [];
    const perNode = () =>
      Promise.all(cluster.setup.nodes.map(async (n) => (await n.admin.index(store.indexUid).getStats()).numberOfDocuments));
    while (more.length < 2 || ((await perNode()).some((count) => count === 0) && more.length < 16)) {
      const response = await send('POST', '/api/saved-searches', { name: `Extra ${more.length}`, q: `extra${more.length}` });
      more.push(String(((await response.json()) as Record<string, unknown>)['id']));
    }
    expect((await perNode()).every((count) => count > 0)).toBe(true);
    expect((await list()).map((s) => s.id)).toEqual([id, ...more]);

    for (const gone of [id, ...more]) expect((await send('DELETE', `/api/saved-searches/${gone}`)).status).toBe(204);
    expect((await send('GET', `/api/saved-searches/${id}`)).status).toBe(404);
    expect(await list()).toEqual([]);
  });

  it('delivers alerts for new articles on both shards, signed, each once, not for older ones; survives a restart', async () => {
    await write([glacier(0)]); // before the saved search: never delivered
    const created = await send('POST', '/api/saved-searches', { name: 'Glaciers', q: 'glacier', webhook: hook.url, secret: SECRET });
    const id = String(((await created.json()) as Record<string, unknown>)['id']);
    const alerts = loop();
    await alerts.round();

    // Written as `lede ingest` writes: done once forwarded, the other shard may index its share later.
    // The loop's checkpoint waits for every node's queue, so rounds deliver everything, each article once.
    const fresh = Array.from({ length: 8 }, (_, i) => glacier(i + 1));
    await write(fresh, true, ingester);
    const ids = fresh.map((a) => a.id).sort();
    const count = () => hook.received.flatMap((r) => (JSON.parse(r.body) as AlertPayload).articles).length;
    for (const deadline = Date.now() + 30_000; count() < fresh.length && Date.now() < deadline; ) {
      await alerts.round();
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // The new articles are on both shards.
    const held = await Promise.all(
      cluster.setup.nodes.map(
        async (n) =>
          (await n.admin.index(INDEX).getDocuments({ filter: `id IN [${ids.map((i) => `"${i}"`).join(', ')}]`, limit: 100 })).results
            .length,
      ),
    );
    expect(held.every((n) => n > 0)).toBe(true);
    expect(held.reduce((a, b) => a + b, 0)).toBe(fresh.length);

    for (const request of hook.received) expect(request.headers['x-lede-signature']).toBe(signBody(request.body, SECRET));
    const delivered = () => hook.received.flatMap((r) => (JSON.parse(r.body) as AlertPayload).articles.map((a) => a.id));
    expect(delivered().sort()).toEqual(ids);
    expect(hook.received.every((r) => (JSON.parse(r.body) as AlertPayload).savedSearch.id === id)).toBe(true);

    expect((await alerts.round()).delivered).toBe(0);
    await write(fresh, true, ingester); // re-ingested unchanged
    expect((await alerts.round()).delivered).toBe(0);
    expect((await loop().round()).delivered).toBe(0); // a restarted loop: the delivery records answer
    expect(delivered().sort()).toEqual(ids);
    expect(logs).toEqual([]);

    const page = await get(app.url, `/saved/${id}?since=2000-01-01T00:00:00Z`);
    expect(page.status).toBe(200);
    for (const a of fresh) expect(page.text).toContain(a.title);
    expect((await send('DELETE', `/api/saved-searches/${id}`)).status).toBe(204);
  });

  it('profiles entities as one node holding the same articles does', async () => {
    const paths = [
      '/api/entities/person/Tony%20Blair',
      '/api/entities/person/Edi%20Rama?minCount=1',
      '/api/entities/organization/NATO',
      '/api/entities/country/Albania?q=budget',
      '/api/entities/topic/economy',
      '/api/entities/source/Thames%20Daily?related=20&minCount=1',
    ];
    for (const p of paths) {
      const [got, want] = await Promise.all([get(app.url, p), get(single.url, p)]);
      expect(got.status, p).toBe(200);
      expect(got.json<EntityProfile>(), p).toEqual(want.json<EntityProfile>());
    }
    const blair = (await get(app.url, '/api/entities/person/Tony%20Blair')).json<EntityProfile>();
    expect(blair.aliases).toEqual(['Anthony Blair', 'tb']);
    expect((await get(app.url, '/entities/person/Tony%20Blair')).status).toBe(200);
    expect((await get(app.url, '/api/entities/person/Nobody%20Here')).status).toBe(404);
  });

  it('answers a batch as one node holding the same articles does', async () => {
    const body = { queries: ['budget', 'climate OR summit', 'story', 'glacier', 'nothingmatcheshere', 'stroy'] };
    const post = (base: string, payload: unknown) =>
      fetch(`${base}/api/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
    for (const payload of [body, { ...body, country: 'Albania' }]) {
      const [got, want] = await Promise.all([post(app.url, payload), post(single.url, payload)]);
      expect(got.status).toBe(200);
      const [g, w] = [rowsOf(await got.text()), rowsOf(await want.text())];
      expect(g.length).toBe(body.queries.length);
      g.forEach((row, i) => {
        const { first_ids: gotIds, ...rest } = row;
        const { first_ids: wantIds, ...expected } = w[i]!;
        expect(rest, row['query']).toEqual(expected);
        // Hits ranked alike may come in another order from shards; the whole set when it fits the row.
        if (Number(row['total']) <= 5) expect(gotIds!.split(' ').sort()).toEqual(wantIds!.split(' ').sort());
      });
    }
  });

  it('runs a batch from a connection as `lede batch` does (backendFor), with the rows of the HTTP batch', async () => {
    const queries = ['budget', 'climate OR summit'];
    const rows = await runBatch(backendFor({ admin: writer.client, cluster: cluster.setup }, INDEX), queries, {});
    const http = await fetch(`${app.url}/api/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ queries }),
    });
    expect(toCsv(rows)).toBe(await http.text());
  });

  it('answers 503 naming the node while one is down: these answers cannot say they are partial', async () => {
    await cluster.stopNode('node2');
    const entity = await get(app.url, '/api/entities/person/Tony%20Blair');
    expect(entity.status).toBe(503);
    expect(entity.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'search_unavailable' });
    expect(entity.text).toContain('node2');
    const batch = await fetch(`${app.url}/api/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ queries: ['budget'] }),
    });
    expect(batch.status).toBe(503);
    expect((await send('GET', '/api/saved-searches')).status).toBe(503);
    await expect(loop().round()).rejects.toMatchObject({ code: 'search_unavailable' });
  });
});
