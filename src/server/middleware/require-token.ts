/**
 * Write protection: the one middleware that asks for `Authorization: Bearer <admin token>`.
 * Requests that change data (any method but GET, HEAD, OPTIONS) need it, and so do the reads
 * `needsToken` names (saved searches hold webhook URLs). Everything else — search — stays open.
 * Tokens are compared in constant time; a missing or wrong token is a 401 with a
 * `WWW-Authenticate` challenge.
 */
import { LedeError } from '../../errors.ts';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface RequireTokenOptions {
  /** The admin token; undefined refuses every protected request (503: no token configured). */
  token: string | undefined;
  /** Reads that need the token too. Default: none. */
  protectedRead?: (req: Request) => boolean;
  /** Writes that need no token because they change nothing (e.g. a batch of searches sent as POST). Default: none. */
  openWrite?: (req: Request) => boolean;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** True when `header` is `Bearer <token>`, compared in constant time. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer[ \t]+(\S+)\s*$/i.exec(header ?? '');
  return match !== null && timingSafeEqual(digest(match[1]!), digest(token));
}

export function requireToken(options: RequireTokenOptions): RequestHandler {
  return (req, res, next) => {
    const write = !READ_METHODS.has(req.method);
    const guarded = write ? !options.openWrite?.(req) : (options.protectedRead?.(req) ?? false);
    if (!guarded) {
      next();
      return;
    }
    if (!options.token) {
      next(new LedeError('writes_disabled', 'No admin token is configured on this server, so it accepts no writes.'));
      return;
    }
    if (!bearerMatches(req.headers.authorization, options.token)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="lede"');
      next(
        new LedeError(
          'unauthorized',
          'This endpoint needs `Authorization: Bearer <admin token>` (LEDE_ADMIN_TOKEN, or the admin-token file in the data dir).',
        ),
      );
      return;
    }
    next();
  };
}
