/**
 * Saved searches and alerts against a real Meilisearch and a real webhook receiver on 127.0.0.1:
 * write protection, the CRUD API and its validation, the scoped keys, signed deliveries, a
 * re-ingest without a duplicate, failure + retry with backoff, giving up, a restart that keeps
 * the checkpoint, an idle round without per-search queries, a late write into the overlap, and
 * the per-article delivery records of earlier versions.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MeiliSink } from '../../ingest/sink.ts';
import { singleNodeBackend } from '../../src/analysis/planned.ts';
import { AlertLoop, type AlertLoopOptions } from '../../src/alerts/loop.ts';
import { signBody, type AlertPayload } from '../../src/alerts/webhook.ts';
import type { Article } from '../../src/article.ts';
import { createMeiliClient } from '../../src/meili/client.ts';
import { ensureSearchKey } from '../../src/meili/keys.ts';
import { savedSearchIndex, setupSavedSearchIndex } from '../../src/meili/saved-index.ts';
import { applySettings } from '../../src/meili/settings.ts';
import { SavedSearchStore } from '../../src/saved/store.ts';
import { deleteIndex, get, makeArticle, startApp, type RunningApp } from './api-helpers.ts';
import { uniqueIndex } from '../support/meili.ts';

const TOKEN = 'test-admin-token-0123456789';
const SECRET = 'webhook-secret-abcdefghijkl';
const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on 127.0.0.1 that records requests and answers `status()`. */
async function receiver(status: () => number) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const code = status();
      if (code < 300) received.push({ headers: req.headers, body });
      res.writeHead(code).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const glacier = (n: number, extra: Partial<Article> = {}) =>
  makeArticle({ title: `Glacier report ${n}`, body: `The glacier retreated again, report ${n}.`, countries: ['Switzerland'], ...extra });

