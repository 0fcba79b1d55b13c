/**
 * `lede ingest --watch FEED...`: polls feeds on an interval and hands over only the items not
 * seen before. Conditional requests (ETag / Last-Modified) make an unchanged feed cost one 304.
 *
 * What was seen, with each feed's validators, lives in a small JSON state file written
 * atomically (temp file + rename), so a restarted watcher does not re-emit old items. A feed's
 * state is committed only after `onArticles` has taken its items: if indexing fails, the same
 * items come again on the next round.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { needsFollow, parseFeed, type FeedItem } from '../parse/feed.ts';
import type { ParseResult, Problem, RawInput } from '../types.ts';
import { followArticle } from './follow.ts';
import { createFetcher, FetchError, type Fetcher } from './http.ts';

/** Name of the state file inside the data directory. */
export const WATCH_STATE_FILE = 'watch-state.json';

/** The default state file for a data directory. */
export function defaultWatchStateFile(dataDir: string): string {
  return path.join(dataDir, WATCH_STATE_FILE);
}

export interface FeedState {
  etag?: string;
  lastModified?: string;
  /** Keys (guid / id / link) of items already handed over, newest first. */
  seen: string[];
  /** When the feed was last fetched successfully (ISO 8601). */
  checkedAt?: string;
}

export interface WatchState {
  version: 1;
  feeds: Record<string, FeedState>;
}

export interface PollDependencies {
  fetcher: Pick<Fetcher, 'fetch'>;
  /** Fetch the page of items without full text (`--follow`). @default false */
  follow?: boolean;
  /** Page extractor used when following. @default parseHtml */
  parseHtml?: (raw: RawInput) => ParseResult;
  /** Seen keys kept per feed, beyond those of the items currently in it. @default 5000 */
  maxSeen?: number;
  /** Current time, for `checkedAt`. @default () => new Date() */
  now?: () => Date;
  signal?: AbortSignal;
}

/** One feed fetched once. */
export interface FeedPoll {
  url: string;
  /** The feed's title, when fetched and known. */
  title?: string;
  /** True when the server answered 304 Not Modified. */
  notModified: boolean;
  /** Items not seen before, in feed order. */
  items: FeedItem[];
  problems: Problem[];
  /** The state to commit once the items are taken; undefined when the fetch failed. */
  state?: FeedState;
}

export interface WatchOptions {
  /**
   * Time from the start of one polling round to the start of the next, in milliseconds.
   * @default 300_000 (five minutes)
   */
  intervalMs?: number;
  /** Receives the new items of one feed; the items count as seen once it resolves. */
  onArticles: (items: FeedItem[], feed: { url: string; title?: string }) => void | Promise<void>;
  /** Receives fetch, feed and item problems. @default ignored */
  onProblems?: (problems: Problem[]) => void;
  /** Called after each feed of each round, for progress reports. */
  onPoll?: (poll: FeedPoll, round: number) => void | Promise<void>;
  /** Stops the watcher: `watchFeeds` then resolves. */
  signal?: AbortSignal;
  /** JSON file of seen items and validators (see `defaultWatchStateFile`). */
  stateFile: string;
  /** Fetcher to use. @default a fetcher created with default options, closed on stop */
  fetcher?: Fetcher;
  /** As in PollDependencies. */
  follow?: boolean;
  parseHtml?: (raw: RawInput) => ParseResult;
  maxSeen?: number;
}

