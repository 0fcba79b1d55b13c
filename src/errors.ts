/**
 * The one error type Lede raises on purpose. `code` is the stable, machine-readable reason
 * (API codes are snake_case as in the JSON error body; ingest problem codes are kebab-case as in
 * the report and the dead-letter file); `message` is for people; `cause` is the error it wraps;
 * `details` carries structured facts (an input, a position, a URL).
 *
 * Where they are turned into something else, in one place each: HTTP status and JSON body in
 * src/server/http-error.ts, exit code and stderr line of the programs in src/error-exit.ts.
 */
export interface LedeErrorOptions {
  /** The error this one wraps. */
  cause?: unknown;
  /** Structured facts about the failure, for callers and logs. */
  details?: Readonly<Record<string, unknown>> | undefined;
}

export class LedeError extends Error {
  override name = 'LedeError';
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: string, message: string, options: LedeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details;
  }
}

/** A LedeError, with one of `codes` when any are given. */
export function isLedeError(error: unknown, ...codes: string[]): error is LedeError {
  return error instanceof LedeError && (codes.length === 0 || codes.includes(error.code));
}
