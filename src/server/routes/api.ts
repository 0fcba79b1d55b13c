/** The JSON API under /api: validate → search layer → respond. No search logic here. */
import { Router, type Request, type Response } from 'express';
import { toAtom } from '../../search/atom.ts';
import { fullOpenApiDocument } from '../openapi.ts';
import {
  FILTER_NAMES,
  articleIdSchema,
  exportSchema,
  facetNameSchema,
  facetValuesSchema,
  parseParams,
  searchSchema,
  timelineSchema,
} from '../../search/params.ts';
import { CSV_HEADER, EXPORT_CONTENT_TYPES, csvRow, exportFilename } from '../../search/export.ts';
import { completenessOf } from '../../search/federated.ts';
import { LedeError } from '../../errors.ts';
import type { Searcher } from '../../search/result.ts';

/** Health of a cluster: whether the service can answer, and each node's state. */
export interface NodesHealth {
  up: boolean;
  /** Some node is down (answers are partial). */
  degraded: boolean;
  nodes: Array<{ name: string; url: string; status: 'up' | 'down' }>;
}

export interface ApiDependencies {
  searcher: Searcher;
  /** Resolves true when Meilisearch answers, or the node states of a cluster. */
  health: () => Promise<boolean | NodesHealth>;
}

const query = (req: Request) => req.query as Record<string, unknown>;

/**
 * What res.json answers (same headers and body), without Express's send path, which copies the
 * body into a Buffer first (Node leaves the body out for HEAD). No ETag is
 * made (the app turns them off), so there is no 304 to miss. For the search, on every request.
 */
function sendJson(res: Response, value: unknown): void {
  const body = JSON.stringify(value);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}
const origin = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}`;

export function apiRouter({ searcher, health }: ApiDependencies): Router {
  const router = Router();

  router.get('/search', async (req, res) => {
    const params = parseParams(searchSchema, query(req));
    sendJson(res, await searcher.search(params));
  });

  router.get('/search.atom', async (req, res) => {
    const raw = query(req);
    const params = parseParams(searchSchema, { sort: 'newest', ...raw });
    const result = await searcher.search({ ...params, facets: [] });
    const queryString = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    const filters = FILTER_NAMES.flatMap((name) => params[name] ?? []);
    const title = `Lede: ${params.q || 'latest articles'}${filters.length ? ` (${filters.join(', ')})` : ''}`;
    res.type('application/atom+xml; charset=utf-8').send(
      toAtom(result, title, {
        self: `${origin(req)}${req.originalUrl}`,
        alternate: `${origin(req)}/${queryString}`,
        articleBase: origin(req),
      }),
    );
  });

  router.get('/export', async (req, res) => {
    const params = parseParams(exportSchema, query(req));
    if (!searcher.exportArticles) throw new LedeError('unsupported_query', 'Exports are not available on this deployment.');
    const batches = searcher.exportArticles(params);
    // The first batch before the headers: bad queries and refusals are still a JSON error.
    const first = await batches.next();
    const { format } = params;
    res.status(200);
    res.setHeader('Content-Type', EXPORT_CONTENT_TYPES[format]);
    res.setHeader('Content-Disposition', `attachment; filename="${exportFilename(format)}"`);
    res.setHeader('Cache-Control', 'no-store');
    const write = async (chunk: string) => {
      if (!res.write(chunk)) await new Promise<void>((resolve) => res.once('drain', resolve));
    };
    let count = 0;
    if (format === 'csv') await write(CSV_HEADER);
    if (format === 'json') await write('[');
    try {
      for (let step = first; !step.done; step = await batches.next()) {
        if (res.destroyed) return void (await batches.return(undefined));
        // Written in pieces of ~64 KB, not one string per batch: memory stays flat (issue 13's export bench).
        let chunk = '';
        for (const article of step.value) {
          if (format === 'csv') chunk += csvRow(article);
          else if (format === 'json') chunk += `${count ? ',' : ''}\n${JSON.stringify(article)}`;
          else chunk += `${JSON.stringify(article)}\n`;
          count++;
          if (chunk.length >= 65_536) {
            await write(chunk);
            chunk = '';
          }
        }
        if (chunk) await write(chunk);
      }
    } catch (error) {
      // Headers are gone: cut the response short so the client sees an incomplete download, not a valid file.
      res.destroy(error as Error);
      return;
    }
    if (format === 'json') await write('\n]\n');
    res.end();
  });

  router.get('/facets/:facet', async (req, res) => {
    const facet = facetNameSchema.safeParse(req.params['facet']);
    if (!facet.success) {
      throw new LedeError('unknown_facet', `Unknown facet "${req.params['facet']}"; expected one of ${FILTER_NAMES.join(', ')}.`);
    }
    const params = parseParams(facetValuesSchema, query(req));
    const values = await searcher.facetValues(facet.data, params);
    res.json({ facet: facet.data, values, ...completenessOf(values) });
  });

  router.get('/timeline', async (req, res) => {
    res.json(await searcher.timeline(parseParams(timelineSchema, query(req))));
  });

  router.get('/articles/:id', async (req, res) => {
    const id = articleIdSchema.safeParse(req.params['id']);
    if (!id.success) throw new LedeError('invalid_id', 'Article ids are 1-64 letters, digits, "-" or "_".');
    res.json(await searcher.article(id.data));
  });

  router.get('/health', async (_req, res) => {
    const state = await health().catch(() => false);
    const up = typeof state === 'boolean' ? state : state.up;
    const nodes = typeof state === 'boolean' ? {} : { nodes: state.nodes };
    if (up) {
      const degraded = typeof state !== 'boolean' && state.degraded;
      res.json({ status: degraded ? 'degraded' : 'ok', meilisearch: degraded ? 'partial' : 'available', ...nodes });
    } else {
      res.setHeader('Retry-After', '5');
      res.status(503).json({
        status: 'unavailable',
        meilisearch: 'unreachable',
        ...nodes,
        error: { code: 'search_unavailable', message: 'Meilisearch does not answer.' },
      });
    }
  });

  router.get('/openapi.json', (req, res) => {
    res.json(fullOpenApiDocument(origin(req)));
  });

  router.use((req, _res, next) => next(new LedeError('not_found', `No API endpoint at ${req.method} /api${req.path}.`)));
  return router;
}
