/**
 * GET /api/timeline with `compare` (or `normalize`): several series on one set of periods (see
 * analysis/compare.ts). Without them the request goes on to the plain timeline of api.ts.
 */
import { Router } from 'express';
import { compareSchema, compareTimelines } from '../../analysis/compare.ts';
import { parseParams } from '../../search/params.ts';
import type { Searcher } from '../../search/result.ts';

export function compareRouter(searcher: Searcher): Router {
  const router = Router();
  router.get('/timeline', async (req, res, next) => {
    const query = req.query as Record<string, unknown>;
    if (query['compare'] === undefined && query['normalize'] === undefined) {
      next();
      return;
    }
    res.json(await compareTimelines(searcher, parseParams(compareSchema, query)));
  });
  return router;
}
