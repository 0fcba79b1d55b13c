/**
 * The CI-length version of the load test (`npx tsx bench/soak.ts` runs 50 connections for 60 s):
 * 50 connections for 5 s against /api/search with a realistic query mix. Zero errors, and the
 * API's memory grows less than the bound. Latencies are printed, not asserted.
 */
import { describe, expect, inject, it } from 'vitest';
import { runSoak } from '../../bench/soak.ts';

describe('load', () => {
  it('50 connections for 5 s: zero errors, memory growth under 64 MB', async () => {
    const result = await runSoak({ meiliUrl: inject('meiliUrl'), masterKey: inject('meiliKey'), connections: 50, seconds: 5 });
    console.log(
      `load: ${result.requests} requests, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, RSS ${result.rssWarmMb} → ${result.rssPeakMb} MB`,
    );
    expect(result.requests).toBeGreaterThan(0);
    expect(result.errors).toBe(0);
    expect(result.rssPeakMb - result.rssWarmMb).toBeLessThan(result.memoryBoundMb);
  }, 120_000);
});
