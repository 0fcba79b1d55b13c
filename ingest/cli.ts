#!/usr/bin/env node
/**
 * `lede`: the command line. Argument parsing and wiring only; the work is in the modules.
 *
 *   lede extract [--explain] [--follow] INPUT...        articles as NDJSON on stdout
 *   lede ingest [--follow] [--watch [--interval S]] INPUT...
 *   lede index setup                                     apply index-config/ and create the search key
 *   lede export [--out FILE]                             every indexed article as NDJSON
 *   lede reindex                                         rebuild with current settings + enrichment, swap in
 *   lede retag [--dry-run] [--index NAME]                enrichment again over the stored articles
 *   lede resolve [--dry-run] [--index NAME]              the archive resolution pass for pending surnames
 *   lede watchlist import FILE.csv | list | remove NAME  the newsroom's watchlist
 *   lede backup                                          a Meilisearch dump, and where it is
 *   lede batch FILE.csv [--out FILE]                     one CSV row of counts per query of FILE.csv
 */
import 'dotenv/config';
import { createWriteStream } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, watchlistFile, type Config } from '../src/config.ts';
import { errorLine, exitCodeFor, isUsageError } from '../src/error-exit.ts';
import { LedeError } from '../src/errors.ts';
import { connectConfigured } from '../src/meili/cluster-connect.ts';
import type { MeiliConnection } from '../src/meili/connect.ts';
import { meiliErrorInfo } from '../src/meili/http-client.ts';
import { desiredSettings, settingsDiff } from '../src/meili/settings.ts';
import { setupConfiguredIndex } from '../src/meili/setup.ts';
import { loadKnowledge, readWatchlist, type EntityKnowledge } from './enrich/knowledge.ts';
import { formatExplanations } from './explain.ts';
import { ingest } from './ingest.ts';
import { IngestJournal, journalFile } from './journal.ts';
import { toEvents, runPipeline, type PipelineOptions } from './pipeline.ts';
import { createBatchProgress, createProgress, createRetagProgress } from './progress.ts';
import { batchFiltersSchema, queriesFromCsv, runBatch, toCsv } from '../src/analysis/batch.ts';
import { parseParams } from '../src/search/params.ts';
import { createBackup } from './ops/backup.ts';
import { clusterDown, clusterUp } from './ops/cluster.ts';
import { exportIndex } from './ops/export.ts';
import { reindex } from './ops/reindex.ts';
import { resolvePending } from './ops/resolve-pending.ts';
import { retag } from './ops/retag.ts';
import { formatReport, formatResolveReport, formatRetagReport } from './report.ts';
import { MeiliSink } from './sink.ts';
import { needsFollow } from './parse/feed.ts';
import { followArticle } from './sources/follow.ts';
import { createFetcher, type Fetcher } from './sources/http.ts';
import { defaultWatchStateFile, watchFeeds } from './sources/watch.ts';
import { parseWatchlistCsv, WatchlistCsvError } from './watchlist/csv.ts';
import { mergeWatchlist, removeFromWatchlist, writeWatchlist } from './watchlist/file.ts';

