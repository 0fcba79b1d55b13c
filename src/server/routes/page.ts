/** GET / : the server-rendered search page (works without JavaScript; the script only enhances it). */
import { Router } from 'express';
import { isLedeError } from '../../errors.ts';
import { httpStatusOf } from '../http-error.ts';
import { articleIdSchema, parseParams, searchSchema, type SearchParams } from '../../search/params.ts';
import { LedeError } from '../../errors.ts';
import { renderArticlePage } from '../page/article.ts';
import type { Searcher } from '../../search/result.ts';
import { renderPage, type PageOutcome } from '../page/render.ts';

const EMPTY: SearchParams = searchSchema.parse({});

export function pageRouter(searcher: Searcher): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    let state = EMPTY;
    let outcome: PageOutcome;
    let status = 200;
    try {
      state = parseParams(searchSchema, req.query as Record<string, unknown>);
      outcome = { result: await searcher.search(state, { timeline: true, facetValues: 48 }) };
    } catch (error) {
      if (isLedeError(error) && httpStatusOf(error) === 400) {
        status = 400;
        const q = req.query['q'];
        state = { ...EMPTY, q: typeof q === 'string' ? q.slice(0, 512) : '' };
        const position = error.details?.['position'];
        outcome = { error: { status, message: error.message, ...(typeof position === 'number' ? { position } : {}) } };
      } else if (isLedeError(error, 'search_unavailable')) {
        status = 503;
        outcome = { error: { status, message: 'The search engine did not answer.' } };
      } else {
        throw error;
      }
    }
    // res.end rather than res.send: the page (100+ KB) is not copied into a Buffer first.
    const page = renderPage(state, outcome).value;
    res.status(status).setHeader('Content-Type', 'text/html; charset=utf-8').setHeader('Cache-Control', 'no-cache');
    res.setHeader('Content-Length', Buffer.byteLength(page));
    res.end(page);
  });
  router.get('/articles/:id', async (req, res) => {
    const id = articleIdSchema.safeParse(req.params['id']);
    if (!id.success) throw new LedeError('invalid_id', 'Article ids are 1-64 letters, digits, "-" or "_".');
    const article = await searcher.article(id.data);
    const versions = article.cluster && searcher.clusterVersions ? await searcher.clusterVersions(article.cluster, article.id) : [];
    res.type('html').setHeader('Cache-Control', 'no-cache').send(renderArticlePage(article, versions).value);
  });
  return router;
}
