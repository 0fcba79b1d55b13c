import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFetcher, type Fetcher } from '../../ingest/sources/http.ts';
import { watchFeeds, type FeedPoll, type WatchOptions } from '../../ingest/sources/watch.ts';

interface Item {
  guid: string;
  title: string;
  body?: string;
  link?: string;
}

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function rss(items: Item[]): string {
  return `<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Tideline</title>
${items
  .map(
    (item) => `<item><title>${escapeXml(item.title)}</title><guid isPermaLink="false">${item.guid}</guid>
<link>${item.link ?? `https://tideline.example/${item.guid}`}</link>
<content:encoded>${escapeXml(item.body ?? `<p>${'Full text of the story. '.repeat(30)}</p>`)}</content:encoded></item>`,
  )
  .join('\n')}
</channel></rss>`;
}

/** A feed server; `etag: false` serves no validators. */
async function feedServer(items: Item[], { etag = true } = {}) {
  const requests: http.IncomingHttpHeaders[] = [];
  const pages = new Map<string, string>();
  const server = http.createServer((req, res) => {
    requests.push(req.headers);
    const page = pages.get(req.url ?? '');
    if (page) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
      return;
    }
    const tag = `"v${items.length}"`;
    if (etag && req.headers['if-none-match'] === tag) {
      res.writeHead(304, { etag: tag }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/rss+xml', ...(etag ? { etag: tag } : {}) }).end(rss(items));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cleanups.push(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `${base}/feed.xml`, base, requests, pages };
}

const cleanups: Array<() => Promise<void> | void> = [];
let dir: string;
let stateFile: string;
let fetcher: Fetcher;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lede-watch-'));
  stateFile = path.join(dir, 'data', 'watch-state.json');
  fetcher = createFetcher({ retries: 0, timeoutMs: 2_000, allowPrivateNetwork: true });
});

afterEach(async () => {
  fetcher.close();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await rm(dir, { recursive: true, force: true });
});

/** Runs the watcher for `rounds` rounds, calling `between(round)` after each; returns the titles handed over per call. */
async function watch(url: string, rounds: number, between: (round: number) => void = () => undefined, extra: Partial<WatchOptions> = {}) {
  const controller = new AbortController();
  const emitted: string[][] = [];
  const polls: FeedPoll[] = [];
  await watchFeeds([url], {
    intervalMs: 5,
    stateFile,
    fetcher,
    signal: controller.signal,
    onArticles: (items) => void emitted.push(items.map((item) => item.article.title ?? '')),
    onPoll: (poll, round) => {
      polls.push(poll);
      between(round);
      if (round >= rounds) controller.abort();
    },
    ...extra,
  });
  return { emitted, polls };
}

describe('watchFeeds', () => {
  it('sends the ETag on the next poll and emits nothing on 304, then only the item that appears', async () => {
    const items: Item[] = [
      { guid: 'a1', title: 'Harbour reopens' },
      { guid: 'a2', title: 'Storm warning lifted' },
    ];
    const server = await feedServer(items);
    const { emitted, polls } = await watch(server.url, 3, (round) => {
      if (round === 2) items.unshift({ guid: 'a3', title: 'New pier opens' });
    });
    expect(emitted).toEqual([['Harbour reopens', 'Storm warning lifted'], ['New pier opens']]);
    expect(polls.map((p) => p.notModified)).toEqual([false, true, false]);
    expect(server.requests[1]?.['if-none-match']).toBe('"v2"');

    const state = JSON.parse(await readFile(stateFile, 'utf8')) as { feeds: Record<string, { etag: string; seen: string[] }> };
    expect(state.feeds[server.url]).toMatchObject({ etag: '"v3"', seen: ['a3', 'a1', 'a2'] });
  });

  it('remembers what it saw across restarts', async () => {
    const items: Item[] = [{ guid: 'b1', title: 'Ferry delayed' }];
    const server = await feedServer(items);
    expect((await watch(server.url, 1)).emitted).toEqual([['Ferry delayed']]);
    const again = await watch(server.url, 1);
    expect(again.emitted).toEqual([]);
    expect(server.requests.at(-1)?.['if-none-match']).toBe('"v1"');
  });

  it('deduplicates by item id when the server sends no validators', async () => {
    const items: Item[] = [{ guid: 'c1', title: 'Lighthouse repainted' }];
    const server = await feedServer(items, { etag: false });
    const { emitted, polls } = await watch(server.url, 3, (round) => {
      if (round === 1) items.push({ guid: 'c2', title: 'Gulls return' });
    });
    expect(emitted).toEqual([['Lighthouse repainted'], ['Gulls return']]);
    expect(polls.every((p) => !p.notModified)).toBe(true);
  });

  it('hands the same items over again when the handler failed', async () => {
    const server = await feedServer([{ guid: 'd1', title: 'Quay flooded' }]);
    let calls = 0;
    const problems: string[] = [];
    const { emitted } = await watch(server.url, 2, undefined, {
      onArticles: () => {
        if (++calls === 1) throw new Error('index down');
      },
      onProblems: (list) => problems.push(...list.map((p) => p.code)),
    });
    expect(emitted).toEqual([]);
    expect(calls).toBe(2);
    expect(problems).toEqual(['watch-handler-failed']);
  });

  it('reports an unreachable feed and keeps polling', async () => {
    const problems: string[] = [];
    const { polls } = await watch('http://127.0.0.1:9/feed.xml', 2, undefined, {
      onProblems: (list) => problems.push(...list.map((p) => p.code)),
    });
    expect(polls).toHaveLength(2);
    expect(problems).toEqual(['fetch-network', 'fetch-network']);
  });

  it('starts afresh from a corrupt state file, saying so', async () => {
    const server = await feedServer([{ guid: 'e1', title: 'Tide tables printed' }]);
    await watch(server.url, 1);
    await writeFile(stateFile, '{ not json');
    const problems: string[] = [];
    const { emitted } = await watch(server.url, 1, undefined, { onProblems: (list) => problems.push(...list.map((p) => p.code)) });
    expect(problems).toEqual(['invalid-watch-state']);
    expect(emitted).toEqual([['Tide tables printed']]);
  });

  it('follows teaser items to their page when asked, keeping the feed metadata the page lacks', async () => {
    const server = await feedServer([]);
    const article = `<html><head><title>Page</title></head><body><article><h1>Net makers keep an old trade alive</h1>
<p>${'In a shed by the slipway, three net makers still mend by hand. '.repeat(12)}</p>
<p>They say the work is slow but steady, and orders have grown this year.</p></article></body></html>`;
    server.pages.set('/nets', article);
    const feedItems: Item[] = [
      { guid: 'f1', title: 'Net makers', body: 'Three net makers still mend by hand.', link: `${server.base}/nets` },
    ];
    const teaser = await feedServer(feedItems);
    const handed: Array<{ body?: string; source?: string; url?: string }> = [];
    await watch(teaser.url, 1, undefined, { follow: true, onArticles: (items) => void handed.push(...items.map((i) => i.article)) });
    expect(handed).toHaveLength(1);
    expect(handed[0]?.body).toContain('They say the work is slow but steady');
    expect(handed[0]?.source).toBeTruthy();
    expect(server.requests).toHaveLength(1);
  });
});