const USAGE = `Usage:
  lede extract [--explain] [--follow] INPUT...   print articles as NDJSON (problems as NDJSON on stderr)
  lede ingest [options] INPUT...                 parse, enrich and index articles into Meilisearch
      --follow              fetch the page of feed items that carry no full text
      --watch               keep polling the given feeds and index new items only
      --interval SECONDS    polling interval for --watch (default 300)
      --dead-letter FILE    failures as NDJSON (default ./lede-dead-letter.ndjson)
      --concurrency N       documents parsed at once (default 8)
      --source NAME         source name for articles whose input names none (default: host or folder name)
      --report FILE         also write the full report as JSON
      --batch-size N        documents per Meilisearch batch (default 1000)
      --no-resume           start over instead of resuming an unfinished run of the same ingest
                            (its journal is in MEILI_DATA_DIR/journals/)
      --allow-private-network
                            also fetch URLs on loopback, private and link-local addresses
                            (refused by default; same as LEDE_ALLOW_PRIVATE_NETWORK=true)
  lede index setup                               apply index-config/ settings, create the search-only key
  lede cluster up [--nodes N] [--base-port P] [--data-dir DIR]
                                                 run a local sharded cluster (default 3 nodes, 7701, ./data/cluster)
  lede cluster down [--data-dir DIR]             stop it
  lede export [--out FILE]                       every indexed article as NDJSON (stdout by default)
  lede reindex                                   rebuild the index with the current settings and enrichment,
                                                 then swap it in atomically (searches keep working)
  lede retag [--dry-run] [--index NAME] [--batch-size N] [--report FILE]
                                                 enrichment again over the stored articles (after editing
                                                 index-config/entities/ or the watchlist); writes only the
                                                 documents whose entity or topic fields change
  lede resolve [--dry-run] [--index NAME]        resolve surnames left pending ("Mr Blair") from the archive
                                                 (runs after every ingest and retag by itself)
  lede watchlist import FILE.csv                 add or update persons/organizations (header name,type,aliases)
  lede watchlist list                            show the watchlist
  lede watchlist remove NAME                     remove an entry
  lede backup                                    ask Meilisearch for a dump and print where it is
  lede batch FILE.csv [--out FILE] [--filters QS] [--concurrency N]
                                                 run every query of FILE.csv's "query" column: total, first and
                                                 last date, top countries/persons/organizations, first ids (CSV);
                                                 --filters applies search filters to all, e.g. "country=Albania"

INPUT: files (.txt .html .json .ndjson .rss .atom .xml, optionally .gz), folders (recursive) or http(s) URLs.
Watchlist: LEDE_WATCHLIST, else watchlist.json in MEILI_DATA_DIR; used by extract, ingest and retag (docs/entities.md).
Meilisearch: MEILI_URL (+ MEILI_MASTER_KEY) to use a server; otherwise Lede runs its own (see docs/operations.md).
Exit codes: 0 all inputs worked, 1 some failed, 2 bad usage, 130 interrupted.`;

type Options = Record<string, string | boolean | undefined>;

function positiveInt(value: string | boolean | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new LedeError('usage', `--${name} must be a positive integer, got "${String(value)}"`);
  return n;
}

function pipelineOptions(options: Options, fetcher: Fetcher, knowledge: EntityKnowledge): PipelineOptions {
  return {
    knowledge,
    concurrency: positiveInt(options['concurrency'], 'concurrency', 8),
    source: typeof options['source'] === 'string' ? options['source'] : undefined,
    fetchUrl: (url) => fetcher.fetch(url),
    expand: options['follow']
      ? async (item, input, format) => {
          if (format !== 'feed' || !needsFollow(item.article)) return item.article;
          const result = await followArticle(item.article, { fetcher }, { input, position: item.position });
          if (!result.followed && result.problems[0]) {
            const { code, message } = result.problems[0];
            throw Object.assign(new Error(message), { code: code.startsWith('follow-') ? code : `follow-${code}` });
          }
          return result.article;
        }
      : undefined,
  };
}

/**
 * The URL fetcher of a run: only public addresses unless `--allow-private-network` or
 * LEDE_ALLOW_PRIVATE_NETWORK=true (read here so `lede extract` needs no other configuration).
 */
function runFetcher(options: Options): Fetcher {
  const env = process.env['LEDE_ALLOW_PRIVATE_NETWORK']?.trim().toLowerCase();
  const allowPrivateNetwork = Boolean(options['allow-private-network']) || env === 'true' || env === '1' || env === 'yes';
  return createFetcher({ allowPrivateNetwork });
}

