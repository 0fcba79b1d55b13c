/** `lede reindex`: rebuild with the current settings and enrichment, then swap it in. */
import type { Config } from '../../src/config.ts';
import { reindex } from '../ops/reindex.ts';
import { interruptOnSignals } from './common.ts';
import { withMeili } from './with-meili.ts';

export async function runReindex(config: Config): Promise<number> {
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
