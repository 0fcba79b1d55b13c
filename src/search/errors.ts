/**
 * Errors of the search layer (no HTTP here): bad input, and a Meilisearch that cannot answer.
 * The server maps them to HTTP statuses in its one error middleware.
 */

/** The request is invalid; `code` is a stable machine-readable reason. */
export class SearchInputError extends Error {
  override name = 'SearchInputError';
  constructor(
    readonly code: string,
    message: string,
    /** Machine-readable details sent beside code and message (e.g. a syntax error's position). */
    readonly details?: Record<string, string | number>,
  ) {
    super(message);
  }
}

/** The article (or other resource) does not exist. */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

/** Meilisearch is unreachable, timed out, or refused the request for a reason that is not the user's. */
export class SearchUnavailableError extends Error {
  override name = 'SearchUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
