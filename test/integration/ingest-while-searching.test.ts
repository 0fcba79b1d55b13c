/**
 * Ingest and search at once, CI length (`npx tsx bench/ingest-while-searching.ts` writes 10,000
 * articles): 20 search clients while the real `lede ingest` writes 600 synthetic articles
 * into the searched index, against the same load without ingest. Zero failed searches, every
 * article read and indexed, each new article in the index exactly once. Latencies are printed,
 * not asserted (the machine is shared).
 */
import { describe, expect, inject, it } from 'vitest';
import { formatConcurrent, runIngestWhileSearching } from '../../bench/ingest-while-searching.ts';

describe('ingest and search at once', () => {
  it('20 search clients while `lede ingest` writes 600 articles: 0 errors, every article indexed exactly once', async () => {
    const result = await runIngestWhileSearching({
      meiliUrl: inject('meiliUrl'),
      masterKey: inject('meiliKey'),
      articles: 600,
      seedArticles: 300,
      connections: 20,
      baselineSeconds: 3,
      maxSeconds: 120,
    });
    console.log(formatConcurrent(result));
    expect(result.baseline.requests).toBeGreaterThan(0);
    expect(result.duringIngest.requests).toBeGreaterThan(0);
    expect(result.baseline.errors).toBe(0);
    expect(result.duringIngest.errors).toBe(0);
    expect(result.ingestExitCode).toBe(0);
    expect(result.report).toEqual({ read: 600, indexed: 600, duplicates: 0, unindexed: 0, failed: 0 });
    expect(result.missingIds).toBe(0);
    expect(result.foundIds).toBe(result.expectedIds);
    expect(result.expectedIds).toBe(600);
    expect(result.indexSize).toBe(600 + 300);
    expect(result.passed).toBe(true);
  }, 180_000);
});
