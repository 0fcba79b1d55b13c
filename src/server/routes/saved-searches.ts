/**
 * /api/saved-searches: create, list, read, replace and delete saved searches (the admin token
 * guards all of it but the Atom feed, see app.ts), and each one's Atom feed of its latest matches.
 */
import { LedeError } from '../../errors.ts';
import express, { Router, type Request } from 'express';
import { parseSavedSearchBody, savedToSearchParams } from '../../saved/schema.ts';
import { publicView, type SavedSearchStore } from '../../saved/store.ts';
import { toAtom } from '../../search/atom.ts';
import type { Searcher } from '../../search/result.ts';

const ID = /^[a-f0-9]{16}$/;
const origin = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}`;

/** The saved search named by `:id`, or a 404. */
async function found(store: SavedSearchStore, raw: string | undefined) {
  const search = raw && ID.test(raw) ? await store.get(raw) : undefined;
  if (!search) throw new LedeError('not_found', `No saved search with id "${raw ?? ''}".`);
  return search;
}

export function savedSearchRouter(store: SavedSearchStore | undefined, searcher: Searcher): Router {
  const router = Router();
  router.use((_req, _res, next) =>
    next(
      store
        ? undefined
        : new LedeError('not_available', 'Saved searches are not set up on this server (no saved-searches store was given).'),
    ),
  );
  const s = store!;
  router.use(express.json({ limit: '256kb', type: ['application/json', 'application/*+json'] }));

  router.post('/', async (req, res) => {
    const created = await s.create(parseSavedSearchBody(req.body));
    res.status(201).location(`/api/saved-searches/${created.id}`).json(publicView(created));
  });

  router.get('/', async (_req, res) => {
    res.json({ savedSearches: (await s.list()).map(publicView) });
  });

  router.get('/:id', async (req, res) => {
    res.json(publicView(await found(s, req.params['id'])));
  });

  router.put('/:id', async (req, res) => {
    const input = parseSavedSearchBody(req.body);
    await found(s, req.params['id']);
    const updated = await s.replace(req.params['id']!, input);
    if (!updated) throw new LedeError('not_found', `No saved search with id "${req.params['id']}".`);
    res.json(publicView(updated));
  });

  router.delete('/:id', async (req, res) => {
    await found(s, req.params['id']);
    await s.remove(req.params['id']!);
    res.status(204).end();
  });

  router.get('/:id/feed.atom', async (req, res) => {
    const search = await found(s, req.params['id']);
    const result = await searcher.search({ ...savedToSearchParams(search.params, { sort: 'newest', hitsPerPage: '50' }), facets: [] });
    res.type('application/atom+xml; charset=utf-8').send(
      toAtom(result, `Lede: ${search.name}`, {
        self: `${origin(req)}${req.originalUrl}`,
        alternate: `${origin(req)}/saved/${search.id}`,
        articleBase: origin(req),
      }),
    );
  });
  return router;
}
