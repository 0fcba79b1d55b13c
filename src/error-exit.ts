/**
 * How Lede's programs (`lede`, `npm start`) end on an error, in one place: the exit code and the
 * one line on stderr. Interrupted runs (130) are decided by the commands themselves.
 */
import { isLedeError } from './errors.ts';

export const EXIT_CODES = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

/** Bad command-line usage: Lede's own `usage` errors and node:util parseArgs's ERR_PARSE_ARGS_*. */
export function isUsageError(error: unknown): boolean {
  return isLedeError(error, 'usage') || String((error as { code?: unknown } | null)?.code ?? '').startsWith('ERR_PARSE_ARGS');
}

/** 2 for bad usage, 1 for anything else. */
export function exitCodeFor(error: unknown): number {
  return isUsageError(error) ? EXIT_CODES.usage : EXIT_CODES.failed;
}

/** The stderr line of `lede` (`lede: …`) or of `npm start` (an invalid configuration says so by itself). */
export function errorLine(program: 'lede' | 'start', error: unknown): string {
  const message = (error as Error | null)?.message ?? String(error);
  if (program === 'lede') return `lede: ${message}`;
  return isLedeError(error, 'invalid_config') ? message : `Lede could not start: ${message}`;
}
