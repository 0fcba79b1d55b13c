/**
 * Load test: N concurrent connections for S seconds against /api/search with a realistic query
 * mix (corpus words, facet filters, date ranges, sorts), the API in a child process. Passes when
 * there are zero errors and the API's resident memory grows by less than the stated bound.
 *
 *   npx tsx bench/soak.ts                          # 50 connections, 60 s, bbc-dev
 *   npx tsx bench/soak.ts --seconds 5 --connections 20
 *
 * The rate limit is off in the child (one client sends everything here); the API is otherwise
 * wired as in `npm start`, with a search-only key.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ingest } from '../ingest/ingest.ts';
import { createMeiliClient } from '../src/meili/client.ts';
import { findMeiliBinary } from '../src/meili/binary.ts';
import { startManagedMeili } from '../src/meili/managed.ts';
import { setupIndex } from '../src/meili/setup.ts';
import { startApiServer } from './children.ts';
import { runLoad, type LoadRequest } from './load.ts';
import { queryMix, vocabulary, type FacetPool } from './queries.ts';
import { DEFAULT_CORPUS } from './synth.ts';

export interface SoakOptions {
  meiliUrl: string;
  masterKey: string;
  /** Folder (or files) to index first. Default: bbc-dev. */
  inputs?: string[];
  connections?: number;
  seconds?: number;
  /** Allowed growth of the API's resident memory from warm-up to the end, in MB. Default: 64. */
  memoryBoundMb?: number;
  log?: (line: string) => void;
}

export interface SoakResult {
  connections: number;
  seconds: number;
  requests: number;
  requestsPerSec: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Resident memory of the API process after warm-up, at its peak, and at the end (MB). */
  rssWarmMb: number;
  rssPeakMb: number;
  rssEndMb: number;
  memoryBoundMb: number;
  passed: boolean;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 102.4) / 10;
}

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const log = options.log ?? (() => {});
  const connections = options.connections ?? 50;
  const seconds = options.seconds ?? 60;
  const memoryBoundMb = options.memoryBoundMb ?? 64;
  const admin = createMeiliClient(options.meiliUrl, options.masterKey);
  const index = `soak_${Date.now().toString(36)}`;
  const setup = await setupIndex(admin, index, { adminKey: options.masterKey });
  const report = await ingest(options.inputs ?? [DEFAULT_CORPUS], { client: admin, index });
  log(`Indexed ${report.indexed} articles into ${index}.`);

  const documents = await admin
    .index(index)
    .getDocuments({ limit: 2000, fields: ['title', 'body', 'countries', 'persons', 'topics', 'organizations'] });
  const docs = documents.results as Array<{
    title: string;
    body: string;
    countries: string[];
    persons: string[];
    topics: string[];
    organizations: string[];
  }>;
  const facets: FacetPool = {
    country: [...new Set(docs.flatMap((d) => d.countries))],
    person: [...new Set(docs.flatMap((d) => d.persons))].slice(0, 200),
    topic: [...new Set(docs.flatMap((d) => d.topics))],
    organization: [...new Set(docs.flatMap((d) => d.organizations))].slice(0, 200),
  };
  const mix = queryMix(vocabulary(docs.map((d) => `${d.title} ${d.body}`)), facets, 500, 7);
  const requests: LoadRequest[] = mix.map((params) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) for (const v of Array.isArray(value) ? value : [value]) search.append(key, v);
    return { method: 'GET', path: `/api/search?${search}` };
  });

  const api = await startApiServer({ meiliUrl: options.meiliUrl, index, searchKey: setup.searchKey });
  try {
    // Warm-up: JIT, sockets and caches settle before the memory baseline is taken.
    await runLoad({ url: api.url, requests, connections, duration: Math.min(5, Math.max(1, seconds / 6)) });
    const rssWarmMb = rssMb(api.pid);
    let rssPeakMb = rssWarmMb;
    const sampler = setInterval(() => (rssPeakMb = Math.max(rssPeakMb, rssMb(api.pid))), 250);
    const load = await runLoad({ url: api.url, requests, connections, duration: seconds });
    clearInterval(sampler);
    const rssEndMb = rssMb(api.pid);
    rssPeakMb = Math.max(rssPeakMb, rssEndMb);
    const result: SoakResult = {
      connections,
      seconds,
      requests: load.requests,
      requestsPerSec: load.requestsPerSec,
      errors: load.errors,
      p50Ms: load.p50Ms,
      p99Ms: load.p99Ms,
      maxMs: load.maxMs,
      rssWarmMb,
      rssPeakMb,
      rssEndMb,
      memoryBoundMb,
      passed: load.errors === 0 && rssPeakMb - rssWarmMb < memoryBoundMb,
    };
    return result;
  } finally {
    await api.stop();
    await admin
      .deleteIndex(index)
      .waitTask()
      .catch(() => undefined);
  }
}

function flag(argv: string[], name: string): number | undefined {
  const at = argv.indexOf(`--${name}`);
  if (at === -1) return undefined;
  const value = Number(argv[at + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
}

async function main(argv: string[]): Promise<number> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lede-soak-'));
  const server = await startManagedMeili({ bin: findMeiliBinary(process.env['MEILI_BIN']), dataDir, port: 0 });
  try {
    const result = await runSoak({
      meiliUrl: server.url,
      masterKey: server.masterKey,
      connections: flag(argv, 'connections'),
      seconds: flag(argv, 'seconds'),
      memoryBoundMb: flag(argv, 'memory-bound'),
      log: (line) => console.log(line),
    });
    console.log(
      `${result.connections} connections × ${result.seconds} s: ${result.requests} requests (${result.requestsPerSec}/s), ` +
        `${result.errors} errors, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, max ${result.maxMs} ms; ` +
        `API memory ${result.rssWarmMb} MB after warm-up, peak ${result.rssPeakMb} MB, end ${result.rssEndMb} MB ` +
        `(bound: +${result.memoryBoundMb} MB) → ${result.passed ? 'PASS' : 'FAIL'}`,
    );
    return result.passed ? 0 : 1;
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