async function extract(inputs: string[], options: Options): Promise<number> {
  const knowledge = loadKnowledge({ watchlistFile: watchlistFile() });
  const fetcher = runFetcher(options);
  let failed = false;
  try {
    for await (const event of runPipeline(inputs, pipelineOptions(options, fetcher, knowledge))) {
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

/**
 * Runs `work` with a Meilisearch connection and closes it after (stopping the managed server this
 * process started). `graceful` commands handle SIGINT/SIGTERM themselves (see interruptOnSignals);
 * for the others SIGTERM stops the server and quits.
 */
async function withMeili<T>(config: Config, work: (connection: MeiliConnection) => Promise<T>, graceful = false): Promise<T> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const connection = await connectConfigured(config, log);
  const stop = () => void connection.close().then(() => process.exit(130));
  if (!graceful) process.once('SIGTERM', stop);
  try {
    return await work(connection);
  } finally {
    process.off('SIGTERM', stop);
    await connection.close();
  }
}

/** SIGINT/SIGTERM abort `controller` (the work finishes what is in flight); a second SIGINT quits at once. */
function interruptOnSignals(controller: AbortController, message: string): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted && signal === 'SIGINT') process.exit(130);
    if (!controller.signal.aborted) process.stderr.write(`\n${message}\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

async function runIngest(inputs: string[], options: Options, config: Config): Promise<number> {
  // Listening from the start: a signal while the server starts still ends in a clean stop.
  const abort = new AbortController();
  const stopListening = interruptOnSignals(abort, 'Stopping: finishing the batches in flight (Ctrl-C again to quit now)…');
  const knowledge = loadKnowledge({ watchlistFile: config.watchlistFile });
  return withMeili(
    config,
    async (connection) => {
      await setupConfiguredIndex(config, connection);
      const fetcher = runFetcher({
        ...options,
        'allow-private-network': Boolean(options['allow-private-network']) || config.allowPrivateNetwork,
      });
      try {
        if (options['watch']) return await watch(inputs, options, config, connection, fetcher, knowledge, abort.signal);
        const progress = createProgress(process.stderr);
        // Same index and inputs as an unfinished run (killed, interrupted, server down): resume it.
        const journal = IngestJournal.open(
          journalFile(
            config.meili.dataDir,
            config.index,
            inputs.map((input) => (/^https?:\/\//i.test(input) ? input : path.resolve(input))),
          ),
          { fresh: Boolean(options['no-resume']) },
        );
        const report = await ingest(inputs, {
          journal,
          client: connection.admin,
          index: config.index,
          pipeline: pipelineOptions(options, fetcher, knowledge),
          deadLetterFile: path.resolve(String(options['dead-letter'] ?? 'lede-dead-letter.ndjson')),
          resumeFile: path.resolve(`lede-unindexed-${new Date().toISOString().replace(/[:.]/g, '-')}.ndjson`),
          sink: { batchSize: positiveInt(options['batch-size'], 'batch-size', 1000) },
          onProgress: progress.update,
          signal: abort.signal,
        });
        progress.stop();
        journal.close(!report.interrupted && report.unindexed === 0);
        process.stderr.write(`${formatReport(report)}\n`);
        if (options['report']) await writeFileAtomically(path.resolve(String(options['report'])), `${JSON.stringify(report, null, 2)}\n`);
        if (report.interrupted) return 130;
        const resolved = report.unindexed ? true : await resolveAfter(connection, config, knowledge);
        return report.failed.length || report.unindexed || !resolved ? 1 : 0;
      } finally {
        fetcher.close();
      }
    },
    true,
  ).finally(stopListening);
}

/**
 * The resolution pass after an ingest: its summary on stderr. A failure is reported, not thrown
 * (the articles are indexed; `lede resolve` finishes the job). Returns whether it worked.
 */
async function resolveAfter(connection: MeiliConnection, config: Config, knowledge: EntityKnowledge): Promise<boolean> {
  // The pass reads documents and counts through one node, which on a cluster sees only its shard.
  if (config.cluster) return true;
  try {
    const report = await resolvePending(connection.admin, config.index, { knowledge });
    if (report.documents) process.stderr.write(`${formatResolveReport(report)}\n`);
    return report.failed.length === 0 && report.unindexed === 0;
  } catch (error) {
    process.stderr.write(`Resolution pass failed: ${(error as Error).message} (run \`lede resolve\` to try again).\n`);
    return false;
  }
}

