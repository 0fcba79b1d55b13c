/** The Meilisearch side of the `lede` commands: a connection for the length of a command, the index made ready. */
import type { Config } from '../../src/config.ts';
import { LedeError } from '../../src/errors.ts';
import { connectConfigured } from '../../src/meili/cluster-connect.ts';
import type { ClusterSetup } from '../../src/meili/cluster.ts';
import type { MeiliConnection } from '../../src/meili/connect.ts';
import { meiliErrorInfo } from '../../src/meili/http-client.ts';
import { desiredSettings, settingsDiff } from '../../src/meili/settings.ts';
import { setupConfiguredIndex } from '../../src/meili/setup.ts';

/**
 * Runs `work` with a Meilisearch connection and closes it after (stopping the managed server this
 * process started). `graceful` commands handle SIGINT/SIGTERM themselves (see interruptOnSignals);
 * for the others SIGTERM stops the server and quits.
 */
export async function withMeili<T>(
  config: Config,
  work: (connection: MeiliConnection & { cluster?: ClusterSetup }) => Promise<T>,
  graceful = false,
): Promise<T> {
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

/**
 * Before a command that writes: the index settings applied. Before a dry run, which writes
 * nothing (settings included: applying them re-indexes every document), only whether they are in
 * line, with a note when not.
 */
export async function prepareIndex(config: Config, connection: MeiliConnection, dryRun: boolean): Promise<boolean> {
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
