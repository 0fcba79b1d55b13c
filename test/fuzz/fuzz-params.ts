/**
 * How much the fuzz tests run: `npm test` a fixed seed and a modest number of runs per property;
 * `npm run fuzz` (LEDE_FUZZ_RUNS) many more with a fresh seed; LEDE_FUZZ_SEED replays a failure.
 */
import type fc from 'fast-check';

/** Runs per property: LEDE_FUZZ_RUNS, else the test file's own default. */
export function fuzzRuns(defaultRuns: number): number {
  return Number(process.env['LEDE_FUZZ_RUNS'] ?? defaultRuns);
}

/** fast-check parameters: the fixed seed unless LEDE_FUZZ_RUNS asks for a longer, fresh run. */
export function fuzzParams(runs: number, extra: Partial<fc.Parameters<unknown>> = {}): fc.Parameters<unknown> {
  const seed =
    process.env['LEDE_FUZZ_SEED'] !== undefined
      ? Number(process.env['LEDE_FUZZ_SEED'])
      : process.env['LEDE_FUZZ_RUNS']
        ? undefined
        : 20261129;
  return { numRuns: runs, ...(seed !== undefined ? { seed } : {}), ...extra };
}
