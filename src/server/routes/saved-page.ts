/**
 * GET /saved/{id}: the saved search's articles indexed since the reader's last visit (a cookie
 * per saved search holds that time; `?since=` overrides it), then the cookie moves to now.
 */
import { LedeError } from '../../errors.ts';
import { Router } from 'express';
import type { MatchBackend } from '../../analysis/planned.ts';
import { savedToSearchParams } from '../../saved/schema.ts';
import type { SavedSearchStore } from '../../saved/store.ts';
import { renderSavedSearchPage, type NewArticle } from '../page/saved-search.ts';

const SHOWN = 100;

function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

export function savedPageRouter(store: SavedSearchStore | undefined, backend: MatchBackend): Router {
  const router = Router();
  router.get('/saved/:id', async (req, res) => {
    const id = req.params['id'] ?? '';
    const search = store && /^[a-f0-9]{16}$/.test(id) ? await store.get(id) : undefined;
    if (!search) throw new LedeError('not_found', `No saved search with id "${id}".`);
    const name = `lede_seen_${id}`;
    const given = typeof req.query['since'] === 'string' ? Date.parse(req.query['since']) : Number.NaN;
    const remembered = Number(cookie(req.headers.cookie, name));
    const since = !Number.isNaN(given) ? given : Number.isFinite(remembered) && remembered > 0 ? remembered : undefined;
    const [result] = await backend.sendMatches('saved search page', [
      {
        params: savedToSearchParams(search.params),
        extra: {
          filter: [`indexedTs > ${Math.trunc(since ?? search.createdTs)}`],
          sort: ['indexedTs:desc'],
          page: 1,
          hitsPerPage: SHOWN,
          attributesToRetrieve: ['id', 'title', 'url', 'source', 'publishedAt', 'indexedTs'],
        },
      },
    ]);
    const articles = (result?.hits ?? []) as unknown as NewArticle[];
    const total = result?.totalHits ?? articles.length;
    res.cookie(name, String(Date.now()), { path: `/saved/${id}`, httpOnly: true, sameSite: 'lax', maxAge: 400 * 86_400_000 });
    res.type('html').setHeader('Cache-Control', 'no-store');
    res.send(renderSavedSearchPage(search, since ?? search.createdTs, articles, total).value);
  });
  return router;
}
