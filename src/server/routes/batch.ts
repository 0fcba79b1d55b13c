/**
 * POST /api/batch: JSON `{ queries: [...], <filters> }`, or `text/csv` with a `query` column (the
 * filters then in the URL's query string) → CSV, one row per query (see analysis/batch.ts). It
 * changes nothing, so it needs no token; the rate limit counts it once, and it holds at most
 * MAX_BATCH_QUERIES queries run four at a time.
 */
import { LedeError } from '../../errors.ts';
import express, { Router } from 'express';
import type { MatchBackend } from '../../analysis/planned.ts';
import { type BatchFilters, batchFiltersSchema, checkQueries, queriesFromCsv, runBatch, toCsv } from '../../analysis/batch.ts';
import { parseParams } from '../../search/params.ts';

export function batchRouter(backend: MatchBackend): Router {
  const router = Router();
  const json = express.json({ limit: '1mb', type: ['application/json'] });
  const csv = express.text({ limit: '1mb', type: ['text/csv', 'text/plain'] });
  router.post('/batch', json, csv, async (req, res) => {
    let queries: string[];
    let filters: BatchFilters;
    if (typeof req.body === 'string') {
      queries = queriesFromCsv(req.body);
      filters = parseParams(batchFiltersSchema, req.query as Record<string, unknown>);
    } else if (req.body && typeof req.body === 'object' && !Array.isArray(req.body)) {
      const { queries: raw, ...rest } = req.body as Record<string, unknown>;
      queries = checkQueries(raw);
      filters = parseParams(batchFiltersSchema, rest);
    } else {
      throw new LedeError('invalid_body', 'Send JSON `{"queries": [...]}` (application/json) or a CSV with a "query" column (text/csv).');
    }
    const rows = await runBatch(backend, queries, filters);
    res.type('text/csv; charset=utf-8').setHeader('Content-Disposition', 'attachment; filename="lede-batch.csv"').send(toCsv(rows));
  });
  return router;
}