async function watch(
  feeds: string[],
  options: Options,
  config: Config,
  connection: MeiliConnection,
  fetcher: Fetcher,
  knowledge: EntityKnowledge,
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
    onProblems: (problems) => {
      for (const p of problems) log(`${p.input}${p.position ? ` [${p.position}]` : ''}: ${p.code}: ${p.message}`);
    },
    onArticles: async (items, feed) => {
      const before = (await sink.drain()).indexed;
      for (const item of items) {
        for (const event of toEvents(item.article, feed.url, item.position, { knowledge })) {
          if (event.type === 'article') await sink.add(event.article, { input: feed.url, position: event.position });
          else log(`${feed.url} [${event.problem.position ?? ''}]: ${event.problem.code}: ${event.problem.message}`);
        }
      }
      const after = await sink.drain();
      if (after.unindexed) throw new Error(after.unreachableReason ?? 'Meilisearch unreachable');
      log(`${feed.title ?? feed.url}: ${after.indexed - before} new article(s) indexed.`);
      if (after.indexed > before) await resolveAfter(connection, config, knowledge);
    },
  });
  return 0;
}

async function writeFileAtomically(file: string, text: string): Promise<void> {
  await writeFile(`${file}.tmp`, text);
  await rename(`${file}.tmp`, file);
}

/** `lede export`: NDJSON to stdout, or to FILE through FILE.tmp so a failed export never looks complete. */
async function runExport(options: Options, config: Config): Promise<number> {
  return withMeili(config, async (connection) => {
    const out = options['out'] ? path.resolve(String(options['out'])) : undefined;
    if (!out) {
      const count = await exportIndex(connection.admin, config.index, process.stdout);
      process.stderr.write(`Exported ${count} article(s) from index "${config.index}".\n`);
      return 0;
    }
    const temporary = `${out}.tmp`;
    const stream = createWriteStream(temporary);
    try {
      const count = await exportIndex(connection.admin, config.index, stream);
      await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
      await rename(temporary, out);
      process.stderr.write(`Exported ${count} article(s) from index "${config.index}" to ${out}.\n`);
      return 0;
    } catch (error) {
      stream.destroy();
      await rm(temporary, { force: true });
      throw error;
    }
  });
}

async function runReindex(config: Config): Promise<number> {
  const abort = new AbortController();
  const stopListening = interruptOnSignals(abort, 'Stopping the reindex: the live index stays as it was…');
  return withMeili(
    config,
    async (connection) => {
      try {
        let shown = 0;
        const result = await reindex(connection.admin, config.index, {
          signal: abort.signal,
          onProgress: (done, total) => {
            if (done - shown >= 1000 || done === total) process.stderr.write(`  ${(shown = done)} / ${total} documents rebuilt\n`);
          },
        });
        process.stderr.write(
          `Rebuilt index "${result.index}" (${result.documents} documents) with the current settings and enrichment, ` +
            `swapped it in and deleted the old one in ${(result.durationMs / 1000).toFixed(1)} s.\n`,
        );
        for (const p of result.copiedUnchanged) process.stderr.write(`  kept unchanged: ${p.position}: ${p.code}: ${p.message}\n`);
        return 0;
      } catch (error) {
        if (abort.signal.aborted) {
          process.stderr.write(`${(error as Error).message}\n`);
          return 130;
        }
        throw error;
      }
    },
    true,
  ).finally(stopListening);
}

/**
 * Before a command that writes: the index settings applied. Before a dry run, which writes
 * nothing (settings included: applying them re-indexes every document), only whether they are in
 * line, with a note when not.
 */
