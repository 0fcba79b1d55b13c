/**
 * `lede backup`: asks Meilisearch for a dump, waits for it, and says where the file is. A dump
 * holds every index, its settings and the API keys, and imports into the same or a newer
 * Meilisearch version (`meilisearch --import-dump FILE`).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Meilisearch } from 'meilisearch';
import { LedeError } from '../../src/errors.ts';

export interface Backup {
  /** The dump's name on the server, e.g. `20261125-201500123`; the file is `<dumpUid>.dump`. */
  dumpUid: string;
  /** The dump file, when it is on this machine (managed server); undefined for a remote server. */
  file?: string;
  /** Where the dump is, said for a person. */
  location: string;
}

export interface BackupOptions {
  /** The managed server's dump directory (`<MEILI_DATA_DIR>/dumps`); undefined for a remote server. */
  localDumpDir?: string;
  /** The server's URL, named in the location of a remote dump. */
  serverUrl: string;
  /** How long to wait for the dump task. Default: 30 minutes. */
  timeoutMs?: number;
}

export async function createBackup(client: Meilisearch, options: BackupOptions): Promise<Backup> {
  const task = await client.createDump().waitTask({ timeout: options.timeoutMs ?? 30 * 60_000, interval: 200 });
  const dumpUid = task.details?.dumpUid;
  if (task.status !== 'succeeded' || !dumpUid) {
    throw new LedeError(
      'backup_failed',
      `The dump failed (task ${task.uid} ${task.status}): ${task.error?.message ?? 'no dump was written'}`,
    );
  }
  const name = `${dumpUid}.dump`;
  if (options.localDumpDir) {
    const file = path.join(options.localDumpDir, name);
    if (!existsSync(file))
      throw new LedeError('backup_failed', `Meilisearch reported dump ${name}, but it is not in ${options.localDumpDir}.`);
    return { dumpUid, file, location: file };
  }
  return {
    dumpUid,
    location: `${name} in the dump directory of the Meilisearch at ${options.serverUrl} (its --dump-dir / MEILI_DUMP_DIR, by default dumps/ beside its data)`,
  };
}
