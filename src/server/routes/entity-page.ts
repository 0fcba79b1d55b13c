/** GET /entities/{facet}/{value}: the server-rendered entity page. */
import { Router } from 'express';
import type { MatchBackend } from '../../analysis/planned.ts';
import { renderEntityPage } from '../page/entity.ts';
import { profileFor } from './entities.ts';

export function entityPageRouter(backend: MatchBackend): Router {
  const router = Router();
  router.get('/entities/:facet/:value', async (req, res) => {
    const query = req.query as Record<string, unknown>;
    const profile = await profileFor(backend, req.params['facet'], req.params['value'], query);
    const { related: _r, minCount: _m, articles: _a, ...params } = query;
    res.type('html').setHeader('Cache-Control', 'no-cache').send(renderEntityPage(profile, params).value);
  });
  return router;
}
