/**
 * SSRF: the ingest fetcher refuses loopback, private, link-local and metadata destinations unless
 * private networks are allowed — on the first request and on every redirect hop, checked on the
 * address the socket connects to. Every server here listens on loopback; "public-looking" names
 * resolve through a test resolver to loopback addresses, and `allowNetworks` stands in for "a
 * public server" where a first hop must be allowed. No test lets a packet leave the machine:
 * refusals happen before a socket connects, which the tests count.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { Resolver } from '../../ingest/sources/address-guard.ts';
import { followArticle } from '../../ingest/sources/follow.ts';
import { createFetcher, FetchError, type Fetcher, type FetcherOptions } from '../../ingest/sources/http.ts';
import { pollFeed } from '../../ingest/sources/watch.ts';
import { ingest } from '../../ingest/ingest.ts';
import { runLede } from '../support/lede-cli.ts';
import { testAdminClient, uniqueIndex } from '../support/meili.ts';

const PAGE = `<html><head><title>Harbour wall repaired</title></head><body><article><h1>Harbour wall repaired</h1>
<p>${'Masons finished the last course of stone on Monday, and the harbour is open again. '.repeat(12)}</p></article></body></html>`;

interface TestServer {
  port: number;
  url: string;
  requests: http.IncomingMessage[];
  /** TCP connections accepted (before any HTTP). */
  connections: number;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(
  host: string,
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void = (_q, res) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE),
): Promise<TestServer> {
  const requests: http.IncomingMessage[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  const result = { connections: 0 };
  server.on('connection', () => result.connections++);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  cleanups.push(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return Object.assign(result, { port, url: `http://${host}:${port}`, requests });
}

function fetcher(options: FetcherOptions = {}): Fetcher {
  const created = createFetcher({ retries: 0, timeoutMs: 2_000, ...options });
  cleanups.push(() => created.close());
  return created;
}

/** A resolver that answers from a table (and records what it was asked); unknown names fail. */
function resolver(table: Record<string, string[]>): Resolver & { asked: string[] } {
  const asked: string[] = [];
  const resolve: Resolver = (host, callback) => {
    asked.push(host);
    const addresses = table[host];
    if (!addresses) return callback(Object.assign(new Error(`test resolver: no entry for ${host}`), { code: 'ENOTFOUND' }), []);
    callback(
      null,
      addresses.map((address) => ({ address, family: net.isIPv6(address) ? 6 : 4 })),
    );
  };
  return Object.assign(resolve, { asked });
}

/** Counts socket connection attempts made by this process while `run` runs. */
async function connectsDuring<T>(run: () => Promise<T>): Promise<{ value: T | FetchError; connects: unknown[][] }> {
  const spy = vi.spyOn(net.Socket.prototype, 'connect');
  try {
    const value = await run().catch((error: unknown) => error as FetchError);
    return { value, connects: spy.mock.calls.map((call) => call) };
  } finally {
    spy.mockRestore();
  }
}

describe('SSRF: the fetcher refuses non-public destinations by default', () => {
  it('refuses a loopback URL before connecting, and names the option that allows it', async () => {
    const server = await serve('127.0.0.1');
    const { value, connects } = await connectsDuring(() => fetcher().fetch(`${server.url}/story`));
    expect(value).toBeInstanceOf(FetchError);
    expect(value).toMatchObject({ code: 'blocked-address', url: `${server.url}/story` });
    expect((value as FetchError).message).toMatch(/loopback.*--allow-private-network.*LEDE_ALLOW_PRIVATE_NETWORK=true/);
    expect(connects).toEqual([]);
    expect(server.connections).toBe(0);
  });

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://[::ffff:169.254.169.254]/latest/meta-data/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://[64:ff9b::a9fe:a9fe]/',
    'http://10.0.0.1/',
    'http://172.16.0.1/',
    'http://192.168.0.1/',
    'http://100.64.0.1/',
    'http://0.0.0.0/',
    'http://[::1]/',
    'http://[fd00::1]/',
    'http://[fe80::1]/',
    'http://224.0.0.1/',
    'http://2130706433/',
    'http://0x7f.1/',
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://localhost/',
  ])('refuses %s without a lookup or a connection', async (url) => {
    const resolve = resolver({});
    const { value, connects } = await connectsDuring(() => fetcher({ resolve }).fetch(url));
    expect(value).toMatchObject({ code: 'blocked-address' });
    expect(resolve.asked).toEqual([]);
    expect(connects).toEqual([]);
  });

  it('checks the address a name resolves to: a public-looking name resolving to 127.0.0.1 is refused, and the server sees nothing', async () => {
    const server = await serve('127.0.0.1');
    const resolve = resolver({ 'news.example.com': ['127.0.0.1'], 'mapped.example.com': ['::ffff:127.0.0.1'] });
    for (const host of ['news.example.com', 'mapped.example.com']) {
      const error = await fetcher({ resolve })
        .fetch(`http://${host}:${server.port}/story`)
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'blocked-address' });
      expect((error as Error).message).toContain(`${host} (`);
    }
    expect(resolve.asked).toEqual(['news.example.com', 'mapped.example.com']);
    expect(server.connections).toBe(0);

    // The same name with the opt-in: the connection goes to the address the resolver gave, Host kept.
    const allowed = await fetcher({ resolve, allowPrivateNetwork: true }).fetch(`http://news.example.com:${server.port}/story`);
    expect(allowed.status).toBe(200);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers.host).toBe(`news.example.com:${server.port}`);
  });

  it('refuses a name that resolves to a mix of allowed and refused addresses, connecting to none', async () => {
    const allowedServer = await serve('127.0.0.2');
    const resolve = resolver({ 'mixed.example.com': ['127.0.0.2', '10.0.0.5'] });
    const { value, connects } = await connectsDuring(() =>
      fetcher({ resolve, allowNetworks: ['127.0.0.2/32'] }).fetch(`http://mixed.example.com:${allowedServer.port}/`),
    );
    expect(value).toMatchObject({ code: 'blocked-address' });
    expect((value as Error).message).toContain('10.0.0.5');
    // One socket was asked to connect to the name; its lookup refused, so no address was dialled.
    expect(connects).toHaveLength(1);
    expect(allowedServer.connections).toBe(0);
  });

  it('checks every redirect hop: an allowed server redirecting to loopback, a mapped address or a rebinding name is refused at that hop', async () => {
    const inside = await serve('127.0.0.1');
    const targets: Record<string, string> = {
      '/literal': `http://127.0.0.1:${inside.port}/admin`,
      '/mapped': `http://[::ffff:127.0.0.1]:${inside.port}/admin`,
      '/name': `http://intranet.example.com:${inside.port}/admin`,
      '/localhost': `http://localhost:${inside.port}/admin`,
      '/metadata': 'http://169.254.169.254/latest/meta-data/iam/',
    };
    // 127.0.0.2 plays the public site (allowed by allowNetworks); 127.0.0.1 is the internal service.
    const outside = await serve('127.0.0.2', (req, res) => res.writeHead(302, { location: targets[req.url ?? ''] ?? '/' }).end());
    const resolve = resolver({ 'public.example.com': ['127.0.0.2'], 'intranet.example.com': ['127.0.0.1'] });
    const f = fetcher({ resolve, allowNetworks: ['127.0.0.2/32'] });
    for (const hop of Object.keys(targets)) {
      const error = await f.fetch(`http://public.example.com:${outside.port}${hop}`).catch((e: unknown) => e);
      expect(error, hop).toMatchObject({ code: 'blocked-address', url: new URL(targets[hop]!).href });
    }
    expect(outside.requests.map((r) => r.url)).toEqual(Object.keys(targets));
    expect(inside.connections).toBe(0);
  });
});

