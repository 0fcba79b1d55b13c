/**
 * The one HTTP error type and the one middleware that turns any error into a response:
 * `{"error":{"code","message"}}` for the API, a small escaped HTML page elsewhere.
 * Bad input is never a 500; unexpected errors are logged and answered without details.
 */
import type { ErrorRequestHandler } from 'express';
import { NotFoundError, SearchInputError, SearchUnavailableError } from '../search/errors.ts';
import { escapeHtml } from '../search/highlight.ts';

export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
    /** Extra fields of the JSON error object, beside code and message. */
    readonly details?: Record<string, string | number>,
  ) {
    super(message, options);
  }
}

/** Known errors → HttpError; anything else → 500 `internal_error` (keeping the original as cause). */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof SearchInputError) return new HttpError(400, error.code, error.message, { cause: error }, error.details);
  if (error instanceof NotFoundError) return new HttpError(404, 'not_found', error.message, { cause: error });
  if (error instanceof SearchUnavailableError) {
    return new HttpError(503, 'search_unavailable', `Search is temporarily unavailable: ${error.message}`, { cause: error });
  }
  // Errors raised by Express and its parsers carry a 4xx status (e.g. a path that fails to decode).
  const status = (error as { status?: unknown; statusCode?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const type = (error as { type?: unknown }).type;
    const code = status === 413 ? 'payload_too_large' : typeof type === 'string' ? type.replace(/\./g, '_') : 'bad_request';
    return new HttpError(status, code, status === 400 ? 'The request could not be understood (malformed URL or encoding).' : (error as Error).message, { cause: error });
  }
  return new HttpError(500, 'internal_error', 'Something went wrong on our side.', { cause: error });
}

/** Sends an HttpError as JSON (API) or as a minimal HTML page (elsewhere). */
export function errorMiddleware(log: (line: string) => void): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const httpError = toHttpError(error);
    if (httpError.status >= 500 && httpError.status !== 503) {
      const cause = httpError.cause instanceof Error ? httpError.cause.stack ?? httpError.cause.message : String(httpError.cause);
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
