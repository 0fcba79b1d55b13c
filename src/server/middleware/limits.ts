/**
 * Request limits before any route: GET/HEAD only (plus OPTIONS for CORS) and no request bodies,
 * except on the write routes named in the options (POST/PUT/DELETE with a bounded body); a
 * bounded URL and parameter count, and well-formed percent-encoding (else 400, never a 500).
 */
import type { RequestHandler } from 'express';
import { LedeError } from '../../errors.ts';

export interface LimitOptions {
  /** Longest accepted URL (path + query) in bytes. Default: 4096. */
  maxUrlLength?: number;
  /** Most query parameters (counting repeats). Default: 100. */
  maxParameters?: number;
  /** Largest accepted request body in bytes on read routes. Default: 0 (they read no body). */
  maxBodyBytes?: number;
  /**
   * Routes that accept POST, PUT and DELETE with a body: path prefixes (e.g. `/api/saved-searches`)
   * matched at a segment boundary. Default: none.
   */
  writeRoutes?: readonly string[];
  /** Largest accepted request body in bytes on write routes. Default: 1 MB. */
  maxWriteBodyBytes?: number;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'DELETE']);

function decodes(part: string): boolean {
  // Only a `%` can make decoding fail.
  if (!part.includes('%')) return true;
  try {
    decodeURIComponent(part.replace(/\+/g, ' '));
    return true;
  } catch {
    return false;
  }
}

export function requestLimits(options: LimitOptions = {}): RequestHandler {
  const maxUrl = options.maxUrlLength ?? 4096;
  const maxParams = options.maxParameters ?? 100;
  const writeRoutes = options.writeRoutes ?? [];
  const isWriteRoute = (path: string) => writeRoutes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
  return (req, res, next) => {
    const writable = isWriteRoute(req.path);
    const maxBody = writable ? (options.maxWriteBodyBytes ?? 1024 * 1024) : (options.maxBodyBytes ?? 0);
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS' && !(writable && WRITE_METHODS.has(req.method))) {
      res.setHeader('Allow', writable ? 'GET, HEAD, OPTIONS, POST, PUT, DELETE' : 'GET, HEAD, OPTIONS');
      next(new LedeError('method_not_allowed', `Method ${req.method} is not allowed here; use GET.`));
      return;
    }
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > maxBody || (maxBody === 0 && req.headers['transfer-encoding'] !== undefined)) {
      next(new LedeError('payload_too_large', `Request bodies are not accepted (limit ${maxBody} bytes).`));
      return;
    }
    const url = req.originalUrl;
    if (url.length > maxUrl) {
      next(new LedeError('uri_too_long', `The URL is longer than ${maxUrl} characters.`));
      return;
    }
    const at = url.indexOf('?');
    const path = at === -1 ? url : url.slice(0, at);
    const query = at === -1 ? '' : url.slice(at + 1);
    const parts = query === '' ? [] : query.split('&');
    if (parts.length > maxParams) {
      next(new LedeError('too_many_parameters', `At most ${maxParams} query parameters are accepted.`));
      return;
    }
    if (!decodes(path) || !parts.every((part) => part.split('=').every(decodes))) {
      next(new LedeError('malformed_url', 'The URL contains malformed percent-encoding.'));
      return;
    }
    next();
  };
}
