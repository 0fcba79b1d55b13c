/** `lede retag` and `lede resolve`: enrichment again over the stored articles, and the resolution pass alone. */
import path from 'node:path';
import type { Config } from '../../src/config.ts';
import { loadKnowledge } from '../enrich/knowledge.ts';
import { resolvePending } from '../ops/resolve-pending.ts';
import { retag } from '../ops/retag.ts';
import { createRetagProgress } from '../progress.ts';
import { formatResolveReport, formatRetagReport } from '../report.ts';
import { interruptOnSignals, type Options, positiveInt, writeFileAtomically } from './common.ts';
import { prepareIndex, withMeili } from './with-meili.ts';

/** A progress bar on a TTY, the report on stderr; exit 1 when documents failed or were not written. */
export async function runRetag(options: Options, config: Config): Promise<number> {
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

export async function runResolve(options: Options, config: Config): Promise<number> {
  const knowledge = loadKnowledge({ watchlistFile: config.watchlistFile });
  const dryRun = Boolean(options['dry-run']);
  return withMeili(config, async (connection) => {
    if (!(await prepareIndex(config, connection, dryRun))) return 1;
    const report = await resolvePending(connection.admin, config.index, { knowledge, dryRun });
    process.stderr.write(`${formatResolveReport(report)}\n`);
    return report.failed.length || report.unindexed ? 1 : 0;
  });
}