/** Fetches one feed (conditionally) and returns its unseen items and the state to commit. */
export async function pollFeed(url: string, previous: FeedState | undefined, deps: PollDependencies): Promise<FeedPoll> {
  const now = deps.now ?? (() => new Date());
  let raw: Awaited<ReturnType<Fetcher['fetch']>>;
  try {
    raw = await deps.fetcher.fetch(url, {
      ...(previous?.etag ? { etag: previous.etag } : {}),
      ...(previous?.lastModified ? { lastModified: previous.lastModified } : {}),
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
  } catch (error) {
    if (!(error instanceof FetchError)) throw error;
    return { url, notModified: false, items: [], problems: [{ input: url, code: `fetch-${error.code}`, message: error.message }] };
  }
  const checkedAt = now().toISOString();
  if (raw.notModified) {
    return { url, notModified: true, items: [], problems: [], state: { ...(previous ?? { seen: [] }), checkedAt } };
  }

  const parsed = parseFeed(raw);
  const seen = new Set(previous?.seen ?? []);
  const fresh = parsed.articles.filter((item) => !seen.has(item.id));
  const problems = [...parsed.problems];
  const items = deps.follow ? await Promise.all(fresh.map((item) => followItem(item, url, deps, problems))) : fresh;

  const current = parsed.articles.map((item) => item.id);
  const currentSet = new Set(current);
  const history = (previous?.seen ?? []).filter((id) => !currentSet.has(id));
  const keep = Math.max(0, (deps.maxSeen ?? 5000) - current.length);
  const state: FeedState = {
    ...(raw.etag ? { etag: raw.etag } : {}),
    ...(raw.lastModified ? { lastModified: raw.lastModified } : {}),
    seen: [...current, ...history.slice(0, keep)],
    checkedAt,
  };
  return { url, ...(parsed.title ? { title: parsed.title } : {}), notModified: false, items, problems, state };
}

async function followItem(item: FeedItem, url: string, deps: PollDependencies, problems: Problem[]): Promise<FeedItem> {
  if (!needsFollow(item.article)) return item;
  const followed = await followArticle(
    item.article,
    { fetcher: deps.fetcher, ...(deps.parseHtml ? { parseHtml: deps.parseHtml } : {}) },
    { input: url, position: item.position, ...(deps.signal ? { signal: deps.signal } : {}) },
  );
  problems.push(...followed.problems);
  return { ...item, article: followed.article };
}

/**
 * Polls the feeds every `intervalMs` until the signal aborts, handing new items to `onArticles`.
 * Resolves when stopped; rejects only if the state file cannot be written.
 */
export async function watchFeeds(urls: readonly string[], options: WatchOptions): Promise<void> {
  const intervalMs = options.intervalMs ?? 300_000;
  if (!Number.isInteger(intervalMs) || intervalMs < 1) {
    throw new TypeError(`Expected \`intervalMs\` to be a positive integer, got \`${String(intervalMs)}\` (${typeof intervalMs})`);
  }
  const { signal } = options;
  const fetcher = options.fetcher ?? createFetcher();
  const report = (problems: Problem[]): void => {
    if (problems.length > 0) options.onProblems?.(problems);
  };
  const { state, problems: loadProblems } = await loadWatchState(options.stateFile);
  report(loadProblems);

  try {
    for (let round = 1; !signal?.aborted; round++) {
      const started = Date.now();
      const deps: PollDependencies = {
        fetcher,
        ...(options.follow ? { follow: true } : {}),
        ...(options.parseHtml ? { parseHtml: options.parseHtml } : {}),
        ...(options.maxSeen !== undefined ? { maxSeen: options.maxSeen } : {}),
        ...(signal ? { signal } : {}),
      };
      const polls = urls.map(async (url) => {
        const poll = await pollFeed(url, state.feeds[url], deps);
        report(poll.problems);
        let taken = true;
        if (poll.items.length > 0) {
          try {
            await options.onArticles(poll.items, { url, ...(poll.title ? { title: poll.title } : {}) });
          } catch (error) {
            taken = false;
            report([
              {
                input: url,
                code: 'watch-handler-failed',
                message: `New items were not taken; retrying next round: ${(error as Error).message}`,
              },
            ]);
          }
        }
        if (taken && poll.state) state.feeds[url] = poll.state;
        await options.onPoll?.(poll, round);
      });
      const settled = await Promise.allSettled(polls);
      if (signal?.aborted) break;
      for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason;
      await saveWatchState(options.stateFile, state);
      await pause(Math.max(0, intervalMs - (Date.now() - started)), signal);
    }
    await saveWatchState(options.stateFile, state);
  } finally {
    if (!options.fetcher) fetcher.close();
  }
}

/** Reads the state file; a missing file is an empty state, an unreadable one is reported and replaced. */
export async function loadWatchState(file: string): Promise<{ state: WatchState; problems: Problem[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: { version: 1, feeds: {} }, problems: [] };
    throw error;
  }
  try {
    const value: unknown = JSON.parse(text);
    if (isWatchState(value)) return { state: value, problems: [] };
    throw new Error('expected {"version": 1, "feeds": {...}}');
  } catch (error) {
    return {
      state: { version: 1, feeds: {} },
      problems: [
        { input: file, code: 'invalid-watch-state', message: `Watch state unreadable, starting afresh: ${(error as Error).message}` },
      ],
    };
  }
}

/** Writes the state file atomically: a temp file in the same directory, then a rename. */
export async function saveWatchState(file: string, state: WatchState): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, `${JSON.stringify(state, null, 1)}\n`, { mode: 0o600 });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

function isWatchState(value: unknown): value is WatchState {
  if (typeof value !== 'object' || value === null) return false;
  const { version, feeds } = value as { version?: unknown; feeds?: unknown };
  if (version !== 1 || typeof feeds !== 'object' || feeds === null) return false;
  return Object.values(feeds).every(
    (feed: unknown) =>
      typeof feed === 'object' &&
      feed !== null &&
      Array.isArray((feed as { seen?: unknown }).seen) &&
      (feed as { seen: unknown[] }).seen.every((id) => typeof id === 'string'),
  );
}

/** Waits, resolving early (not rejecting) when the signal aborts. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