describe('saved searches and alerts', () => {
  const index = uniqueIndex('test_saved');
  const admin = createMeiliClient(inject('meiliUrl'), inject('meiliKey'));
  let app: RunningApp;
  let store: SavedSearchStore;
  let searchKey: string;
  let keys: Awaited<ReturnType<typeof setupSavedSearchIndex>>;
  let hookStatus = 200;
  let hook: Awaited<ReturnType<typeof receiver>>;
  const logs: string[] = [];

  const write = async (articles: Article[]) => {
    const sink = new MeiliSink(admin, index);
    for (const a of articles) await sink.add(a, { input: 'test' });
    const result = await sink.drain();
    expect(result.indexed).toBe(articles.length);
  };
  const loop = (options: Partial<AlertLoopOptions> = {}) =>
    new AlertLoop({
      store: new SavedSearchStore(createMeiliClient(inject('meiliUrl'), keys.alertsKey), savedSearchIndex(index)),
      articles: singleNodeBackend(createMeiliClient(inject('meiliUrl'), searchKey), index),
      tasks: createMeiliClient(inject('meiliUrl'), keys.tasksKey),
      backoffMs: 100,
      log: (line) => logs.push(line),
      ...options,
    });
  const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = auth) =>
    fetch(`${app.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });

  beforeAll(async () => {
    await applySettings(admin, index);
    keys = await setupSavedSearchIndex(admin, index, true);
    searchKey = await ensureSearchKey(admin, `${index}*`);
    store = new SavedSearchStore(createMeiliClient(inject('meiliUrl'), keys.alertsKey), savedSearchIndex(index));
    hook = await receiver(() => hookStatus);
    await write([makeArticle({ title: 'An old glacier story', countries: ['Switzerland'] })]);
    app = await startApp({
      meili: { url: inject('meiliUrl'), searchKey },
      index,
      rateLimitPerMinute: 0,
      adminToken: TOKEN,
      savedSearches: store,
    });
  });

  afterAll(async () => {
    await app?.close();
    await hook?.close();
    await deleteIndex(inject('meiliUrl'), inject('meiliKey'), index);
    await deleteIndex(inject('meiliUrl'), inject('meiliKey'), savedSearchIndex(index));
  });

  it('asks for the admin token on writes and saved-search reads, keeps search open', async () => {
    const body = { name: 'Glaciers', q: 'glacier' };
    expect((await send('POST', '/api/saved-searches', body, { 'content-type': 'application/json' })).status).toBe(401);
    const wrong = await send('POST', '/api/saved-searches', body, { ...auth, authorization: 'Bearer nope-nope-nope-nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toContain('Bearer');
    expect(await wrong.json()).toMatchObject({ error: { code: 'unauthorized' } });
    expect((await get(app.url, '/api/saved-searches')).status).toBe(401);
    expect((await get(app.url, '/api/search?q=glacier')).status).toBe(200);
    expect((await send('POST', '/api/search', {})).status).toBe(405);
  });

  it('creates, lists, reads, replaces and deletes saved searches; never shows the secret', async () => {
    const created = await send('POST', '/api/saved-searches', {
      name: 'Swiss glaciers',
      q: 'glacier',
      country: 'Switzerland',
      from: '2020-01-01',
      webhook: hook.url,
      secret: SECRET,
    });
    expect(created.status).toBe(201);
    const view = (await created.json()) as Record<string, unknown>;
    expect(view).toMatchObject({
      name: 'Swiss glaciers',
      q: 'glacier',
      country: ['Switzerland'],
      from: '2020-01-01',
      webhook: hook.url,
      hasSecret: true,
    });
    expect(JSON.stringify(view)).not.toContain(SECRET);
    const id = String(view['id']);
    expect(created.headers.get('location')).toBe(`/api/saved-searches/${id}`);

    const list = (await (await send('GET', '/api/saved-searches', undefined, auth)).json()) as { savedSearches: Array<{ id: string }> };
    expect(list.savedSearches.map((s) => s.id)).toContain(id);
    const replaced = await send('PUT', `/api/saved-searches/${id}`, {
      name: 'Glaciers (CH)',
      q: 'glacier',
      country: ['Switzerland'],
      webhook: hook.url,
      secret: SECRET,
    });
    expect(replaced.status).toBe(200);
    expect(((await (await send('GET', `/api/saved-searches/${id}`, undefined, auth)).json()) as { name: string }).name).toBe(
      'Glaciers (CH)',
    );

    const feed = await get(app.url, `/api/saved-searches/${id}/feed.atom`);
    expect(feed.status).toBe(200);
    expect(feed.text).toContain('<title type="text">Lede: Glaciers (CH)</title>');
    expect(feed.text).toContain('An old glacier story');

    const other = (await (await send('POST', '/api/saved-searches', { name: 'Temp', q: 'x' })).json()) as { id: string };
    expect((await send('DELETE', `/api/saved-searches/${other.id}`)).status).toBe(204);
    expect((await send('GET', `/api/saved-searches/${other.id}`)).status).toBe(404);
  });

  it('validates bodies with 400 JSON errors', async () => {
    const cases: Array<[unknown, string]> = [
      [{ q: 'x' }, 'invalid_parameter'],
      [{ name: 'x', webhook: 'ftp://example.org/' }, 'invalid_parameter'],
      [{ name: 'x', webhook: 'http://127.0.0.1:1/' }, 'invalid_parameter'],
      [{ name: 'x', colour: 'red' }, 'unknown_parameter'],
      [{ name: 'x', from: '2024-13-40' }, 'invalid_date'],
      [{ name: 'x', country: [1] }, 'invalid_parameter'],
    ];
    for (const [body, code] of cases) {
      const response = await send('POST', '/api/saved-searches', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code } });
    }
    const broken = await fetch(`${app.url}/api/saved-searches`, { method: 'POST', headers: auth, body: '{"name":' });
    expect(broken.status).toBe(400);
  });

  it('keeps the saved-searches index away from the search-only key', async () => {
    const searchOnly = createMeiliClient(inject('meiliUrl'), searchKey);
    const error = (await searchOnly
      .index(savedSearchIndex(index))
      .search('')
      .catch((e: unknown) => e)) as Error;
    expect((error.cause as { response?: { status: number } }).response?.status).toBe(403);
  });

  it('delivers new matches once, signed, whoever wrote them; not again on an unchanged re-ingest', async () => {
    const alerts = loop();
    await alerts.round(); // the checkpoint moves past the old article
    hook.received.length = 0;
    const fresh = [glacier(1), glacier(2), makeArticle({ title: 'Glacier in Norway', countries: ['Norway'] })];
    await write(fresh);
    const report = await alerts.round();
    expect(report.delivered).toBe(2);
    expect(hook.received).toHaveLength(1);
    const [request] = hook.received;
    expect(request!.headers['x-lede-signature']).toBe(signBody(request!.body, SECRET));
    const payload = JSON.parse(request!.body) as AlertPayload;
    expect(payload.savedSearch.name).toBe('Glaciers (CH)');
    expect(payload.articles.map((a) => a.title).sort()).toEqual(['Glacier report 1', 'Glacier report 2']);
    expect(payload.articles[0]).toEqual({
      id: expect.any(String),
      title: expect.any(String),
      url: expect.any(String),
      source: 'Example News',
      publishedAt: '2024-05-01T10:00:00.000Z',
      countries: ['Switzerland'],
      persons: [],
      organizations: [],
      topics: [],
    });

    await write(fresh); // re-ingested unchanged: new indexedTs, same ids
    const again = await alerts.round();
    expect(again.delivered).toBe(0);
    expect(again.duplicatesSkipped).toBeGreaterThanOrEqual(2);
    expect(hook.received).toHaveLength(1);
  });

  it('retries a failing webhook with backoff, then delivers', async () => {
    const alerts = loop();
    hookStatus = 500;
    await write([glacier(3)]);
    const failed = await alerts.round();
    expect(failed.failures).toBe(1);
    const [search] = (await store.list()).filter((s) => s.webhook);
    expect(search!.retry).toMatchObject({ attempts: 1 });
    expect(logs.some((l) => l.includes('failed (attempt 1'))).toBe(true);
    hookStatus = 200;
    await new Promise((resolve) => setTimeout(resolve, 150));
    const before = hook.received.length;
    const retried = await alerts.round();
    expect(retried.delivered).toBe(1);
    expect(hook.received.length).toBe(before + 1);
    expect(JSON.parse(hook.received.at(-1)!.body).articles[0].title).toBe('Glacier report 3');
    expect((await store.list()).find((s) => s.id === search!.id)!.retry).toBeNull();
  });

  it('survives a restart: a new loop starts from the stored checkpoint', async () => {
    const before = hook.received.length;
    await write([glacier(4)]);
    const restarted = loop(); // new objects, nothing in memory
    const report = await restarted.round();
    expect(report.delivered).toBe(1);
    expect(hook.received.length).toBe(before + 1);
    expect(JSON.parse(hook.received.at(-1)!.body).articles.map((a: { title: string }) => a.title)).toEqual(['Glacier report 4']);
    expect((await restarted.round()).delivered).toBe(0);
  });

  it('makes no per-search query when nothing is new, and still finds a late write into the overlap', async () => {
    const alerts = loop();
    await alerts.round(); // a loop's first round reads every window in full
    const idleAt = Date.now();
    const idle = await alerts.round(); // its checkpoint moves past idleAt
    expect(idle).toMatchObject({ queried: 0, delivered: 0, writes: 0 });
    const before = hook.received.length;
    // Landing now, stamped before the idle round (another writer's clock, a request in flight): behind the checkpoint, inside the overlap.
    await write([glacier(40, { indexedTs: idleAt - 1 })]);
    const late = await alerts.round();
    expect(late.delivered).toBe(1);
    expect(hook.received.length).toBe(before + 1);
    expect(JSON.parse(hook.received.at(-1)!.body).articles.map((a: { title: string }) => a.title)).toEqual(['Glacier report 40']);
    expect(await alerts.round()).toMatchObject({ queried: 0, delivered: 0 });
  });

  it('reads the per-article delivery records of earlier versions', async () => {
    const [search] = (await store.list()).filter((s) => s.webhook);
    const article = glacier(41);
    const legacy = {
      id: 'd-legacy-41',
      kind: 'delivery',
      savedSearchId: search!.id,
      articleId: article.id,
      deliveredTs: Date.now(),
      status: 'delivered',
    };
    await store.apply([legacy as never]);
    const before = hook.received.length;
    await write([article]);
    const report = await loop().round(); // a new loop: nothing in memory, the records answer
    expect(report.delivered).toBe(0);
    expect(report.duplicatesSkipped).toBeGreaterThanOrEqual(1);
    expect(hook.received.length).toBe(before);
  });

  it('gives up after the stated time and says so', async () => {
    hookStatus = 503;
    const alerts = loop({ backoffMs: 1, giveUpAfterMs: 50 });
    await write([glacier(5)]);
    expect((await alerts.round()).failures).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 80));
    const last = await alerts.round();
    expect(last.abandoned).toBe(1);
    expect(logs.some((l) => l.includes('giving up on 1 article'))).toBe(true);
    hookStatus = 200;
    const n = hook.received.length;
    const after = await alerts.round();
    expect(hook.received.slice(n).map((r) => r.body)).toEqual([]);
    expect(after.delivered).toBe(0);
  });

  it('shows what is new since the last visit on the saved search page', async () => {
    const [search] = (await store.list()).filter((s) => s.webhook);
    const first = await get(app.url, `/saved/${search!.id}`);
    expect(first.status).toBe(200);
    expect(first.text).toContain('Glacier report 5');
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    await write([glacier(6)]);
    const second = await get(app.url, `/saved/${search!.id}`, { headers: { cookie } });
    expect(second.text).toContain('Glacier report 6');
    expect(second.text).not.toContain('Glacier report 5');
    expect(second.text).toContain('<strong>1</strong> new article since');
  });
});