async function prepareIndex(config: Config, connection: MeiliConnection, dryRun: boolean): Promise<boolean> {
  if (!dryRun) {
    await setupConfiguredIndex(config, connection);
    return true;
  }
  if (config.cluster) return true;
  const current = await connection.admin
    .index(config.index)
    .getSettings()
    .catch((error: unknown) => {
      if (meiliErrorInfo(error).code === 'index_not_found')
        throw new LedeError('index-not-found', `There is no index "${config.index}".`, { cause: error });
      throw error;
    });
  if (Object.keys(settingsDiff(desiredSettings(), current)).length === 0) return true;
  process.stderr.write(
    `Note: index "${config.index}" does not have the settings of index-config/ yet (a dry run does not apply them; ` +
      '`lede index setup` or a run without --dry-run does): pending surnames are not looked up in this dry run.\n',
  );
  return false;
}

/**
 * `lede retag` and `lede resolve` read every document and count through one server; on a sharded
 * cluster that server holds only its shard, so they refuse rather than work on part of the archive.
 */
function refuseCluster(config: Config, command: string): void {
  if (config.cluster) {
    throw new LedeError(
      'cluster-unsupported',
      `${command} does not run on a sharded cluster yet: each node holds only its shard of the archive.`,
    );
  }
}

/** `lede retag`: a progress bar on a TTY, the report on stderr; exit 1 when documents failed or were not written. */
async function runRetag(options: Options, config: Config): Promise<number> {
  const knowledge = loadKnowledge({ watchlistFile: config.watchlistFile });
  const dryRun = Boolean(options['dry-run']);
  const abort = new AbortController();
  const stopListening = interruptOnSignals(abort, 'Stopping the retag: writing the changes found so far (Ctrl-C again to quit now)…');
  return withMeili(
    config,
    async (connection) => {
      const settingsInLine = await prepareIndex(config, connection, dryRun);
      const progress = createRetagProgress(process.stderr);
      const report = await retag(connection.admin, config.index, {
        pipeline: { knowledge },
        dryRun,
        resolve: settingsInLine,
        sink: { batchSize: positiveInt(options['batch-size'], 'batch-size', 1000) },
        onProgress: progress.update,
        signal: abort.signal,
      }).finally(() => progress.stop());
      process.stderr.write(`${formatRetagReport(report)}\n`);
      if (options['report']) await writeFileAtomically(path.resolve(String(options['report'])), `${JSON.stringify(report, null, 2)}\n`);
      if (report.interrupted) return 130;
      const resolveFailed = report.resolve ? report.resolve.failed.length + report.resolve.unindexed : 0;
      return report.failed.length || report.unindexed || resolveFailed ? 1 : 0;
    },
    true,
  ).finally(stopListening);
}

/** `lede resolve`: the resolution pass alone. */
async function runResolve(options: Options, config: Config): Promise<number> {
  const knowledge = loadKnowledge({ watchlistFile: config.watchlistFile });
  const dryRun = Boolean(options['dry-run']);
  return withMeili(config, async (connection) => {
    if (!(await prepareIndex(config, connection, dryRun))) return 1;
    const report = await resolvePending(connection.admin, config.index, { knowledge, dryRun });
    process.stderr.write(`${formatResolveReport(report)}\n`);
    return report.failed.length || report.unindexed ? 1 : 0;
  });
}

