/**
 * The URL fetcher for ingest: polite, bounded and explicit about failure.
 *
 * Requests go through two p-queue limits (a global one and one per host), each attempt has a
 * timeout, 5xx / 429 / 408 and network failures are retried with exponential backoff and jitter
 * (honouring Retry-After), bodies are streamed and cut off past a size cap, redirects are
 * followed up to a limit, and anything that is not an HTML page or a feed is refused before its
 * body is read. Every failure is a FetchError with a stable `code`.
 *
 * Only public addresses are connected to unless `allowPrivateNetwork` is set: every hop,
 * redirects included, is checked on the address the socket connects to (see address-guard.ts);
 * a refusal is a FetchError with code `blocked-address` that names the opt-in.
 *
 * Built on node:http/https rather than the global fetch (undici), which on the target machines
 * adds ~40 ms stalls per request.
 */
import http from 'node:http';
import https from 'node:https';
import { pipeline, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import PQueue from 'p-queue';
import { LedeError } from '../../src/errors.ts';
import type { RawInput } from '../types.ts';
import { BlockedAddressError, createAddressPolicy, guardedLookup, type Resolver } from './address-guard.ts';

export const DEFAULT_USER_AGENT = 'Lede/0.1 (+https://github.com/lede-news/lede)';

/** Content types accepted by default: HTML pages and feeds. A response without a Content-Type is accepted and sniffed by the parser. */
export const HTML_AND_FEED_TYPES: readonly string[] = [
  'text/html',
  'application/xhtml+xml',
  'application/rss+xml',
  'application/atom+xml',
  'application/rdf+xml',
  'application/xml',
  'text/xml',
];

export type FetchErrorCode =
  | 'http-status'
  | 'timeout'
  | 'too-large'
  | 'unsupported-content-type'
  | 'network'
  | 'too-many-redirects'
  | 'invalid-url'
  | 'blocked-address';

/** Every way a fetch can fail, with the URL it failed on and the HTTP status when there was one. */
export class FetchError extends LedeError {
  override name = 'FetchError';
  declare readonly code: FetchErrorCode;
  /** The URL of the request that failed (after any redirects). */
  readonly url: string;
  readonly status: number | undefined;

  constructor(code: FetchErrorCode, message: string, details: { url: string; status?: number; cause?: unknown }) {
    super(code, message, { cause: details.cause, details: { url: details.url, status: details.status } });
    this.url = details.url;
    this.status = details.status;
  }
}

export interface FetcherOptions {
  /**
   * Requests in flight at once, over all hosts.
   * @default 16
   */
  readonly concurrency?: number;
  /**
   * Requests in flight at once to one host (host name and port).
   * @default 2
   */
  readonly perHostConcurrency?: number;
  /**
   * Time allowed for one attempt (connect, headers and the whole body), in milliseconds.
   * @default 20_000
   */
  readonly timeoutMs?: number;
  /**
   * Retries after the first attempt on 5xx, 408, 429, timeouts and network errors.
   * @default 3
   */
  readonly retries?: number;
  /**
   * Delay before the first retry, in milliseconds; doubles on each retry, with jitter (50–100 % of it).
   * @default 500
   */
  readonly backoffMs?: number;
  /**
   * Longest backoff between two attempts, in milliseconds.
   * @default 30_000
   */
  readonly maxBackoffMs?: number;
  /**
   * Longest Retry-After the fetcher will wait, in milliseconds; a server asking for more gets a FetchError instead.
   * @default 120_000
   */
  readonly maxRetryAfterMs?: number;
  /**
   * Largest body accepted, after decompression, in bytes.
   * @default 20 * 1024 * 1024
   */
  readonly maxBytes?: number;
  /**
   * Redirects followed before giving up.
   * @default 5
   */
  readonly maxRedirects?: number;
  /**
   * Sent as User-Agent.
   * @default DEFAULT_USER_AGENT
   */
  readonly userAgent?: string;
  /**
   * Media types accepted (compared without parameters, case-insensitively).
   * @default HTML_AND_FEED_TYPES
   */
  readonly acceptTypes?: readonly string[];
  /**
   * Connect to loopback, private, link-local, CGNAT, multicast/reserved addresses and metadata
   * host names too. Off by default (SSRF protection); the CLI turns it on with
   * `--allow-private-network` or `LEDE_ALLOW_PRIVATE_NETWORK=true`.
   * @default false
   */
  readonly allowPrivateNetwork?: boolean;
  /**
   * Networks allowed although not public, in CIDR form (e.g. `['10.1.2.0/24']`).
   * @default []
   */
  readonly allowNetworks?: readonly string[];
  /**
   * Resolves host names to addresses (the shape of `dns.lookup` with `all: true`); the addresses
   * are checked and the socket connects to the checked one. Injected for tests.
   * @default dns.lookup
   */
  readonly resolve?: Resolver;
  /**
   * Waits `ms` milliseconds; rejects with the signal's reason if aborted. Injected for tests.
   * @default a setTimeout-based sleep
   */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /**
   * Random number in [0, 1) for jitter.
   * @default Math.random
   */
  readonly random?: () => number;
  /**
   * Current time in milliseconds, to read Retry-After dates.
   * @default Date.now
   */
  readonly now?: () => number;
}

export interface FetchOptions {
  /** ETag from an earlier response: sent as If-None-Match. */
  etag?: string;
  /** Last-Modified from an earlier response: sent as If-Modified-Since. */
  lastModified?: string;
  /** Cancels the request, including waits in the queue and between retries. */
  signal?: AbortSignal;
}

/** A fetched body as a RawInput, with what conditional requests need next time. */
export interface FetchResult extends RawInput {
  /** Final URL, after redirects. */
  url: string;
  status: number;
  /** True on 304 Not Modified; `bytes` is then empty. */
  notModified: boolean;
  etag?: string;
  lastModified?: string;
}

export interface Fetcher {
  /** Fetches one URL; rejects with a FetchError (or the signal's reason when aborted). */
  fetch(url: string, options?: FetchOptions): Promise<FetchResult>;
  /** Closes idle keep-alive connections. The fetcher must not be used afterwards. */
  close(): void;
}

type Outcome =
  | { kind: 'ok'; status: number; headers: http.IncomingHttpHeaders; bytes: Buffer }
  | { kind: 'not-modified'; headers: http.IncomingHttpHeaders }
  | { kind: 'redirect'; status: number; location: string }
  | { kind: 'status'; status: number; retryAfter: string | undefined };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const RETRYABLE_CODES = new Set<FetchErrorCode>(['timeout', 'network']);

/** Creates a fetcher with its own queues and keep-alive connections. */
export function createFetcher(options: FetcherOptions = {}): Fetcher {
  const concurrency = positiveInteger('concurrency', options.concurrency, 16);
  const perHostConcurrency = positiveInteger('perHostConcurrency', options.perHostConcurrency, 2);
  const timeoutMs = positiveInteger('timeoutMs', options.timeoutMs, 20_000);
  const retries = nonNegativeInteger('retries', options.retries, 3);
  const backoffMs = nonNegativeInteger('backoffMs', options.backoffMs, 500);
  const maxBackoffMs = nonNegativeInteger('maxBackoffMs', options.maxBackoffMs, 30_000);
  const maxRetryAfterMs = nonNegativeInteger('maxRetryAfterMs', options.maxRetryAfterMs, 120_000);
  const maxBytes = positiveInteger('maxBytes', options.maxBytes, 20 * 1024 * 1024);
  const maxRedirects = nonNegativeInteger('maxRedirects', options.maxRedirects, 5);
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  const acceptTypes = new Set((options.acceptTypes ?? HTML_AND_FEED_TYPES).map((t) => t.toLowerCase()));
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;

  const policy = createAddressPolicy({
    ...(options.allowPrivateNetwork !== undefined ? { allowPrivateNetwork: options.allowPrivateNetwork } : {}),
    ...(options.allowNetworks ? { allowNetworks: options.allowNetworks } : {}),
  });
  const lookup = guardedLookup(policy, options.resolve);

  const global = new PQueue({ concurrency });
  const hosts = new Map<string, PQueue>();
  const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

  /** Runs one attempt when both its host and the global limit allow; the host slot is taken first so waiting for it holds no global slot. */
  function schedule<T>(url: URL, task: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    let queue = hosts.get(url.host);
    if (!queue) {
      const created = new PQueue({ concurrency: perHostConcurrency });
      created.on('idle', () => {
        if (hosts.get(url.host) === created) hosts.delete(url.host);
      });
      hosts.set(url.host, created);
      queue = created;
    }
    const add = { ...(signal ? { signal } : {}) };
    return queue.add(() => global.add(task, add), add);
  }

  function backoff(attempt: number): number {
    const full = Math.min(maxBackoffMs, backoffMs * 2 ** attempt);
    return Math.round(full * (0.5 + random() * 0.5));
  }

  function retryAfterMs(value: string | undefined): number | undefined {
    if (!value) return undefined;
    if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
    const at = Date.parse(value);
    return Number.isFinite(at) ? Math.max(0, at - now()) : undefined;
  }

  function attempt(url: URL, request: FetchOptions): Promise<Outcome> {
    const headers: http.OutgoingHttpHeaders = {
      'user-agent': userAgent,
      accept: 'text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.5',
      'accept-encoding': 'gzip, deflate, br',
    };
    if (request.etag) headers['if-none-match'] = request.etag;
    if (request.lastModified) headers['if-modified-since'] = request.lastModified;
    const href = url.href;
    const { signal } = request;
    try {
      policy.checkHost(url.hostname);
    } catch (error) {
      return Promise.reject(blocked(href, error as BlockedAddressError));
    }

    return new Promise<Outcome>((resolve, reject) => {
      let settled = false;
      const finish = (error: unknown, outcome?: Outcome): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (error !== undefined) {
          req.destroy();
          reject(error);
        } else {
          resolve(outcome as Outcome);
        }
      };
      const onAbort = (): void => finish(signal?.reason ?? new Error('Aborted'));
      const timer = setTimeout(
        () => finish(new FetchError('timeout', `No complete response from ${href} within ${timeoutMs} ms.`, { url: href })),
        timeoutMs,
      );
      const client = url.protocol === 'https:' ? https : http;
      const agent = url.protocol === 'https:' ? agents.https : agents.http;
      const req = client.request(url, { method: 'GET', headers, agent, lookup }, (res) => {
        const status = res.statusCode ?? 0;
        if (REDIRECTS.has(status) && res.headers.location) {
          res.resume();
          finish(undefined, { kind: 'redirect', status, location: res.headers.location });
          return;
        }
        if (status === 304) {
          res.resume();
          finish(undefined, { kind: 'not-modified', headers: res.headers });
          return;
        }
        if (status < 200 || status >= 300) {
          res.resume();
          finish(undefined, { kind: 'status', status, retryAfter: res.headers['retry-after'] });
          return;
        }
        const contentType = res.headers['content-type'];
        const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
        if (mediaType && !acceptTypes.has(mediaType)) {
          finish(
            new FetchError('unsupported-content-type', `Expected an HTML page or a feed from ${href}, got \`${mediaType}\`.`, {
              url: href,
              status,
            }),
          );
          return;
        }
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes) {
          finish(tooLarge(href, status, `declares ${declared} bytes`));
          return;
        }
        const body = decoded(res, (error) => {
          if (error)
            finish(new FetchError('network', `Could not read the body of ${href}: ${error.message}`, { url: href, status, cause: error }));
        });
        const chunks: Buffer[] = [];
        let size = 0;
        body.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) finish(tooLarge(href, status, `passed ${maxBytes} bytes`));
          else chunks.push(chunk);
        });
        body.on('end', () => {
          if (!res.complete) return; // the 'close' handler reports it
          finish(undefined, { kind: 'ok', status, headers: res.headers, bytes: Buffer.concat(chunks, size) });
        });
        res.on('close', () => {
          if (!res.complete)
            finish(new FetchError('network', `Connection to ${href} closed before the body was complete.`, { url: href, status }));
        });
      });
      req.on('error', (error) =>
        finish(
          error instanceof BlockedAddressError
            ? blocked(href, error)
            : new FetchError('network', `Request to ${href} failed: ${error.message}`, { url: href, cause: error }),
        ),
      );
      if (signal) {
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      }
      req.end();
    });
  }

  function blocked(url: string, error: BlockedAddressError): FetchError {
    return new FetchError('blocked-address', `Not fetching ${url}. ${error.message}`, { url, cause: error });
  }

  function tooLarge(url: string, status: number, detail: string): FetchError {
    return new FetchError('too-large', `Response from ${url} is larger than the ${maxBytes}-byte cap (${detail}).`, { url, status });
  }

  async function fetchUrl(input: string, request: FetchOptions = {}): Promise<FetchResult> {
    let url = parseUrl(input, input);
    const visited = new Set([url.href]);
    let redirects = 0;
    let failures = 0;
    for (;;) {
      request.signal?.throwIfAborted();
      let outcome: Outcome;
      try {
        outcome = await schedule(url, () => attempt(url, request), request.signal);
      } catch (error) {
        if (error instanceof FetchError && RETRYABLE_CODES.has(error.code) && failures < retries) {
          await sleep(backoff(failures++), request.signal);
          continue;
        }
        throw error;
      }
      switch (outcome.kind) {
        case 'ok':
          return {
            input,
            url: url.href,
            bytes: outcome.bytes,
            status: outcome.status,
            notModified: false,
            ...headerFields(outcome.headers),
          };
        case 'not-modified':
          return { input, url: url.href, bytes: Buffer.alloc(0), status: 304, notModified: true, ...headerFields(outcome.headers) };
        case 'redirect': {
          const next = parseUrl(outcome.location, input, url);
          if (++redirects > maxRedirects) {
            throw new FetchError('too-many-redirects', `More than ${maxRedirects} redirects from ${input}.`, {
              url: url.href,
              status: outcome.status,
            });
          }
          if (visited.has(next.href)) {
            throw new FetchError('too-many-redirects', `Redirect loop: ${url.href} leads back to ${next.href}.`, {
              url: url.href,
              status: outcome.status,
            });
          }
          visited.add(next.href);
          url = next;
          continue;
        }
        case 'status': {
          const { status } = outcome;
          const retryable = status >= 500 || status === 429 || status === 408;
          const wait = retryAfterMs(outcome.retryAfter);
          if (retryable && failures < retries && (wait === undefined || wait <= maxRetryAfterMs)) {
            const delay = wait ?? backoff(failures);
            failures++;
            await sleep(delay, request.signal);
            continue;
          }
          const tail = retryable && failures > 0 ? ` after ${failures + 1} attempts` : '';
          const later =
            wait !== undefined && wait > maxRetryAfterMs ? ` (Retry-After ${Math.round(wait / 1000)} s is longer than allowed)` : '';
          throw new FetchError('http-status', `HTTP ${status} from ${url.href}${tail}${later}.`, { url: url.href, status });
        }
      }
    }
  }

  return {
    fetch: fetchUrl,
    close() {
      global.clear();
      for (const queue of hosts.values()) queue.clear();
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

function headerFields(headers: http.IncomingHttpHeaders): { contentType?: string; etag?: string; lastModified?: string } {
  return {
    ...(headers['content-type'] ? { contentType: headers['content-type'] } : {}),
    ...(headers.etag ? { etag: headers.etag } : {}),
    ...(headers['last-modified'] ? { lastModified: headers['last-modified'] } : {}),
  };
}

/** The response body, decompressed per Content-Encoding. */
function decoded(res: http.IncomingMessage, onError: (error: Error | null) => void): Readable {
  const encoding = res.headers['content-encoding']?.trim().toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? zlib.createGunzip()
      : encoding === 'deflate'
        ? zlib.createInflate()
        : encoding === 'br'
          ? zlib.createBrotliDecompress()
          : undefined;
  if (!decoder) {
    res.on('error', onError);
    return res;
  }
  return pipeline(res, decoder, (error) => onError(error ?? null));
}

function parseUrl(location: string, input: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(location, base);
  } catch (cause) {
    throw new FetchError('invalid-url', `Expected an http(s) URL, got \`${location}\`${base ? ` (redirect from ${base.href})` : ''}.`, {
      url: input,
      cause,
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError('invalid-url', `Expected an http(s) URL, got \`${url.href}\`.`, { url: url.href });
  }
  url.hash = '';
  return url;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1)
    throw new TypeError(`Expected \`${name}\` to be a positive integer, got \`${String(value)}\` (${typeof value})`);
  return value;
}

function nonNegativeInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0)
    throw new TypeError(`Expected \`${name}\` to be a non-negative integer, got \`${String(value)}\` (${typeof value})`);
  return value;
}
