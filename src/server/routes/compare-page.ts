/** GET /compare: up to five searches' coverage on one chart (a form, the chart and a legend; no script needed). */
import { isLedeError } from '../../errors.ts';
import { Router } from 'express';
import { MAX_SERIES, compareSchema, compareTimelines, type Comparison } from '../../analysis/compare.ts';
import { parseParams } from '../../search/params.ts';
import type { Searcher } from '../../search/result.ts';
import { html } from '../page/html.ts';
import { plainLayout } from '../page/plain-layout.ts';
import { comparisonChart } from '../page/timeline-chart.ts';

export function comparePageRouter(searcher: Searcher): Router {
  const router = Router();
  router.get('/compare', async (req, res) => {
    const raw = req.query as Record<string, unknown>;
    const given = ([] as unknown[]).concat(raw['compare'] ?? []).filter((v): v is string => typeof v === 'string' && v.trim() !== '');
    let comparison: Comparison | undefined;
    let problem: string | undefined;
    if (given.length) {
      try {
        comparison = await compareTimelines(searcher, parseParams(compareSchema, { ...raw, compare: given }));
      } catch (error) {
        if (!isLedeError(error, 'invalid_parameter', 'unknown_parameter', 'invalid_date', 'query_too_long', 'invalid_query')) throw error;
        problem = error.message;
      }
    }
    const share = raw['normalize'] === 'share';
    const inputs = Array.from({ length: MAX_SERIES }, (_, i) => given[i] ?? '');
    const main = html`<h1>Coverage compared</h1>
<form class="compare-form" action="/compare" method="get">
${inputs.map((value, i) => html`<p><label>Series ${i + 1} <input name="compare" value="${value}" placeholder="${i === 0 ? 'q=cyber&country=Israel' : 'a query'}" size="40"></label></p>`)}
<p><label><input type="checkbox" name="normalize" value="share"${share ? html` checked` : ''}> As a share of all articles per period</label> <button type="submit">Compare</button></p>
</form>
${problem ? html`<div class="error-state" role="alert"><p>${problem}</p></div>` : ''}
${comparison ? comparisonChart(comparison) : ''}`;
    res
      .status(problem ? 400 : 200)
      .type('html')
      .setHeader('Cache-Control', 'no-cache')
      .send(plainLayout('Coverage compared', main).value);
  });
  return router;
}