describe('SSRF: refusals are reported problems wherever URLs are fetched', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('a URL input: an entry in the ingest report naming the option; nothing reaches the server', async () => {
    const server = await serve('127.0.0.1');
    const f = fetcher();
    const report = await ingest([`${server.url}/story`], {
      client: testAdminClient(),
      index: uniqueIndex('ssrf'),
      pipeline: { fetchUrl: (url) => f.fetch(url) },
    });
    expect(report.read).toBe(0);
    expect(report.failed).toEqual([
      expect.objectContaining({
        input: `${server.url}/story`,
        code: 'fetch-blocked-address',
        message: expect.stringContaining('--allow-private-network'),
      }),
    ]);
    expect(server.requests).toHaveLength(0);
  });

  it('--follow and --watch: the feed item is kept unfollowed / the feed is reported, with the code and the option', async () => {
    const server = await serve('127.0.0.1');
    const followed = await followArticle(
      { title: 'Teaser', url: `${server.url}/story`, body: 'Short.' },
      { fetcher: fetcher() },
      { input: 'feed.xml', position: 'item 1' },
    );
    expect(followed.followed).toBe(false);
    expect(followed.problems).toEqual([
      expect.objectContaining({
        code: 'follow-blocked-address',
        position: 'item 1',
        message: expect.stringContaining('--allow-private-network'),
      }),
    ]);

    const poll = await pollFeed(`${server.url}/feed.xml`, undefined, { fetcher: fetcher() });
    expect(poll.problems).toEqual([expect.objectContaining({ code: 'fetch-blocked-address' })]);
    expect(poll.state).toBeUndefined();
    expect(server.requests).toHaveLength(0);
  });

  it('the CLI refuses a loopback URL by default and fetches it with LEDE_ALLOW_PRIVATE_NETWORK=true or --allow-private-network', async () => {
    const server = await serve('127.0.0.1');
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'lede-ssrf-'));
    dirs.push(cwd);
    const url = `${server.url}/story`;
    const refused = await runLede(['extract', url], { cwd, env: {} });
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stderr.trim().split('\n')[0]!)).toMatchObject({
      input: url,
      code: 'fetch-blocked-address',
      severity: 'error',
    });
    expect(refused.stderr).toContain('--allow-private-network');
    expect(server.requests).toHaveLength(0);

    const viaEnv = await runLede(['extract', url], { cwd, env: { LEDE_ALLOW_PRIVATE_NETWORK: 'true' } });
    expect(viaEnv.code, viaEnv.stderr).toBe(0);
    expect(JSON.parse(viaEnv.stdout.trim())).toMatchObject({ title: 'Harbour wall repaired' });
    const viaFlag = await runLede(['extract', '--allow-private-network', url], { cwd, env: {} });
    expect(viaFlag.code, viaFlag.stderr).toBe(0);
    expect(server.requests).toHaveLength(2);
  }, 60_000);
});
