import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createFetcher, DEFAULT_USER_AGENT, FetchError, type Fetcher, type FetcherOptions } from '../../ingest/sources/http.ts';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

interface TestServer {
  url: string;
  requests: http.IncomingMessage[];
  close(): Promise<void>;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A real server on a free port of 127.0.0.1; `handler` answers every request. */
async function serve(handler: Handler): Promise<TestServer> {
  const requests: http.IncomingMessage[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = (): Promise<void> => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  };
  cleanups.push(close);
  return { url: `http://127.0.0.1:${port}`, requests, close };
}

/** A fetcher for the loopback test servers: private addresses allowed (see ssrf.test.ts for the default). */
function fetcher(options: FetcherOptions = {}): Fetcher {
  const created = createFetcher({ backoffMs: 1, maxBackoffMs: 5, timeoutMs: 2_000, allowPrivateNetwork: true, ...options });
  cleanups.push(() => created.close());
  return created;
}

const page = (res: http.ServerResponse, body = '<html><body><p>Hello</p></body></html>', type = 'text/html; charset=utf-8'): void => {
  res.writeHead(200, { 'content-type': type });
  res.end(body);
};

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FetchError);
  return error as FetchError;
}

describe('fetch: retries', () => {
  it('retries a 503 with backoff, then returns the page', async () => {
    let calls = 0;
    const server = await serve((_req, res) => {
      if (++calls <= 2) {
        res.writeHead(503).end();
        return;
      }
      page(res);
    });
    const waits: number[] = [];
    const result = await fetcher({ sleep: async (ms) => void waits.push(ms), random: () => 1 }).fetch(`${server.url}/story`);
    expect(result.status).toBe(200);
    expect(result.bytes.toString()).toContain('Hello');
    expect(result.contentType).toBe('text/html; charset=utf-8');
    expect(server.requests).toHaveLength(3);
    expect(waits).toEqual([1, 2]);
  });

  it('honours Retry-After on 429', async () => {
    let calls = 0;
    const server = await serve((_req, res) => {
      if (++calls === 1) {
        res.writeHead(429, { 'retry-after': '3' }).end();
        return;
      }
      page(res);
    });
    const waits: number[] = [];
    const result = await fetcher({ sleep: async (ms) => void waits.push(ms) }).fetch(server.url);
    expect(result.status).toBe(200);
    expect(waits).toEqual([3000]);
  });

  it('gives up at once when Retry-After is longer than allowed', async () => {
    const server = await serve((_req, res) => res.writeHead(429, { 'retry-after': '3600' }).end());
    const error = await failure(fetcher({ maxRetryAfterMs: 10_000 }).fetch(server.url));
    expect(error).toMatchObject({ code: 'http-status', status: 429, url: `${server.url}/` });
    expect(error.message).toMatch(/Retry-After/);
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry a 404', async () => {
    const server = await serve((_req, res) => res.writeHead(404).end());
    const error = await failure(fetcher().fetch(`${server.url}/gone`));
    expect(error).toMatchObject({ code: 'http-status', status: 404, url: `${server.url}/gone` });
    expect(server.requests).toHaveLength(1);
  });

  it('retries a dropped connection as a network error, and reports it when it keeps failing', async () => {
    let calls = 0;
    const server = await serve((req, res) => {
      if (++calls === 1 || req.url === '/always') {
        req.socket.destroy();
        return;
      }
      page(res);
    });
    expect((await fetcher().fetch(server.url)).status).toBe(200);
    const error = await failure(fetcher({ retries: 1 }).fetch(`${server.url}/always`));
    expect(error.code).toBe('network');
  });
});

describe('fetch: limits', () => {
  it('times out a server that never answers', async () => {
    const server = await serve(() => undefined);
    const started = Date.now();
    const error = await failure(fetcher({ timeoutMs: 100, retries: 0 }).fetch(server.url));
    expect(error.code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('aborts a streamed body past the size cap', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const push = (): void => {
        while (sent < 200 && res.write(chunk)) sent++;
        if (sent < 200) res.once('drain', push);
        else res.end();
      };
      push();
    });
    const error = await failure(fetcher({ maxBytes: 1024 * 1024 }).fetch(server.url));
    expect(error).toMatchObject({ code: 'too-large', status: 200 });
  });

  it('refuses a declared Content-Length over the cap without reading the body', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(5_000_000) });
      res.write('<html>');
    });
    const error = await failure(fetcher({ maxBytes: 1_000_000 }).fetch(server.url));
    expect(error.code).toBe('too-large');
    expect(error.message).toMatch(/declares 5000000 bytes/);
  });

  it('holds the per-host concurrency limit (counted on the server)', async () => {
    let active = 0;
    let peak = 0;
    const server = await serve((_req, res) => {
      peak = Math.max(peak, ++active);
      setTimeout(() => {
        active--;
        page(res);
      }, 40);
    });
    const f = fetcher({ perHostConcurrency: 2, concurrency: 10 });
    await Promise.all(Array.from({ length: 6 }, (_, i) => f.fetch(`${server.url}/${i}`)));
    expect(peak).toBe(2);
    expect(server.requests).toHaveLength(6);
  });

  it('holds the global limit across hosts', async () => {
    let active = 0;
    let peak = 0;
    const handler: Handler = (_req, res) => {
      peak = Math.max(peak, ++active);
      setTimeout(() => {
        active--;
        page(res);
      }, 40);
    };
    const [a, b] = [await serve(handler), await serve(handler)];
    const f = fetcher({ perHostConcurrency: 2, concurrency: 3 });
    await Promise.all(Array.from({ length: 8 }, (_, i) => f.fetch(`${i % 2 ? a.url : b.url}/${i}`)));
    expect(peak).toBe(3);
  });
});

