/**
 * Batch search (issue 14): POST /api/batch with the query strings of the bench mix (the
 * non-empty ones, drawn until there are `count`), timed from request to the last CSV byte.
 * The endpoint changes nothing, so it needs no admin token.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { queryMix } from './queries.ts';

export interface BatchResults {
  queries: number;
  /** CSV rows answered (one per query). */
  rows: number;
  seconds: number;
  queriesPerSec: number;
}

/** `count` non-empty query strings of the bench mix (no facet filters: a batch shares its filters). */
export function batchQueries(words: string[], count: number, seed = 1): string[] {
  const out: string[] = [];
  for (let draw = count * 2; out.length < count; draw *= 2) {
    out.length = 0;
    for (const params of queryMix(words, {}, draw, seed)) {
      if (typeof params['q'] === 'string' && params['q']) out.push(params['q']);
      if (out.length === count) break;
    }
  }
  return out;
}

/** Sends the batch and times it; rejects on a non-200 answer. */
export function measureBatch(baseUrl: string, queries: string[]): Promise<BatchResults> {
  const body = JSON.stringify({ queries });
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL('/api/batch', baseUrl),
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const seconds = (performance.now() - started) / 1000;
          if (res.statusCode !== 200) {
            reject(new Error(`POST /api/batch answered ${res.statusCode}: ${text.slice(0, 300)}`));
            return;
          }
          // One header line, then one row per query (queries and ids hold no line breaks).
          const rows = text.split(/\r?\n/).filter(Boolean).length - 1;
          resolve({
            queries: queries.length,
            rows,
            seconds: Math.round(seconds * 100) / 100,
            queriesPerSec: Math.round((queries.length / seconds) * 10) / 10,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
