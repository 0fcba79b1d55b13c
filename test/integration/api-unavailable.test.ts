import net from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../src/meili/managed.ts';
import { deleteIndex, get, seedIndex, startApp } from './api-helpers.ts';
import { testArticles } from './api-fixtures.ts';

const index = `test_api_down_${Math.random().toString(36).slice(2, 8)}`;
let searchKey: string;

/** A TCP proxy to the test Meilisearch that can be stopped and started on the same port. */
function proxy(port: number, target: URL) {
  let server: net.Server | undefined;
  const sockets = new Set<net.Socket>();
  return {
    start: () =>
      new Promise<void>((resolve) => {
        server = net.createServer((client) => {
          const upstream = net.connect(Number(target.port), target.hostname);
          for (const s of [client, upstream]) {
            sockets.add(s);
            s.on('close', () => sockets.delete(s));
            s.on('error', () => s.destroy());
          }
          client.pipe(upstream).pipe(client);
        });
        server.listen(port, '127.0.0.1', () => resolve());
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server ? server.close(() => resolve()) : resolve();
      }),
  };
}

beforeAll(async () => {
  searchKey = await seedIndex(inject('meiliUrl'), inject('meiliKey'), index, testArticles());
});
afterAll(() => deleteIndex(inject('meiliUrl'), inject('meiliKey'), index));

describe('Meilisearch unreachable', () => {
  it('answers 503 JSON quickly when nothing listens on the Meilisearch port', async () => {
    const app = await startApp({ meili: { url: `http://127.0.0.1:${await freePort()}`, searchKey }, index });
    try {
      const started = Date.now();
      const search = await get(app.url, '/api/search?q=cyber');
      expect(Date.now() - started).toBeLessThan(1000);
      expect(search.status).toBe(503);
      expect(search.headers.get('retry-after')).toBe('5');
      expect(search.json()).toEqual({
        error: { code: 'search_unavailable', message: 'Search is temporarily unavailable: The search engine is unreachable.' },
      });
      const health = await get(app.url, '/api/health');
      expect(health.status).toBe(503);
      expect(health.json()).toMatchObject({ status: 'unavailable', meilisearch: 'unreachable' });
      for (const path of ['/api/timeline', '/api/facets/person?q=e', '/api/articles/cyber-visit', '/api/search.atom']) {
        expect((await get(app.url, path)).status, path).toBe(503);
      }
      const page = await get(app.url, '/?q=cyber');
      expect(page.status).toBe(503);
      expect(page.text).toContain('Search is unavailable right now');
    } finally {
      await app.close();
    }
  });

  it('times out instead of hanging when Meilisearch accepts connections but never answers', async () => {
    const silent = net.createServer(() => {});
    const port = await freePort();
    await new Promise<void>((resolve) => silent.listen(port, '127.0.0.1', () => resolve()));
    const app = await startApp({ meili: { url: `http://127.0.0.1:${port}`, searchKey }, index, timeoutMs: 300 });
    try {
      const started = Date.now();
      expect((await get(app.url, '/api/search?q=cyber')).status).toBe(503);
      expect((await get(app.url, '/api/health')).status).toBe(503);
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await app.close();
      silent.close();
    }
  });

  it('recovers without a restart when Meilisearch comes back', async () => {
    const port = await freePort();
    const link = proxy(port, new URL(inject('meiliUrl')));
    await link.start();
    const app = await startApp({ meili: { url: `http://127.0.0.1:${port}`, searchKey }, index });
    try {
      expect((await get(app.url, '/api/search?q=cyber')).status).toBe(200);
      await link.stop();
      expect((await get(app.url, '/api/search?q=cyber')).status).toBe(503);
      expect((await get(app.url, '/api/health')).status).toBe(503);
      await link.start();
      expect((await get(app.url, '/api/search?q=cyber')).status).toBe(200);
      expect((await get(app.url, '/api/health')).json()).toEqual({ status: 'ok', meilisearch: 'available' });
    } finally {
      await app.close();
      await link.stop();
    }
  });
});
