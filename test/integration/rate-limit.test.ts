/**
 * The rate limit covers every route that searches (the page, the API's search, feed, timeline,
 * facets and article lookups) with one count per client, and clients are told apart by
 * X-Forwarded-For only when LEDE_TRUST_PROXY says which proxies to believe.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig, parseTrustProxy } from '../../src/config.ts';
import { LedeError } from '../../src/errors.ts';
import type { AppOptions } from '../../src/server/app.ts';
import { deleteIndex, get, makeArticle, seedIndex, startApp, type RunningApp } from './api-helpers.ts';
import { uniqueIndex } from '../support/meili.ts';

const index = uniqueIndex('ratelimit');
let searchKey: string;
const article = makeArticle({ title: 'Harbour wall repaired', body: 'Masons finished the harbour wall.', topics: ['economy'] });

beforeAll(async () => {
  searchKey = await seedIndex(inject('meiliUrl'), inject('meiliKey'), index, [article]);
});
afterAll(() => deleteIndex(inject('meiliUrl'), inject('meiliKey'), index));

async function withApp<T>(options: Partial<AppOptions>, run: (app: RunningApp) => Promise<T>): Promise<T> {
  const app = await startApp({ meili: { url: inject('meiliUrl'), searchKey }, index, ...options });
  try {
    return await run(app);
  } finally {
    await app.close();
  }
}

const SEARCHING_ROUTES = [
  '/?q=harbour',
  '/?q=harbour&topic=economy',
  '/api/search?q=harbour',
  '/api/search.atom?q=harbour',
  '/api/timeline?q=harbour',
  '/api/facets/topic?q=eco',
  `/api/articles/${article.id}`,
];

describe('rate limit: every route that searches', () => {
  it.each(SEARCHING_ROUTES)('%s answers 429 past the limit', async (route) => {
    await withApp({ rateLimitPerMinute: 2 }, async (app) => {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await get(app.url, route)).status);
      expect(statuses).toEqual([200, 200, 429]);
    });
  });

  it('counts the page and the API together, answers the page with an HTML 429, and leaves static assets alone', async () => {
    await withApp({ rateLimitPerMinute: 3 }, async (app) => {
      expect((await get(app.url, '/?q=harbour')).status).toBe(200);
      expect((await get(app.url, '/api/search?q=harbour')).status).toBe(200);
      expect((await get(app.url, '/?q=wall')).status).toBe(200);
      const page = await get(app.url, '/?q=again', { headers: { accept: 'text/html' } });
      expect(page.status).toBe(429);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.text).toContain('Too many requests');
      expect((await get(app.url, '/api/search?q=again')).status).toBe(429);
      expect((await get(app.url, '/assets/style.css')).status).toBe(200);
    });
  });
});

describe('rate limit: clients behind a reverse proxy (LEDE_TRUST_PROXY)', () => {
  const as = (address: string) => ({ headers: { 'x-forwarded-for': address } });

  it('by default ignores X-Forwarded-For: a client cannot escape the limit by sending a new one each time', async () => {
    await withApp({ rateLimitPerMinute: 2 }, async (app) => {
      const statuses = [];
      for (const address of ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4'])
        statuses.push((await get(app.url, '/?q=x', as(address))).status);
      expect(statuses).toEqual([200, 200, 429, 429]);
    });
  });

  it.each([
    ['one hop', '1'],
    ['the proxy address', '127.0.0.1'],
    ['a named subnet', 'loopback'],
  ])('when configured (%s), tells the clients behind the proxy apart by X-Forwarded-For', async (_label, value) => {
    await withApp({ rateLimitPerMinute: 2, trustProxy: parseTrustProxy(value) }, async (app) => {
      const first = [];
      for (let i = 0; i < 3; i++) first.push((await get(app.url, '/api/search?q=x', as('203.0.113.7'))).status);
      expect(first).toEqual([200, 200, 429]);
      // Another client behind the same proxy still has its own allowance…
      expect((await get(app.url, '/?q=x', as('198.51.100.9'))).status).toBe(200);
      // …and the proxy's own address is not one shared bucket that the first client used up.
      expect((await get(app.url, '/?q=x', as('198.51.100.10'))).status).toBe(200);
    });
  });

  it('does not believe a proxy that is not the configured one', async () => {
    await withApp({ rateLimitPerMinute: 2, trustProxy: parseTrustProxy('10.9.9.9') }, async (app) => {
      const statuses = [];
      for (const address of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) statuses.push((await get(app.url, '/?q=x', as(address))).status);
      expect(statuses).toEqual([200, 200, 429]);
    });
  });

  it('reads LEDE_TRUST_PROXY: off by default, hops, addresses, and a clear error otherwise', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ LEDE_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ LEDE_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ LEDE_TRUST_PROXY: '10.0.0.1, 10.0.1.0/24,loopback' }).trustProxy).toBe('10.0.0.1,10.0.1.0/24,loopback');
    expect(() => loadConfig({ LEDE_TRUST_PROXY: 'proxy.example' })).toThrow(LedeError);
    expect(() => loadConfig({ LEDE_TRUST_PROXY: 'proxy.example' })).toThrow(/LEDE_TRUST_PROXY.*got `proxy\.example`/);
  });
});