describe('fetch: redirects', () => {
  it('follows a chain of relative and absolute redirects and returns the final URL', async () => {
    const server = await serve((req, res) => {
      const hop = { '/r1': '/r2', '/r2': 'r3', '/r3': `${origin}/final` }[req.url ?? ''];
      if (hop) res.writeHead(req.url === '/r2' ? 302 : 301, { location: hop }).end();
      else page(res, '<p>Arrived</p>');
    });
    const origin = server.url;
    const result = await fetcher().fetch(`${server.url}/r1`);
    expect(result.url).toBe(`${server.url}/final`);
    expect(result.input).toBe(`${server.url}/r1`);
    expect(result.bytes.toString()).toBe('<p>Arrived</p>');
  });

  it('stops after maxRedirects', async () => {
    const server = await serve((req, res) => {
      const n = Number(req.url?.slice(1));
      res.writeHead(302, { location: `/${n + 1}` }).end();
    });
    const error = await failure(fetcher({ maxRedirects: 5 }).fetch(`${server.url}/0`));
    expect(error).toMatchObject({ code: 'too-many-redirects', status: 302 });
    expect(server.requests).toHaveLength(6);
  });

  it('detects a redirect loop', async () => {
    const server = await serve((req, res) => {
      res.writeHead(301, { location: req.url === '/a' ? '/b' : '/a' }).end();
    });
    const error = await failure(fetcher().fetch(`${server.url}/a`));
    expect(error.code).toBe('too-many-redirects');
    expect(error.message).toMatch(/loop/);
    expect(server.requests).toHaveLength(2);
  });
});

describe('fetch: content', () => {
  it('rejects a non-HTML, non-feed content type with the reason', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(Buffer.alloc(10));
    });
    const error = await failure(fetcher().fetch(`${server.url}/photo`));
    expect(error).toMatchObject({ code: 'unsupported-content-type', status: 200, url: `${server.url}/photo` });
    expect(error.message).toContain('image/png');
  });

  it('accepts feeds and decompresses gzip', async () => {
    const feed = '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>';
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' });
      res.end(gzipSync(feed));
    });
    const result = await fetcher().fetch(server.url);
    expect(result.bytes.toString()).toBe(feed);
  });

  it('sends the descriptive User-Agent', async () => {
    const server = await serve((_req, res) => page(res));
    await fetcher().fetch(server.url);
    expect(server.requests[0]?.headers['user-agent']).toBe(DEFAULT_USER_AGENT);
    expect(DEFAULT_USER_AGENT).toBe('Lede/0.1 (+https://github.com/lede-news/lede)');
  });

  it('sends If-None-Match / If-Modified-Since and reports 304 as not modified', async () => {
    const lastModified = 'Tue, 05 Nov 2024 09:30:00 GMT';
    const server = await serve((req, res) => {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { etag: '"v1"' }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/atom+xml', etag: '"v1"', 'last-modified': lastModified });
      res.end('<feed xmlns="http://www.w3.org/2005/Atom"></feed>');
    });
    const f = fetcher();
    const first = await f.fetch(server.url);
    expect(first).toMatchObject({ status: 200, notModified: false, etag: '"v1"', lastModified });
    const second = await f.fetch(server.url, { etag: first.etag, lastModified: first.lastModified });
    expect(second).toMatchObject({ status: 304, notModified: true, etag: '"v1"' });
    expect(second.bytes.length).toBe(0);
    expect(server.requests[1]?.headers['if-modified-since']).toBe(lastModified);
  });

  it('rejects a non-http URL and bad options with what was expected', async () => {
    expect((await failure(fetcher().fetch('ftp://example.org/x'))).code).toBe('invalid-url');
    expect(() => createFetcher({ concurrency: 0 })).toThrow('Expected `concurrency` to be a positive integer, got `0` (number)');
  });

  it('stops on abort', async () => {
    const server = await serve(() => undefined);
    const controller = new AbortController();
    const pending = fetcher().fetch(server.url, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop')), 20);
    await expect(pending).rejects.toThrow('stop');
  });
});