/** `lede watchlist import FILE.csv | list | remove NAME`: the watchlist file only, no Meilisearch. */
async function runWatchlist(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  const file = watchlistFile();
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const describe = (e: { name: string; type: string; aliases: string[] }) =>
    `${e.type.padEnd(12)} ${e.name}${e.aliases.length ? `  (${e.aliases.join('; ')})` : ''}`;
  switch (action) {
    case 'list': {
      if (rest.length) throw new LedeError('usage', 'watchlist list takes no arguments');
      const { entries } = readWatchlist(file);
      if (!entries.length) out(`The watchlist ${file} is empty.`);
      else {
        out(`${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} in ${file}:`);
        for (const entry of entries) out(`  ${describe(entry)}`);
      }
      return 0;
    }
    case 'remove': {
      if (rest.length !== 1) throw new LedeError('usage', 'watchlist remove takes one NAME (quote a name with spaces)');
      const { watchlist, removed } = removeFromWatchlist(readWatchlist(file), rest[0]!);
      if (!removed) {
        process.stderr.write(`"${rest[0]}" is not in the watchlist ${file}.\n`);
        return 1;
      }
      await writeWatchlist(file, watchlist);
      out(`Removed ${describe(removed)} from ${file}. Run \`lede retag\` to apply it to the indexed articles.`);
      return 0;
    }
    case 'import': {
      if (rest.length !== 1) throw new LedeError('usage', 'watchlist import takes one FILE.csv');
      const csvFile = path.resolve(rest[0]!);
      let parsed: ReturnType<typeof parseWatchlistCsv>;
      try {
        parsed = parseWatchlistCsv(await readFile(csvFile, 'utf8'));
      } catch (error) {
        if (error instanceof WatchlistCsvError) {
          process.stderr.write(`${csvFile}: ${error.message}\n`);
          return 1;
        }
        throw error;
      }
      const merged = mergeWatchlist(readWatchlist(file), parsed.entries);
      const refused = [...parsed.errors, ...merged.conflicts].sort((a, b) => a.line - b.line);
      for (const error of refused) process.stderr.write(`${csvFile}:${error.line}: ${error.message}\n`);
      if (merged.added.length || merged.updated.length) await writeWatchlist(file, merged.watchlist);
      for (const entry of merged.added) out(`added    ${describe(entry)}`);
      for (const { after } of merged.updated) out(`updated  ${describe(after)}`);
      out(
        `${merged.added.length} added, ${merged.updated.length} updated, ${merged.unchanged.length} unchanged, ${refused.length} refused; ` +
          `watchlist: ${file}.${merged.added.length || merged.updated.length ? ' Run `lede retag` to apply it to the indexed articles.' : ''}`,
      );
      return refused.length ? 1 : 0;
    }
    default:
      throw new LedeError(
        'usage',
        'the watchlist command is `lede watchlist import FILE.csv`, `lede watchlist list` or `lede watchlist remove NAME`',
      );
  }
}

async function runBackup(config: Config): Promise<number> {
  return withMeili(config, async (connection) => {
    const backup = await createBackup(connection.admin, {
      serverUrl: connection.url,
      localDumpDir: connection.managed ? path.join(config.meili.dataDir, 'dumps') : undefined,
    });
    process.stdout.write(`Dump written: ${backup.location}\n`);
    process.stderr.write(
      `Restore it with \`meilisearch --import-dump <file> --db-path <empty dir>\` (see docs/operations.md, "Backup and restore").\n`,
    );
    return 0;
  });
}

async function runBatchFile(file: string, options: Options, config: Config): Promise<number> {
  const queries = queriesFromCsv(await readFile(file, 'utf8'));
  const filters = parseParams(batchFiltersSchema, Object.fromEntries(groupParams(String(options['filters'] ?? ''))));
  return withMeili(config, async (connection) => {
    const bar = createBatchProgress(process.stderr);
    const started = Date.now();
    const rows = await runBatch(connection.admin, config.index, queries, filters, {
      concurrency: positiveInt(options['concurrency'], 'concurrency', 4),
      onProgress: (done, total) => bar.update(done, total),
    });
    bar.stop();
    const csv = toCsv(rows);
    if (typeof options['out'] === 'string') await writeFile(options['out'], csv);
    else process.stdout.write(csv);
    process.stderr.write(
      `${rows.length} queries in ${((Date.now() - started) / 1000).toFixed(1)} s${typeof options['out'] === 'string' ? ` → ${options['out']}` : ''}.\n`,
    );
    return 0;
  });
}

/** A query string → entries, repeated keys as arrays. */
function groupParams(text: string): Array<[string, string | string[]]> {
  const out = new Map<string, string | string[]>();
  for (const [key, value] of new URLSearchParams(text)) {
    const had = out.get(key);
    out.set(key, had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value]);
  }
  return [...out];
}

