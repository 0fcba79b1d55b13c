/** `lede ingest [--watch] INPUT...`: parse, enrich and index, then the archive resolution pass. */
import path from 'node:path';
import type { Config } from '../../src/config.ts';
import type { MeiliConnection } from '../../src/meili/connect.ts';
import { setupConfiguredIndex } from '../../src/meili/setup.ts';
import { type EntityKnowledge, loadKnowledge } from '../enrich/knowledge.ts';
import { ingest } from '../ingest.ts';
import { IngestJournal, journalFile } from '../journal.ts';
import { resolvePending } from '../ops/resolve-pending.ts';
import { toEvents } from '../pipeline.ts';
import { createProgress } from '../progress.ts';
import { formatReport, formatResolveReport } from '../report.ts';
import { MeiliSink } from '../sink.ts';
import type { Fetcher } from '../sources/http.ts';
import { defaultWatchStateFile, watchFeeds } from '../sources/watch.ts';
import { interruptOnSignals, type Options, positiveInt, writeFileAtomically } from './common.ts';
import { pipelineOptions, runFetcher } from './pipeline-options.ts';
import { withMeili } from './with-meili.ts';

export async function runIngest(inputs: string[], options: Options, config: Config): Promise<number> {
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
