#!/usr/bin/env node
/**
 * `lede`: the command line. Argument parsing and wiring only; the work is in the modules.
 *
 *   lede extract [--explain] [--follow] INPUT...        articles as NDJSON on stdout
 *   lede ingest [--follow] [--watch [--interval S]] INPUT...
 *   lede index setup                                     apply index-config/ and create the search key
 */
import 'dotenv/config';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../src/config.ts';
import { connectMeili, type MeiliConnection } from '../src/meili/connect.ts';
import { setupIndex } from '../src/meili/setup.ts';
import { formatExplanations } from './explain.ts';
import { ingest } from './ingest.ts';
import { toEvents, runPipeline, type PipelineOptions } from './pipeline.ts';
import { createProgress } from './progress.ts';
import { formatReport } from './report.ts';
import { MeiliSink } from './sink.ts';
import { needsFollow } from './parse/feed.ts';
import { followArticle } from './sources/follow.ts';
import { createFetcher, type Fetcher } from './sources/http.ts';
import { defaultWatchStateFile, watchFeeds } from './sources/watch.ts';

const USAGE = `Usage:
  lede extract [--explain] [--follow] INPUT...   print articles as NDJSON (problems as NDJSON on stderr)
  lede ingest [options] INPUT...                 parse, enrich and index articles into Meilisearch
      --follow              fetch the page of feed items that carry no full text
      --watch               keep polling the given feeds and index new items only
      --interval SECONDS    polling interval for --watch (default 300)
      --dead-letter FILE    failures as NDJSON (default ./lede-dead-letter.ndjson)
      --concurrency N       documents parsed at once (default 8)
  lede index setup                               apply index-config/ settings, create the search-only key

INPUT: files (.txt .html .json .ndjson .rss .atom .xml, optionally .gz), folders (recursive) or http(s) URLs.
Meilisearch: MEILI_URL (+ MEILI_MASTER_KEY) to use a server; otherwise Lede runs its own (see README).
Exit codes: 0 all inputs worked, 1 some failed, 2 bad usage.`;

class UsageError extends Error {}

type Options = Record<string, string | boolean | undefined>;

