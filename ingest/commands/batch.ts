/** `lede batch FILE.csv`: one CSV row of counts per query of FILE.csv's "query" column. */
import { readFile, writeFile } from 'node:fs/promises';
import { backendFor } from '../../src/analysis/cluster-backend.ts';
import { batchFiltersSchema, queriesFromCsv, runBatch, toCsv } from '../../src/analysis/batch.ts';
import type { Config } from '../../src/config.ts';
import { parseParams } from '../../src/search/params.ts';
import { createBatchProgress } from '../progress.ts';
import { type Options, positiveInt } from './common.ts';
import { withMeili } from './with-meili.ts';

export async function runBatchFile(file: string, options: Options, config: Config): Promise<number> {
  const queries = queriesFromCsv(await readFile(file, 'utf8'));
  const filters = parseParams(batchFiltersSchema, Object.fromEntries(groupParams(String(options['filters'] ?? ''))));
  return withMeili(config, async (connection) => {
    const bar = createBatchProgress(process.stderr);
    const started = Date.now();
    const rows = await runBatch(backendFor(connection, config.index), queries, filters, {
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
