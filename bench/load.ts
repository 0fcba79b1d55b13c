/**
 * One load run with autocannon (programmatic, keep-alive, loopback). Latencies are taken from
 * every response at full precision (autocannon's own histogram rounds to whole milliseconds,
 * too coarse for a 2 ms query), so p50/p99 here are exact over all 2xx responses.
 */
import autocannon from 'autocannon';

export interface LoadRequest {
  method: 'GET' | 'POST';
  /** Path and query string. */
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

export interface LoadOptions {
  /** Base URL of the target, e.g. http://127.0.0.1:7700. */
  url: string;
  requests: LoadRequest[];
  /** Concurrent keep-alive connections. */
  connections: number;
  /** Seconds (the longest the run lasts when `stopWhen` is given). */
  duration: number;
  /** Ends the run early when it settles (e.g. a concurrent ingest finishing). */
  stopWhen?: Promise<unknown>;
}

export interface LoadResult {
  /** Seconds the run lasted. */
  seconds?: number;
  requests: number;
  /** 2xx responses per second over the run. */
  requestsPerSec: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  meanMs: number;
  maxMs: number;
  /** Responses that were not 2xx, plus connection errors and timeouts. */
  errors: number;
}

export function percentile(sorted: Float64Array | number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Runs autocannon against `url`, cycling through `requests` on every connection. */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  let times = new Float64Array(1 << 16);
  let count = 0;
  let failures = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.duration,
        pipelining: 1,
        timeout: 30,
        requests: options.requests.map((r) => ({
          method: r.method,
          path: r.path,
          ...(r.body === undefined ? {} : { body: r.body }),
          ...(r.headers ? { headers: r.headers } : {}),
        })),
      },
      (error: unknown, result) => {
        if (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        const sorted = times.slice(0, count).sort();
        let sum = 0;
        for (const t of sorted) sum += t;
        resolve({
          seconds: round(result.duration, 1),
          requests: count,
          requestsPerSec: round(count / result.duration, 1),
          p50Ms: round(percentile(sorted, 50)),
          p90Ms: round(percentile(sorted, 90)),
          p99Ms: round(percentile(sorted, 99)),
          meanMs: round(count ? sum / count : Number.NaN),
          maxMs: round(count ? sorted[count - 1]! : Number.NaN),
          errors: failures + result.errors + result.timeouts,
        });
      },
    );
    const stop = () => instance.stop();
    options.stopWhen?.then(stop, stop);
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (statusCode < 200 || statusCode >= 300) {
        failures++;
        return;
      }
      if (count === times.length) {
        const bigger = new Float64Array(times.length * 2);
        bigger.set(times);
        times = bigger;
      }
      times[count++] = responseTime;
    });
  });
}

/** The mean of several runs' figures (requests and errors summed, max the highest). */
export function averageLoads(results: LoadResult[]): LoadResult {
  const mean = (pick: (r: LoadResult) => number) => round(results.reduce((sum, r) => sum + pick(r), 0) / results.length);
  return {
    requests: results.reduce((sum, r) => sum + r.requests, 0),
    requestsPerSec: mean((r) => r.requestsPerSec),
    p50Ms: mean((r) => r.p50Ms),
    p90Ms: mean((r) => r.p90Ms),
    p99Ms: mean((r) => r.p99Ms),
    meanMs: mean((r) => r.meanMs),
    maxMs: Math.max(...results.map((r) => r.maxMs)),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
  };
}

export const describeLoad = (r: LoadResult) =>
  `p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, ${r.requestsPerSec} req/s${r.errors ? `, ${r.errors} errors` : ''}`;
