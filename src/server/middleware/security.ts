/**
 * Security headers (helmet): a Content-Security-Policy that allows only the page's own script
 * and stylesheet (served as files under /assets/, nothing inline), no framing, no referrer leaks.
 *
 * The headers do not depend on the request (no nonces), so helmet runs once at startup and every
 * response gets the headers it set, in one loop instead of helmet's chain of a dozen middlewares.
 */
import helmet from 'helmet';
import type { RequestHandler } from 'express';

export function securityHeaders(options: { crossOrigin: boolean }): RequestHandler {
  const middleware = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    crossOriginResourcePolicy: { policy: options.crossOrigin ? 'cross-origin' : 'same-origin' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  });
  const set: Array<[string, string]> = [];
  const removed: string[] = [];
  let done = false;
  let failed: unknown;
  const recorder = {
    setHeader: (name: string, value: string) => void set.push([name, value]),
    removeHeader: (name: string) => void removed.push(name),
  };
  middleware({} as never, recorder as never, (error?: unknown) => {
    done = true;
    failed = error;
  });
  // helmet's middlewares are synchronous; anything else would leave headers out, so refuse to start.
  if (!done) throw new Error('helmet did not finish synchronously: its headers cannot be precomputed.');
  if (failed) throw failed instanceof Error ? failed : new Error(String(failed));
  return (_req, res, next) => {
    for (const [name, value] of set) res.setHeader(name, value);
    for (const name of removed) res.removeHeader(name);
    next();
  };
}
