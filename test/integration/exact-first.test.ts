/** Exact first: a query's words answer from exact matches, falling back to similar spellings (fuzzy) only when there are none. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SearchResult } from '../../src/search/result.ts';
import { deleteIndex, get, makeArticle, seedIndex, startApp, type RunningApp } from './api-helpers.ts';

const index = `test_exact_first_${Math.random().toString(36).slice(2, 8)}`;
let app: RunningApp;

beforeAll(async () => {
  const key = await seedIndex(inject('meiliUrl'), inject('meiliKey'), index, [
    makeArticle({ id: 'british', title: 'The harbour strike goes on', body: 'Dockers at the harbour.' }),
    makeArticle({ id: 'american', title: 'The harbor strike goes on', body: 'Dockers at the harbor.' }),
    makeArticle({ id: 'typo', title: 'Old lighthuose restored', body: 'A lighthuose on the coast.', publishedAt: null }),
  ]);
  app = await startApp({ meili: { url: inject('meiliUrl'), searchKey: key }, index, rateLimitPerMinute: 0 });
});
afterAll(async () => {
  await app?.close();
  await deleteIndex(inject('meiliUrl'), inject('meiliKey'), index);
});

const search = async (q: string) => (await get(app.url, `/api/search?q=${encodeURIComponent(q)}`)).json<SearchResult>();

describe('exact first', () => {
  it('answers plain words from their exact matches when there are any', async () => {
    const result = await search('harbour strike');
    expect(result.hits.map((h) => h.id)).toEqual(['british']);
    expect(result.fuzzy).toBeUndefined();
    expect(result.query).toBe('harbour strike');
  });

  it('falls back to similar spellings, flagged fuzzy, when nothing matches exactly', async () => {
    const result = await search('lighthouse');
    expect(result.hits.map((h) => h.id)).toEqual(['typo']);
    expect(result.fuzzy).toBe(true);
    const page = await get(app.url, '/?q=lighthouse');
    expect(page.text).toContain('showing similar spellings');
    const exactPage = (await get(app.url, '/?q=harbour&country=Albania&country=')).text;
    expect(exactPage).not.toContain('showing similar spellings');
    const harbourPage = (await get(app.url, '/?q=harbour')).text;
    expect(harbourPage).toContain('href="/api/export?q=harbour&amp;format=csv"');
    expect(harbourPage).toContain('href="/api/export?q=harbour&amp;format=ndjson"');
  });

  it('takes the words of queries with operators exactly too, keeping prefix* and falling back as a whole', async () => {
    const or = await search('harbour OR nothing');
    expect(or.hits.map((h) => h.id)).toEqual(['british']);
    expect(or.fuzzy).toBeUndefined();
    expect((await search('harb* strike')).hits.map((h) => h.id).sort()).toEqual(['american', 'british']);
    const fuzzyOr = await search('lighthouse OR nothing');
    expect(fuzzyOr.hits.map((h) => h.id)).toEqual(['typo']);
    expect(fuzzyOr.fuzzy).toBe(true);
  });

  it('exports and counts the timeline from the same matches as the search', async () => {
    const exported = (await get(app.url, '/api/export?q=harbour')).text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).id);
    expect(exported).toEqual(['british']);
    const timeline = (await get(app.url, '/api/timeline?q=harbour')).json<{ total: number; undated: number }>();
    expect(timeline.total).toBe(1);
    expect((await get(app.url, '/api/timeline?q=lighthouse')).json<{ undated: number }>().undated).toBe(1);
  });
});
