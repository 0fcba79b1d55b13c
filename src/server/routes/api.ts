/** The JSON API under /api: validate → search layer → respond. No search logic here. */
import { Router, type Request } from 'express';
import { toAtom } from '../../search/atom.ts';
import { openApiDocument } from '../../search/openapi.ts';
import {
  FILTER_NAMES,
  articleIdSchema,
  facetNameSchema,
  facetValuesSchema,
  parseParams,
  searchSchema,
  timelineSchema,
} from '../../search/params.ts';
import type { Searcher } from '../../search/query.ts';
import { HttpError } from '../http-error.ts';

export interface ApiDependencies {
  searcher: Searcher;
  /** Resolves true when Meilisearch answers. */
  health: () => Promise<boolean>;
}

const query = (req: Request) => req.query as Record<string, unknown>;
const origin = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}`;

export function apiRouter({ searcher, health }: ApiDependencies): Router {
  const router = Router();

  router.get('/search', async (req, res) => {
    const params = parseParams(searchSchema, query(req));
    res.json(await searcher.search(params));
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

  router.get('/facets/:facet', async (req, res) => {
    const facet = facetNameSchema.safeParse(req.params['facet']);
    if (!facet.success) {
      throw new HttpError(404, 'unknown_facet', `Unknown facet "${req.params['facet']}"; expected one of country, person, organization, topic, source, language.`);
    }
    const params = parseParams(facetValuesSchema, query(req));
    res.json({ facet: facet.data, values: await searcher.facetValues(facet.data, params) });
  });

  router.get('/timeline', async (req, res) => {
    res.json(await searcher.timeline(parseParams(timelineSchema, query(req))));
  });

  router.get('/articles/:id', async (req, res) => {
    const id = articleIdSchema.safeParse(req.params['id']);
    if (!id.success) throw new HttpError(400, 'invalid_id', 'Article ids are 1-64 letters, digits, "-" or "_".');
    res.json(await searcher.article(id.data));
  });

  router.get('/health', async (_req, res) => {
    const up = await health().catch(() => false);
    if (up) {
      res.json({ status: 'ok', meilisearch: 'available' });
    } else {
      res.setHeader('Retry-After', '5');
      res.status(503).json({
        status: 'unavailable',
        meilisearch: 'unreachable',
        error: { code: 'search_unavailable', message: 'Meilisearch does not answer.' },
      });
    }
  });

  router.get('/openapi.json', (req, res) => {
    res.json(openApiDocument(origin(req)));
  });

  router.use((req, _res, next) => next(new HttpError(404, 'not_found', `No API endpoint at ${req.method} /api${req.path}.`)));
  return router;
}
