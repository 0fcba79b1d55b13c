/**
 * Errors → HTTP, in one place: the status of every error code the API answers with, and the one
 * middleware that turns any error into a response: `{"error":{"code","message"}}` for the API, a
 * small escaped HTML page elsewhere. Bad input is never a 500; unexpected errors are logged and
 * answered without details.
 */
import type { ErrorRequestHandler } from 'express';
import { isLedeError, type LedeError } from '../errors.ts';
import { escapeHtml } from '../search/highlight.ts';

/** HTTP status of each LedeError code the API answers with; a LedeError with any other code is a 500. */
export const HTTP_STATUS: Readonly<Record<string, number>> = {
  // The request is invalid (src/search/params.ts, src/search/meili-call.ts, the limits middleware, the routes).
  invalid_parameter: 400,
  unknown_parameter: 400,
  query_too_long: 400,
  page_out_of_range: 400,
  invalid_date: 400,
  invalid_query: 400,
  invalid_query_syntax: 400,
  query_too_complex: 400,
  unsupported_query: 400,
  export_too_large: 400,
  invalid_id: 400,
  too_many_parameters: 400,
  malformed_url: 400,
  invalid_body: 400,
  invalid_csv: 400,
  too_many_queries: 400,
  unauthorized: 401,
  writes_disabled: 403,
  not_found: 404,
  unknown_facet: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  uri_too_long: 414,
  rate_limited: 429,
  // Saved searches or analyses on a server started without them (createApp without `savedSearches` / `analysis`).
  not_available: 501,
  // Meilisearch is unreachable, timed out, or refused for a reason that is not the user's.
  search_unavailable: 503,
};

/** What an error becomes on the wire. */
export interface HttpErrorResponse {
  status: number;
  code: string;
  message: string;
  /** The error it came from (logged for 5xx, never sent). */
  cause: unknown;
  /** Facts sent beside code and message: only those listed in PUBLIC_DETAILS for the code. */
  details?: Record<string, unknown>;
}

/** The `details` of a LedeError that the API may show, per code (the rest can name inputs, URLs, hosts). */
const PUBLIC_DETAILS: Readonly<Record<string, readonly string[]>> = {
  invalid_query_syntax: ['position', 'expected'],
};

function publicDetails(error: LedeError): Record<string, unknown> | undefined {
  const keys = PUBLIC_DETAILS[error.code];
  if (keys === undefined || error.details === undefined) return undefined;
  return Object.fromEntries(keys.filter((k) => k in (error.details ?? {})).map((k) => [k, error.details?.[k]]));
}

/** The HTTP status of an error (500 for anything that is not a known LedeError). */
export function httpStatusOf(error: unknown): number {
  return (isLedeError(error) && HTTP_STATUS[error.code]) || 500;
}

/** Any error → status, code and message; unknown errors → 500 `internal_error`. */
export function toHttpError(error: unknown): HttpErrorResponse {
  if (isLedeError(error) && HTTP_STATUS[error.code]) {
    const status = httpStatusOf(error);
    const message = status === 503 ? `Search is temporarily unavailable: ${error.message}` : error.message;
    return { status, code: error.code, message, cause: error, details: publicDetails(error) };
  }
  // Errors raised by Express and its parsers carry a 4xx status (e.g. a path that fails to decode).
  const status =
    (error as { status?: unknown; statusCode?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const type = (error as { type?: unknown }).type;
    const code = status === 413 ? 'payload_too_large' : typeof type === 'string' ? type.replace(/\./g, '_') : 'bad_request';
    const message = status === 400 ? 'The request could not be understood (malformed URL or encoding).' : (error as Error).message;
    return { status, code, message, cause: error };
  }
  return { status: 500, code: 'internal_error', message: 'Something went wrong on our side.', cause: error };
}

/** Sends any error as JSON (API) or as a minimal HTML page (elsewhere). */
export function errorMiddleware(log: (line: string) => void): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const httpError = toHttpError(error);
    if (httpError.status >= 500 && httpError.status !== 503) {
      const cause = httpError.cause instanceof Error ? (httpError.cause.stack ?? httpError.cause.message) : String(httpError.cause);
      log(`${req.method} ${req.path} → ${httpError.status}: ${cause}`);
    }
    if (httpError.status === 503) res.setHeader('Retry-After', '5');
    res.status(httpError.status);
    if (req.path.startsWith('/api/') || req.path === '/api' || !req.accepts('html')) {
      res.json({ error: { code: httpError.code, message: httpError.message, ...httpError.details } });
    } else {
      res
        .type('html')
        .send(
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lede: ${httpError.status}</title>` +
            `<link rel="stylesheet" href="/assets/style.css"></head><body><main class="error-page"><h1>${httpError.status}</h1>` +
            `<p>${escapeHtml(httpError.message)}</p><p><a href="/">Back to search</a></p></main></body></html>`,
        );
    }
  };
}
