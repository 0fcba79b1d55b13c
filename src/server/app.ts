/**
 * The Express app factory: security headers and request limits, the JSON API under /api,
 * the page at /, static assets under /assets/, and one error middleware. Everything it needs
 * comes in through the options, so tests and start/main.ts wire it the same way.
 */
import express, { type Express } from 'express';
import { Meilisearch } from 'meilisearch';
import { createMeiliClient } from '../meili/client.ts';
import { LedeError } from '../errors.ts';
import { projectFile } from '../project-files.ts';
import { withExactFirst } from '../search/exact-first.ts';
import { createSearcher } from '../search/query.ts';
import type { Searcher } from '../search/result.ts';
import type { SavedSearchStore } from '../saved/store.ts';
import { singleNodeBackend, type MatchBackend } from '../analysis/planned.ts';
import { errorMiddleware } from './http-error.ts';
import { cors } from './middleware/cors.ts';
import { requestLimits } from './middleware/limits.ts';
import { requireToken } from './middleware/require-token.ts';
import { apiRateLimit } from './middleware/rate-limit.ts';
import { securityHeaders } from './middleware/security.ts';
import { apiRouter, type NodesHealth } from './routes/api.ts';
import { batchRouter } from './routes/batch.ts';
import { compareRouter } from './routes/compare.ts';
import { comparePageRouter } from './routes/compare-page.ts';
import { entityPageRouter } from './routes/entity-page.ts';
import { entityRouter } from './routes/entities.ts';
import { pageRouter } from './routes/page.ts';
import { savedPageRouter } from './routes/saved-page.ts';
import { savedSearchRouter } from './routes/saved-searches.ts';

export interface AppOptions {
  /**
   * A search-only Meilisearch client, or where to reach Meilisearch with a search-only key
   * (never the master key: nothing here needs more than the `search` action).
   */
  meili?: Meilisearch | { url: string; searchKey?: string | undefined } | undefined;
  /** A ready search layer (e.g. the federated one of a cluster) used instead of one built on `meili`. */
  searcher?: Searcher | undefined;
  /**
   * Where entity profiles, batch search and the saved-search page send their queries (e.g. the
   * cluster backend, src/analysis/cluster-backend.ts). Default: one node through `meili`; without
   * `meili` they answer 501 `not_available`.
   */
  analysis?: MatchBackend | undefined;
  /** Index uid to search. */
  index: string;
  /** Allowed CORS origins for /api, comma-separated, or "*". Default: none (same origin only). */
  corsOrigin?: string | undefined;
  /**
   * Requests per minute per client address, counted together over everything that searches: the
   * API under /api and the page (`GET /?q=`); static assets are not counted. Default: 600; 0 turns
   * the limit off.
   */
  rateLimitPerMinute?: number | undefined;
  /**
   * Resolves true when Meilisearch is reachable, or the node states of a cluster.
   * Default: its /health through the client, 2 s timeout.
   */
  health?: (() => Promise<boolean | NodesHealth>) | undefined;
  /** Timeout of Meilisearch calls when `meili` is a URL, in ms. Default: 5,000. */
  timeoutMs?: number | undefined;
  /**
   * Express "trust proxy": which proxies' X-Forwarded-For tells clients apart (rate limit). false:
   * the socket address is the client; a number: that many proxies in front; a string: trusted
   * proxy addresses/subnets. Default: false (LEDE_TRUST_PROXY).
   */
  trustProxy?: boolean | number | string | undefined;
  /** Where unexpected errors are reported. Default: console.error. */
  log?: ((line: string) => void) | undefined;
  /**
   * The admin token that endpoints changing data ask for (`Authorization: Bearer …`). Without
   * one they answer 503: nothing can be written.
   */
  adminToken?: string | undefined;
  /** Count the largest facets in parallel requests when Meilisearch is idle (one node). Default: true. */
  facetLanes?: boolean | undefined;
  /** Saved searches (read and written with the alerts key, never the search-only one); without them /api/saved-searches answers 501. */
  savedSearches?: SavedSearchStore | undefined;
}

/** Routes that take POST/PUT/DELETE bodies (see requestLimits). */
const WRITE_ROUTES = ['/api/saved-searches', '/api/batch'];

const ASSETS = projectFile('src', 'server', 'page', 'assets');

function withTimeout<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  return Promise.race([promise.catch(() => fallback), new Promise<T>((resolve) => setTimeout(() => resolve(fallback), ms).unref())]);
}

/** The analyses of an app given a searcher but no `analysis` backend: they answer 501. */
function noBackend(): MatchBackend {
  const fail = async (): Promise<never> => {
    throw new LedeError('not_available', 'Entity profiles, batch search and the saved-search page are not set up on this server.');
  };
  return { index: '', search: fail, sendMatches: fail, sendQueries: fail, facetValues: fail };
}

export function createApp(options: AppOptions): Express {
  if (!options.index) throw new TypeError('Expected `index` to be a non-empty index uid, got an empty value.');
  if (!options.meili && !(options.searcher && options.health)) {
    throw new TypeError('Expected `meili`, or both `searcher` and `health`, got neither.');
  }
  const client = !options.meili
    ? undefined
    : options.meili instanceof Meilisearch
      ? options.meili
      : createMeiliClient(options.meili.url, options.meili.searchKey, options.timeoutMs ?? 5_000);
  const health =
    options.health ??
    (() =>
      withTimeout(
        client!.health().then((h) => h.status === 'available'),
        2_000,
        false,
      ));
  // Exact first (src/search/exact-first.ts) for a single node and a cluster alike.
  const searcher = withExactFirst(options.searcher ?? createSearcher(client!, options.index, { facetLanes: options.facetLanes }));
  const analysis = options.analysis ?? (client ? singleNodeBackend(client, options.index) : noBackend());
  const log = options.log ?? ((line: string) => console.error(line));

  const app = express();
  app.set('query parser', 'simple');
  app.set('trust proxy', options.trustProxy ?? false);
  app.set('etag', false);
  app.use(securityHeaders({ crossOrigin: Boolean(options.corsOrigin) }));
  app.use(requestLimits({ writeRoutes: WRITE_ROUTES }));
  app.use('/assets', express.static(ASSETS, { index: false, maxAge: '1h', fallthrough: true, dotfiles: 'deny' }));
  // One limiter (one count per client) for every route that searches, the page included.
  const rateLimit = apiRateLimit(options.rateLimitPerMinute ?? 600);
  // Writes need the admin token; so do reads of saved searches (webhook URLs), but not their feeds.
  // A batch of searches is a POST that changes nothing.
  const guard = requireToken({
    token: options.adminToken,
    protectedRead: (req) => /^\/saved-searches(\/[^/]+)?\/?$/.test(req.path),
    openWrite: (req) => req.method === 'POST' && req.path === '/batch',
  });
  app.use('/api', cors(options.corsOrigin), rateLimit, guard);
  app.use('/api/saved-searches', savedSearchRouter(options.savedSearches, searcher));
  app.use('/api', entityRouter(analysis), compareRouter(searcher), batchRouter(analysis), apiRouter({ searcher, health }));
  app.use(rateLimit, pageRouter(searcher));
  app.use(rateLimit, savedPageRouter(options.savedSearches, analysis), entityPageRouter(analysis), comparePageRouter(searcher));
  app.use((req, _res, next) => next(new LedeError('not_found', `Nothing at ${req.path}.`)));
  app.use(errorMiddleware(log));
  return app;
}
