/** `lede export [--out FILE]`: NDJSON to stdout, or to FILE through FILE.tmp so a failed export never looks complete. */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../src/config.ts';
import { exportIndex } from '../ops/export.ts';
import type { Options } from './common.ts';
import { withMeili } from './with-meili.ts';

export async function runExport(options: Options, config: Config): Promise<number> {
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
