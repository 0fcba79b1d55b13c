/** `lede backup`: a Meilisearch dump, and where it is. */
import path from 'node:path';
import type { Config } from '../../src/config.ts';
import { createBackup } from '../ops/backup.ts';
import { withMeili } from './with-meili.ts';

export async function runBackup(config: Config): Promise<number> {
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
