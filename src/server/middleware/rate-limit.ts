/**
 * Per-client rate limit (express-rate-limit) for the API and the page, answered through the one
 * error middleware. The client is `req.ip`: the socket address, or the address X-Forwarded-For
 * names when Express's `trust proxy` (LEDE_TRUST_PROXY) says which proxies to believe.
 */
import { rateLimit } from 'express-rate-limit';
import type { RequestHandler } from 'express';
import { LedeError } from '../../errors.ts';

/** `perMinute` requests per client address and minute; 0 turns the limit off. */
export function apiRateLimit(perMinute: number): RequestHandler {
  if (perMinute <= 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) =>
      next(new LedeError('rate_limited', `Too many requests: the limit is ${perMinute} per minute. Try again shortly.`)),
  });
}
