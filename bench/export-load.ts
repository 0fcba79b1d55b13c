/**
 * Export throughput (issue 13): GET /api/export of every article (no query) streamed from the
 * API child, counted as it arrives, with the child's RSS sampled before and during the download.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { rssMB, sampleRss } from './rss.ts';

export interface ExportRun {
  format: 'ndjson' | 'csv';
  articles: number;
  megabytes: number;
  seconds: number;
  articlesPerSec: number;
  megabytesPerSec: number;
  /** RSS of the API child before the request (after a warm-up search), and its peak during the download. */
  baselineRssMB: number;
  peakRssMB: number;
  /** peak − baseline. */
  rssGrowthMB: number;
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Records in a stream: NDJSON lines, or CSV rows (CRLF outside quotes, header excluded by the caller). */
export function recordCounter(format: 'ndjson' | 'csv'): { push(chunk: Buffer): void; count(): number } {
  let count = 0;
  let quoted = false;
  let previous = 0;
  return {
    push(chunk) {
      if (format === 'ndjson') {
        for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) count++;
        return;
      }
      for (let i = 0; i < chunk.length; i++) {
        const byte = chunk[i]!;
        if (byte === 0x22) quoted = !quoted;
        else if (byte === 0x0a && !quoted && previous === 0x0d) count++;
        previous = byte;
      }
    },
    count: () => count,
  };
}

/** Downloads the export and counts its records; rejects on a non-200 answer or a cut-off stream. */
function download(url: string, format: 'ndjson' | 'csv'): Promise<{ records: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, (res) => {
      if (res.statusCode !== 200) {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => reject(new Error(`GET ${url} answered ${res.statusCode}: ${body.slice(0, 300)}`)));
        return;
      }
      const counter = recordCounter(format);
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        counter.push(chunk);
      });
      res.on('aborted', () => reject(new Error(`The export from ${url} was cut off after ${bytes} bytes.`)));
      res.on('error', reject);
      res.on('end', () => resolve({ records: counter.count() - (format === 'csv' ? 1 : 0), bytes }));
    });
    req.on('error', reject);
  });
}

/** One export of every article in `format` from the API at `baseUrl` (process `pid`). */
export async function measureExport(baseUrl: string, pid: number, format: 'ndjson' | 'csv'): Promise<ExportRun> {
  // A search first, so the baseline is a server that has answered, not one just started.
  await new Promise<void>((resolve, reject) =>
    http.get(`${baseUrl}/api/search?q=`, (res) => res.resume().on('end', resolve)).on('error', reject),
  );
  await new Promise((resolve) => setTimeout(resolve, 500));
  const baseline = rssMB(pid);
  const sampler = sampleRss(pid, 50);
  const started = performance.now();
  let peakMB = Number.NaN;
  let result: { records: number; bytes: number };
  try {
    result = await download(`${baseUrl}/api/export?format=${format}`, format);
  } finally {
    peakMB = sampler.stop().peakMB;
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    format,
    articles: result.records,
    megabytes: round(result.bytes / 1e6, 1),
    seconds: round(seconds),
    articlesPerSec: round(result.records / seconds, 0),
    megabytesPerSec: round(result.bytes / 1e6 / seconds, 1),
    baselineRssMB: baseline,
    peakRssMB: peakMB,
    rssGrowthMB: round(peakMB - baseline, 1),
  };
}
