/** CORS for the API: off by default; `*` or a comma-separated list of allowed origins. */
import type { RequestHandler } from 'express';

export function cors(allowed: string | undefined): RequestHandler {
  const origins = (allowed ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  const any = origins.includes('*');
  return (req, res, next) => {
    if (origins.length === 0) {
      next();
      return;
    }
    const origin = req.headers.origin;
    res.vary('Origin');
    if (any) res.setHeader('Access-Control-Allow-Origin', '*');
    else if (origin && origins.includes(origin)) res.setHeader('Access-Control-Allow-Origin', origin);
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type');
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}
