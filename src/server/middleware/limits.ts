/**
 * Request limits before any route: GET/HEAD only (plus OPTIONS for CORS), no request bodies,
 * a bounded URL and parameter count, and well-formed percent-encoding (else 400, never a 500).
 */
import type { RequestHandler } from 'express';
import { LedeError } from '../../errors.ts';

export interface LimitOptions {
  /** Longest accepted URL (path + query) in bytes. Default: 4096. */
  maxUrlLength?: number;
  /** Most query parameters (counting repeats). Default: 100. */
  maxParameters?: number;
  /** Largest accepted request body in bytes. Default: 0 (no route reads a body). */
  maxBodyBytes?: number;
}

function decodes(part: string): boolean {
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
  const maxBody = options.maxBodyBytes ?? 0;
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS') {
      res.setHeader('Allow', 'GET, HEAD, OPTIONS');
      next(new LedeError('method_not_allowed', `Method ${req.method} is not allowed; use GET.`));
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