/** The configuration with `--index NAME` in place of LEDE_INDEX. */
function withIndex(config: Config, options: Options): Config {
  const index = options['index'];
  if (index === undefined) return config;
  if (typeof index !== 'string' || !/^[A-Za-z0-9_-]{1,400}$/.test(index))
    throw new LedeError('usage', `--index must be an index name (letters, digits, - and _), got "${String(index)}"`);
  return { ...config, index };
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
      nodes: { type: 'string' },
      'base-port': { type: 'string' },
      'data-dir': { type: 'string' },
      concurrency: { type: 'string' },
      source: { type: 'string' },
      report: { type: 'string' },
      'batch-size': { type: 'string' },
      out: { type: 'string' },
      'dry-run': { type: 'boolean' },
      index: { type: 'string' },
      'allow-private-network': { type: 'boolean' },
      'no-resume': { type: 'boolean' },
      filters: { type: 'string' },
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
      if (!rest.length) throw new LedeError('usage', 'extract needs at least one INPUT');
      return extract(rest, values);
    case 'ingest':
      if (!rest.length) throw new LedeError('usage', 'ingest needs at least one INPUT');
      return runIngest(rest, values, loadConfig());
    case 'index': {
      if (rest[0] !== 'setup') throw new LedeError('usage', 'the index command is `lede index setup`');
      const config = loadConfig();
      return withMeili(config, async (connection) => {
        const setup = await setupConfiguredIndex(config, connection);
        process.stdout.write(
          `Index "${config.index}" on ${connection.url}: ${setup.changed.length ? `updated ${setup.changed.join(', ')}` : 'settings already up to date'}.\n`,
        );
        return 0;
      });
    }
    case 'cluster': {
      const dataDir = String(values['data-dir'] ?? './data/cluster');
      if (rest[0] === 'down') return clusterDown({ dataDir });
      if (rest[0] !== 'up') throw new LedeError('usage', 'the cluster command is `lede cluster up` or `lede cluster down`');
      const basePort = Number(values['base-port'] ?? 7701);
      if (!Number.isInteger(basePort) || basePort < 0 || basePort > 65535)
        throw new LedeError('usage', `--base-port must be a port number, got "${values['base-port']}"`);
      return clusterUp({ nodes: positiveInt(values['nodes'], 'nodes', 3), basePort, dataDir }, loadConfig());
    }
    case 'export':
      if (rest.length) throw new LedeError('usage', 'export takes no INPUT (use --out FILE for a file)');
      return runExport(values, loadConfig());
    case 'reindex':
      if (rest.length) throw new LedeError('usage', 'reindex takes no arguments');
      return runReindex(loadConfig());
    case 'retag': {
      if (rest.length) throw new LedeError('usage', 'retag takes no arguments (use --index NAME for another index)');
      const config = withIndex(loadConfig(), values);
      refuseCluster(config, 'lede retag');
      return runRetag(values, config);
    }
    case 'resolve': {
      if (rest.length) throw new LedeError('usage', 'resolve takes no arguments (use --index NAME for another index)');
      const config = withIndex(loadConfig(), values);
      refuseCluster(config, 'lede resolve');
      return runResolve(values, config);
    }
    case 'watchlist':
      return runWatchlist(rest);
    case 'backup':
      if (rest.length) throw new LedeError('usage', 'backup takes no arguments');
      return runBackup(loadConfig());
    case 'batch':
      if (rest.length !== 1) throw new LedeError('usage', 'batch needs one FILE.csv with a "query" column');
      return runBatchFile(rest[0]!, values, withIndex(loadConfig(), values));
    default:
      throw new LedeError('usage', `unknown command "${command}"`);
  }
}

/**
 * Exits once stdout and stderr are flushed: writes to pipes are asynchronous, and process.exit()
 * right after a large `lede export` or `lede extract` would cut the output short.
 */
function exitAfterFlush(code: number): void {
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

main(process.argv.slice(2)).then(exitAfterFlush, (error: unknown) => {
  process.stderr.write(`${errorLine('lede', error)}\n${isUsageError(error) ? `\n${USAGE}\n` : ''}`);
  exitAfterFlush(exitCodeFor(error));
});
