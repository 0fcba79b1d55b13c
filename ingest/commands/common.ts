/**
 * What the `lede` commands share and that needs no Meilisearch: option types and checks, signal
 * handling, atomic file writes. Kept light: `lede --help` and the watchlist commands load only this.
 */
import { rename, writeFile } from 'node:fs/promises';
import type { Config } from '../../src/config.ts';
import { LedeError } from '../../src/errors.ts';

export type Options = Record<string, string | boolean | undefined>;

export function positiveInt(value: string | boolean | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new LedeError('usage', `--${name} must be a positive integer, got "${String(value)}"`);
  return n;
}

/** SIGINT/SIGTERM abort `controller` (the work finishes what is in flight); a second SIGINT quits at once. */
export function interruptOnSignals(controller: AbortController, message: string): () => void {
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

export async function writeFileAtomically(file: string, text: string): Promise<void> {
  await writeFile(`${file}.tmp`, text);
  await rename(`${file}.tmp`, file);
}

/** The configuration with `--index NAME` in place of LEDE_INDEX. */
export function withIndex(config: Config, options: Options): Config {
  const index = options['index'];
  if (index === undefined) return config;
  if (typeof index !== 'string' || !/^[A-Za-z0-9_-]{1,400}$/.test(index))
    throw new LedeError('usage', `--index must be an index name (letters, digits, - and _), got "${String(index)}"`);
  return { ...config, index };
}

/**
 * `lede retag` and `lede resolve` read every document and count through one server; on a sharded
 * cluster that server holds only its shard, so they refuse rather than work on part of the archive.
 */
export function refuseCluster(config: Config, command: string): void {
  if (config.cluster) {
    throw new LedeError(
      'cluster-unsupported',
      `${command} does not run on a sharded cluster yet: each node holds only its shard of the archive.`,
    );
  }
}
