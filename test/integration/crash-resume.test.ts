/**
 * Crash mid-ingest: `lede ingest` of three bbc-dev sections (798 files) killed with
 * SIGKILL at random points three times in a row, each run resuming the last from its progress
 * journal; a fourth run finishes. Afterwards every article is in the index exactly once, the
 * report says what was resumed, and the journal is gone.
 *
 * The CLI runs against the test server (MEILI_URL), so killing it leaves no Meilisearch behind;
 * the kill points are drawn from a seeded PRNG (printed) after the run has had 1–3 batches
 * acknowledged, plus a random delay, so they fall before, during and between batches.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { IngestReport } from '../../ingest/report.ts';
import { runPipeline } from '../../ingest/pipeline.ts';
import { indexDocuments } from '../../ingest/ops/documents.ts';
import { prng } from '../../bench/prng.ts';
import { startLede, runLede } from '../support/lede-cli.ts';
import { testAdminClient, uniqueIndex } from '../support/meili.ts';
import { noEnrichment } from '../../ingest/enrich/enrich.ts';

const BBC_DEV = fileURLToPath(new URL('../../../shared/corpora/bbc-dev', import.meta.url));
// Three sections, so that the fourth run still has work: with four batches in flight, acknowledgements
// arrive in bursts and a killed run may have indexed several batches past its kill point; small
// batches keep such a burst small.
const INPUTS = [path.join(BBC_DEV, 'tech'), path.join(BBC_DEV, 'politics'), path.join(BBC_DEV, 'business')];
const BATCH = 25;
const SEED = Number(process.env['LEDE_CRASH_SEED'] ?? 16);

const index = uniqueIndex('crash');
const cwd = mkdtempSync(path.join(os.tmpdir(), 'lede-crash-'));
const dataDir = path.join(cwd, 'data');
const env = { MEILI_URL: inject('meiliUrl'), MEILI_MASTER_KEY: inject('meiliKey'), MEILI_DATA_DIR: dataDir, LEDE_INDEX: index };
const args = ['ingest', ...INPUTS, '--batch-size', String(BATCH), '--report', path.join(cwd, 'report.json')];

afterAll(async () => {
  await testAdminClient()
    .deleteIndex(index)
    .waitTask()
    .catch(() => undefined);
  rmSync(cwd, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function journal(): string | undefined {
  const dir = path.join(dataDir, 'journals');
  if (!existsSync(dir)) return undefined;
  const files = readdirSync(dir);
  return files.length ? path.join(dir, files[0]!) : undefined;
}

/** Lines of the journal: run starts and acknowledged batches (a torn last line is skipped). */
function journalLines(): Array<{ run?: string; done?: string[] }> {
  const file = journal();
  if (!file) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as { run?: string; done?: string[] }];
      } catch {
        return [];
      }
    });
}

/** Batches acknowledged by run number `round` (0 until that run has written its start line). */
function batchesOfRun(round: number): number {
  const lines = journalLines();
  const starts = lines.flatMap((line, i) => (line.run !== undefined ? [i] : []));
  if (starts.length < round) return 0;
  return lines.slice(starts[round - 1]! + 1).filter((line) => line.done).length;
}

describe('crash mid-ingest', () => {
  it('kill -9 three times at random points, resuming each time: every article indexed exactly once, the report says what was resumed', async () => {
    // The corpus's articles and distinct ids from a parse-only pass, independent of any index.
    const expected = new Set<string>();
    let articles = 0;
    for await (const event of runPipeline(INPUTS, { enrich: noEnrichment })) {
      if (event.type === 'article') {
        articles++;
        expected.add(event.article.id);
      }
    }
    expect(articles).toBeGreaterThan(400);

    const random = prng(SEED);
    const kills: string[] = [];
    for (let round = 1; round <= 3; round++) {
      const batches = 1 + Math.floor(random() * 3);
      const delay = Math.floor(random() * 400);
      const run = startLede(args, { cwd, env });
      let exited = false;
      const done = run.done.finally(() => (exited = true));
      while (!exited && batchesOfRun(round) < batches) await sleep(20);
      await sleep(delay);
      expect(exited, `run ${round} ended before it could be killed:\n${run.output().stderr}`).toBe(false);
      run.child.kill('SIGKILL');
      const result = await done;
      expect(result.signal).toBe('SIGKILL');
      kills.push(`run ${round}: killed ${delay} ms after ${batches} acknowledged batch(es)`);
    }
    const before = journalLines();
    const acknowledged = new Set(before.flatMap((line) => line.done ?? []));
    expect(before.filter((line) => line.run)).toHaveLength(3);
    expect(acknowledged.size).toBeGreaterThanOrEqual(3 * BATCH);
    expect(acknowledged.size).toBeLessThan(articles);

    const final = await runLede(args, { cwd, env });
    expect(final.code, final.stderr).toBe(0);
    const report = JSON.parse(readFileSync(path.join(cwd, 'report.json'), 'utf8')) as IngestReport;
    expect(report.resumed).toMatchObject({ interruptedRuns: 3, skipped: acknowledged.size });
    expect(report.read + report.resumed!.skipped).toBe(articles);
    expect(report).toMatchObject({ failed: [], unindexed: 0 });
    expect(final.stderr).toContain(`RESUMED after 3 unfinished runs: ${acknowledged.size} articles already indexed by them were skipped`);
    expect(journal(), 'the journal of a finished ingest is deleted').toBeUndefined();

    // Exactly once: the index holds the corpus's distinct ids, each once.
    const ids: string[] = [];
    for await (const doc of indexDocuments(testAdminClient(), index)) ids.push(doc['id'] as string);
    expect(ids).toHaveLength(expected.size);
    expect(new Set(ids)).toEqual(expected);
    console.log(
      `crash-resume (seed ${SEED}): ${kills.join('; ')}; then ${acknowledged.size} skipped, ${report.read} read by the final run`,
    );
  }, 150_000);
});
