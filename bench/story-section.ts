/**
 * The story section of `npm run bench` (issue 14): bench/story.ts in a child process, on its own
 * corpus and Meilisearch, and the figures the issue names: ingest time with the alert loop of
 * `saved` saved searches running ÷ without, the alert round after a batch, an idle round.
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { typeScriptExecArgv } from './children.ts';

export interface StoryResults {
  /** Articles of the archive the saved searches are checked against (before the measured batches). */
  articles: number;
  savedSearches: number;
  /** Articles per ingested batch. */
  batchArticles: number;
  /** Batches ingested without and with the loop, alternating. */
  abBatches: number;
  /** Summed ingest seconds with the loop running ÷ without (issue 14: ≤ 1.20). */
  ratio: number | null;
  withSeconds: number;
  withoutSeconds: number;
  /** Alert rounds right after a batch (check every saved search, deliver), seconds. */
  roundAfterBatchSeconds: number[];
  /** A round with nothing new, seconds. */
  idleRoundSeconds: number;
}

interface StoryFile {
  corpus: { articles: number };
  alerts: {
    savedSearches: number;
    rounds: Array<{ articles: number; alertRoundSeconds: number }>;
    idleRoundSeconds: number;
    ingestWithAlerts: { batches: unknown[]; withSeconds: number; withoutSeconds: number; ratio: number | null };
  };
}

export async function measureStory(options: { size: number; saved: number; seed: number; scratch: string }): Promise<StoryResults> {
  const batch = Math.min(500, Math.max(10, Math.floor(options.size / 6)));
  const small = options.size < 1000;
  const args = [
    ['--size', options.size],
    ['--saved', options.saved],
    ['--batch', batch],
    ['--batches', small ? 1 : 3],
    ['--ab', small ? 2 : 8],
    ['--sink-batch', Math.min(100, batch)],
    ['--queries', 0],
    ['--seed', options.seed],
    ['--out', options.scratch],
  ].flatMap(([name, value]) => [String(name), String(value)]);
  const script = fileURLToPath(new URL('./story.ts', import.meta.url));
  await new Promise<void>((resolve, reject) => {
    const child = fork(script, args, { execArgv: typeScriptExecArgv(), stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`bench/story.ts exited with ${code}`))));
  });
  const file = JSON.parse(readFileSync(path.join(options.scratch, `story-${options.size}.json`), 'utf8')) as StoryFile;
  const ab = file.alerts.ingestWithAlerts;
  return {
    articles: file.corpus.articles,
    savedSearches: file.alerts.savedSearches,
    batchArticles: batch,
    abBatches: ab.batches.length,
    ratio: ab.ratio,
    withSeconds: ab.withSeconds,
    withoutSeconds: ab.withoutSeconds,
    roundAfterBatchSeconds: file.alerts.rounds.map((r) => r.alertRoundSeconds),
    idleRoundSeconds: file.alerts.idleRoundSeconds,
  };
}