function positiveInt(value: string | boolean | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer, got "${String(value)}"`);
  return n;
}

function pipelineOptions(options: Options, fetcher: Fetcher): PipelineOptions {
  return {
    concurrency: positiveInt(options['concurrency'], 'concurrency', 8),
    fetchUrl: (url) => fetcher.fetch(url),
    expand: options['follow']
      ? async (item, input, format) => {
          if (format !== 'feed' || !needsFollow(item.article)) return item.article;
          const result = await followArticle(item.article, { fetcher }, { input, position: item.position });
          if (!result.followed && result.problems[0]) {
            throw Object.assign(new Error(result.problems[0].message), { code: result.problems[0].code.replace(/^follow-/, '') });
          }
          return result.article;
        }
      : undefined,
  };
}

async function extract(inputs: string[], options: Options): Promise<number> {
  const fetcher = createFetcher();
  let failed = false;
  try {
    for await (const event of runPipeline(inputs, pipelineOptions(options, fetcher))) {
      if (event.type === 'problem') {
        if (event.severity === 'error') failed = true;
        process.stderr.write(`${JSON.stringify({ ...event.problem, severity: event.severity })}\n`);
      } else if (options['explain']) {
        process.stdout.write(`${formatExplanations(event.article, event.enrichment.explanations, event.input)}\n`);
      } else {
        process.stdout.write(`${JSON.stringify({ ...event.article, input: event.input })}\n`);
      }
    }
  } finally {
    fetcher.close();
  }
  return failed ? 1 : 0;
}

async function withMeili<T>(config: Config, work: (connection: MeiliConnection) => Promise<T>): Promise<T> {
  const connection = await connectMeili(config, (line) => process.stderr.write(`${line}\n`));
  const stop = () => void connection.close().then(() => process.exit(130));
  process.once('SIGTERM', stop);
  try {
    return await work(connection);
  } finally {
    process.off('SIGTERM', stop);
    await connection.close();
  }
}

async function runIngest(inputs: string[], options: Options, config: Config): Promise<number> {
  return withMeili(config, async (connection) => {
    await setupIndex(connection.admin, config.index, { adminKey: connection.adminKey, searchKey: config.meili.searchKey });
    const fetcher = createFetcher();
    const abort = new AbortController();
    const onInterrupt = () => {
      if (abort.signal.aborted) process.exit(130);
      process.stderr.write('\nStopping: finishing the batches in flight (Ctrl-C again to quit now)…\n');
      abort.abort();
    };
    process.on('SIGINT', onInterrupt);
    try {
      if (options['watch']) return await watch(inputs, options, config, connection, fetcher, abort.signal);
      const progress = createProgress(process.stderr);
      const report = await ingest(inputs, {
        client: connection.admin,
        index: config.index,
        pipeline: pipelineOptions(options, fetcher),
        deadLetterFile: path.resolve(String(options['dead-letter'] ?? 'lede-dead-letter.ndjson')),
        resumeFile: path.resolve(`lede-unindexed-${new Date().toISOString().replace(/[:.]/g, '-')}.ndjson`),
        onProgress: progress.update,
        signal: abort.signal,
      });
      progress.stop();
      process.stderr.write(`${formatReport(report)}\n`);
      return report.failed.length || report.unindexed ? 1 : 0;
    } finally {
      process.off('SIGINT', onInterrupt);
      fetcher.close();
    }
  });
}

async function watch(
  feeds: string[],
  options: Options,
  config: Config,
  connection: MeiliConnection,
  fetcher: Fetcher,
  signal: AbortSignal,
): Promise<number> {
  const sink = new MeiliSink(connection.admin, config.index);
  const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  await watchFeeds(feeds, {
    intervalMs: positiveInt(options['interval'], 'interval', 300) * 1000,
    stateFile: defaultWatchStateFile(config.meili.dataDir),
    fetcher,
    follow: Boolean(options['follow']),
    signal,
    onProblems: (problems) => problems.forEach((p) => log(`${p.input}${p.position ? ` [${p.position}]` : ''}: ${p.code}: ${p.message}`)),
    onArticles: async (items, feed) => {
      const before = (await sink.drain()).indexed;
      for (const item of items) {
        for (const event of toEvents(item.article, feed.url, item.position, {})) {
          if (event.type === 'article') await sink.add(event.article, { input: feed.url, position: event.position });
          else log(`${feed.url} [${event.problem.position ?? ''}]: ${event.problem.code}: ${event.problem.message}`);
        }
      }
      const after = await sink.drain();
      if (after.unindexed) throw new Error(after.unreachableReason ?? 'Meilisearch unreachable');
      log(`${feed.title ?? feed.url}: ${after.indexed - before} new article(s) indexed.`);
    },
  });
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      explain: { type: 'boolean' },
      follow: { type: 'boolean' },
      watch: { type: 'boolean' },
      interval: { type: 'string' },
      'dead-letter': { type: 'string' },
      concurrency: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  switch (command) {
    case 'extract':
      if (!rest.length) throw new UsageError('extract needs at least one INPUT');
      return extract(rest, values);
    case 'ingest':
      if (!rest.length) throw new UsageError('ingest needs at least one INPUT');
      return runIngest(rest, values, loadConfig());
    case 'index': {
      if (rest[0] !== 'setup') throw new UsageError('the index command is `lede index setup`');
      const config = loadConfig();
      return withMeili(config, async (connection) => {
        const setup = await setupIndex(connection.admin, config.index, { adminKey: connection.adminKey, searchKey: config.meili.searchKey });
        process.stdout.write(
          `Index "${config.index}" on ${connection.url}: ${setup.changed.length ? `updated ${setup.changed.join(', ')}` : 'settings already up to date'}.\n`,
        );
        return 0;
      });
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`lede: ${(error as Error).message}\n${usage ? `\n${USAGE}\n` : ''}`);
    process.exit(usage ? 2 : 1);
  },
);
