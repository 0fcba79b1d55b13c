import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SearchResult } from '../../src/search/result.ts';
import { deleteIndex, get, seedIndex, startApp, type RunningApp } from './api-helpers.ts';
import { BACKSLASH_VALUE, INJECTION_VALUE, testArticles } from './api-fixtures.ts';

const index = `test_api_search_${Math.random().toString(36).slice(2, 8)}`;
let app: RunningApp;

beforeAll(async () => {
  const key = await seedIndex(inject('meiliUrl'), inject('meiliKey'), index, testArticles());
  app = await startApp({ meili: { url: inject('meiliUrl'), searchKey: key }, index, rateLimitPerMinute: 0 });
});
afterAll(async () => {
  await app?.close();
  await deleteIndex(inject('meiliUrl'), inject('meiliKey'), index);
});

async function search(query: string): Promise<SearchResult> {
  const response = await get(app.url, `/api/search?${query}`);
  expect(response.status, response.text).toBe(200);
  return response.json<SearchResult>();
}
const ids = (result: SearchResult) => result.hits.map((h) => h.id);
const counts = (result: SearchResult, facet: keyof SearchResult['facets']) =>
  Object.fromEntries((result.facets[facet] ?? []).map((f) => [f.value, f.count]));

describe('GET /api/search', () => {
  it('finds the article for "Albania cyber" first, with highlighted title and snippet', async () => {
    const result = await search('q=Albania+cyber');
    expect(result.hits[0]!.id).toBe('cyber-visit');
    expect(result.hits[0]!.titleHtml).toContain('<mark>cyber</mark>');
    expect(result.hits[0]!.snippetHtml).toMatch(/<mark>/);
    expect(result).toMatchObject({ query: 'Albania cyber', page: 1, hitsPerPage: 20, sort: 'relevance' });
    expect(result.totalHits).toBeGreaterThanOrEqual(2);
  });

  it('ANDs different filters and ORs the values of one filter', async () => {
    expect(ids(await search('country=Albania&person=Edi+Rama')).sort()).toEqual(['cyber-visit', 'ties-cut']);
    expect(ids(await search('country=Albania&person=Yair+Lapid'))).toEqual([]);
    expect(ids(await search('country=Albania&country=Israel')).sort()).toEqual(['cyber-visit', 'cyber-week', 'ties-cut']);
    expect(ids(await search('person=Nobody'))).toEqual([]);
  });

  it('computes disjunctive counts: a filtered facet is counted without its own filter', async () => {
    const result = await search('q=cyber&country=Albania');
    // Countries: counted over all "cyber" matches, so Israel stays selectable.
    expect(counts(result, 'country')).toMatchObject({ Albania: 2, Israel: 2, Iran: 2 });
    expect(result.facets.country!.find((f) => f.value === 'Albania')!.selected).toBe(true);
    // Persons: counted within the country filter.
    expect(counts(result, 'person')).toEqual({ 'Edi Rama': 2, 'Gaby Portnoy': 1 });
  });

  it('returns only the facets asked for', async () => {
    const result = await search('q=cyber&facets=topic,source');
    expect(Object.keys(result.facets).sort()).toEqual(['source', 'topic']);
  });

  it('takes an injection attempt in a filter value literally', async () => {
    const result = await search(`country=${encodeURIComponent(INJECTION_VALUE)}`);
    expect(ids(result)).toEqual(['injection-literal']);
    const broken = await search(`country=${encodeURIComponent('Albania") OR (countries = "Iran')}`);
    expect(ids(broken)).toEqual([]);
    expect(ids(await search(`organization=${encodeURIComponent(BACKSLASH_VALUE)}`))).toEqual(['backslash-literal']);
    expect(ids(await search(`country=${encodeURIComponent('Iran\\')}`))).toEqual([]);
  });

  it('treats filter syntax in q as words, not as a filter', async () => {
    const result = await search(`q=${encodeURIComponent('cyber" OR countries = "Iran')}`);
    expect(result.hits.every((h) => h.id !== 'denial')).toBe(true);
  });

  it('matches "quoted phrases" exactly and drops -excluded words', async () => {
    const phrase = ids(await search(`q=${encodeURIComponent('"prime minister" budget')}`));
    expect(phrase[0]).toBe('phrase-yes');
    expect(phrase).not.toContain('phrase-no');
    expect(ids(await search('q=minister+prime+budget'))).toEqual(expect.arrayContaining(['phrase-no', 'phrase-yes']));
    const excluded = ids(await search(`q=${encodeURIComponent('cyber -football')}`));
    expect(excluded).not.toContain('sport-cyber');
    expect(excluded).toContain('cyber-week');
  });

  it('is typo tolerant', async () => {
    expect(ids(await search('q=glaicer+museum'))).toContain('wire-copy-0');
  });

  it('pages with exact totals', async () => {
    const first = await search('q=glacier&hitsPerPage=2');
    const second = await search('q=glacier&hitsPerPage=2&page=2');
    expect(first).toMatchObject({ totalHits: 4, totalPages: 2, page: 1 });
    expect(second.page).toBe(2);
    expect(new Set([...ids(first), ...ids(second)]).size).toBe(4);
  });

  it('sorts by date', async () => {
    const newest = ids(await search('country=Iran&sort=newest'));
    expect(newest).toEqual(['cyber-visit', 'denial', 'ties-cut']);
    expect(ids(await search('country=Iran&sort=oldest'))).toEqual([...newest].reverse());
  });

  it('filters by date range, a bare "to" date including its whole day', async () => {
    expect(ids(await search('country=Iran&from=2022-09-07&to=2022-09-07'))).toEqual(['ties-cut']);
    expect(ids(await search('country=Iran&from=2022-09-08T00:00:00Z')).sort()).toEqual(['cyber-visit', 'denial']);
  });

  it('collapses near-duplicates to one per cluster with the count of others', async () => {
    const all = await search('q=glacier+museum');
    const collapsed = await search('q=glacier+museum&collapse=true');
    expect(ids(all).filter((id) => id.startsWith('wire-copy'))).toHaveLength(3);
    const copies = collapsed.hits.filter((h) => h.cluster === 'cluster-glacier');
    expect(copies).toHaveLength(1);
    expect(copies[0]!.duplicates).toBe(2);
    expect(collapsed.collapse).toBe(true);
  });
});
