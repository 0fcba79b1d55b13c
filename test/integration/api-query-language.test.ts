/** The query language of q against a real Meilisearch: boolean queries, fields, facet terms, errors, date order. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SearchResult } from '../../src/search/result.ts';
import { deleteIndex, get, seedIndex, startApp, type RunningApp } from './api-helpers.ts';
import { testArticles } from './api-fixtures.ts';

const index = `test_api_query_language_${Math.random().toString(36).slice(2, 8)}`;
let app: RunningApp;

beforeAll(async () => {
  const key = await seedIndex(inject('meiliUrl'), inject('meiliKey'), index, testArticles());
  app = await startApp({ meili: { url: inject('meiliUrl'), searchKey: key }, index, rateLimitPerMinute: 0 });
});
afterAll(async () => {
  await app?.close();
  await deleteIndex(inject('meiliUrl'), inject('meiliKey'), index);
});

async function search(q: string, extra = ''): Promise<SearchResult> {
  const response = await get(app.url, `/api/search?q=${encodeURIComponent(q)}&hitsPerPage=100${extra}`);
  expect(response.status, response.text).toBe(200);
  return response.json<SearchResult>();
}
const ids = (result: SearchResult) => result.hits.map((h) => h.id).sort();

describe('q with OR, AND, NOT and parentheses', () => {
  it('unions OR branches with each article counted once in the total and the facet counts', async () => {
    const either = await search('albania OR cyber');
    const albania = await search('albania');
    const cyber = await search('cyber');
    const union = new Set([...ids(albania), ...ids(cyber)]);
    expect(ids(either)).toEqual([...union].sort());
    expect(either.totalHits).toBe(union.size);
    expect(either.totalHits).toBeLessThan(albania.totalHits + cyber.totalHits);
    // Facet counts equal a count over the hits themselves: no article counted twice.
    const countries = new Map<string, number>();
    for (const hit of either.hits) for (const c of hit.countries) countries.set(c, (countries.get(c) ?? 0) + 1);
    for (const { value, count } of either.facets.country ?? []) expect(count, value).toBe(countries.get(value));
  });

  it('combines groups: (albania OR tehran) AND (cyber OR hack*) -football', async () => {
    expect(ids(await search('(albania OR tehran) AND (cyber OR hack*) -football'))).toEqual(['cyber-visit', 'denial', 'ties-cut']);
    expect(ids(await search('(albania OR tehran) (cyber OR hack*) NOT diplomatic'))).toEqual(['cyber-visit', 'denial']);
    expect(ids(await search('cyber -(football OR conference)'))).toEqual(['cyber-visit', 'ties-cut']);
  });

  it('keeps disjunctive counts of the filter parameters working with OR queries', async () => {
    const result = await search('albania OR cyber', '&country=Albania');
    expect(ids(result)).toEqual(['cyber-visit', 'ties-cut']);
    const israel = result.facets.country?.find((f) => f.value === 'Israel');
    expect(israel?.count).toBe(2);
  });
});

describe('facet-value search restricted by a search with OR', () => {
  it('counts each value over the union of the alternatives', async () => {
    const response = await get(app.url, `/api/facets/country?q=ir&search=${encodeURIComponent('tehran OR diplomatic')}`);
    expect(response.status, response.text).toBe(200);
    expect(response.json<{ values: unknown[] }>().values).toEqual([{ value: 'Iran', count: 2, selected: false }]);
    expect((await search('tehran OR diplomatic')).facets.country?.find((f) => f.value === 'Iran')?.count).toBe(2);
  });
});

describe('q with fields and exact words', () => {
  it('searches the headline only with title:', async () => {
    expect(ids(await search('title:cyber'))).toEqual(['cyber-visit', 'cyber-week', 'sport-cyber']);
    expect(ids(await search('title:"cyber fraud"'))).toEqual(['sport-cyber']);
  });

  it('combines title: terms with words searched everywhere', async () => {
    expect(ids(await search('title:cyber fraud'))).toEqual(['sport-cyber']);
    expect(ids(await search('title:albania cyber'))).toEqual(['cyber-visit', 'ties-cut']);
    expect(ids(await search('title:cyber albania'))).toEqual(['cyber-visit']);
    expect(ids(await search('cyber -title:football'))).toEqual(['cyber-visit', 'cyber-week', 'ties-cut']);
    expect(ids(await search('(title:glacier museum) OR (title:cyber -title:football)'))).toEqual([
      'cyber-visit',
      'cyber-week',
      'wire-copy-0',
      'wire-copy-1',
      'wire-copy-2',
    ]);
    const counts = (await get(app.url, `/api/search?q=${encodeURIComponent('title:cyber fraud')}&hitsPerPage=0`)).json<SearchResult>();
    expect(counts.totalHits).toBe(1);
  });

  it('filters by facet terms, combinable and negatable', async () => {
    expect(ids(await search('person:"Edi Rama"'))).toEqual(['cyber-visit', 'ties-cut']);
    expect(ids(await search('country:Iran -country:Albania'))).toEqual(['denial']);
    expect(ids(await search('cyber (country:Israel OR person:"Edi Rama") language:en'))).toEqual(['cyber-visit', 'cyber-week', 'ties-cut']);
    expect(ids(await search('hacking OR country:Israel'))).toEqual(['cyber-visit', 'cyber-week', 'denial', 'ties-cut']);
  });

  it('takes facet values literally', async () => {
    expect(ids(await search('country:"Albania OR countries = Iran"'))).toEqual([]);
    expect(ids(await search('country:"Albania\\" OR countries = \\"Iran"'.replace(/\\"/g, '')))).toEqual([]);
  });

  it('matches a quoted word exactly (no typo, no prefix) and word* as a prefix', async () => {
    expect(ids(await search('glaicer museum'))).toContain('wire-copy-0');
    expect(ids(await search('"glaicer" museum'))).toEqual([]);
    expect(ids(await search('"glacier"'))).toEqual(['undated', 'wire-copy-0', 'wire-copy-1', 'wire-copy-2']);
    expect(ids(await search('glaci* exhibits'))).toEqual(['wire-copy-0', 'wire-copy-1', 'wire-copy-2']);
    expect(ids(await search('exhibits glaci'))).toEqual(['wire-copy-0', 'wire-copy-1', 'wire-copy-2']);
  });
});

describe('q with bad syntax', () => {
  it('answers 400 with the position and what was expected', async () => {
    const response = await get(app.url, `/api/search?q=${encodeURIComponent('(cyber OR hack')}`);
    expect(response.status).toBe(400);
    expect(response.json()).toEqual({
      error: {
        code: 'invalid_query_syntax',
        message: 'Query syntax error at character 15: expected ")" to close the "(" at character 1, found the end of the query.',
        position: 15,
        expected: '")" to close the "(" at character 1',
      },
    });
    expect((await get(app.url, `/api/search.atom?q=${encodeURIComponent('"open')}`)).status).toBe(400);
    expect((await get(app.url, `/api/timeline?q=${encodeURIComponent('a OR')}`)).status).toBe(400);
  });

  it('shows the message on the page, with the query kept in the box', async () => {
    const response = await get(app.url, `/?q=${encodeURIComponent('cyber OR')}`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(400);
    expect(response.text).toContain('Query syntax error at character 9');
    expect(response.text).toContain('value="cyber OR"');
    expect(response.text).toContain('<p class="query-error"><code>cyber OR<mark> </mark></code></p>');
    const inside = await get(app.url, `/?q=${encodeURIComponent('a <b> ) c')}`, { headers: { accept: 'text/html' } });
    expect(inside.text).toContain('<code>a &lt;b&gt; <mark>)</mark> c</code>');
  });
});

describe('sort and hitsPerPage', () => {
  const dates = (result: SearchResult) => result.hits.map((h) => h.publishedAt);
  const descending = (list: Array<string | null>) => {
    const dated = list.filter((d): d is string => d !== null);
    return dated.every((d, i) => i === 0 || dated[i - 1]! >= d) && list.indexOf(null) === -1
      ? true
      : list.slice(list.indexOf(null)).every((d) => d === null) && dated.every((d, i) => i === 0 || dated[i - 1]! >= d);
  };

  it('orders every hit by date with a query, undated last, also across OR branches', async () => {
    const newest = await search('glacier', '&sort=newest');
    expect(newest.hits.map((h) => h.id)).toEqual(['wire-copy-2', 'wire-copy-1', 'wire-copy-0', 'undated']);
    const oldest = await search('glacier', '&sort=oldest');
    expect(oldest.hits.map((h) => h.id)).toEqual(['wire-copy-0', 'wire-copy-1', 'wire-copy-2', 'undated']);
    const union = await search('glacier OR cyber OR budget', '&sort=newest');
    expect(union.hits.length).toBeGreaterThan(6);
    expect(descending(dates(union))).toBe(true);
    expect(dates(union).at(-1)).toBeNull();
  });

  it('orders the Atom feed newest first with a query', async () => {
    const feed = (await get(app.url, '/api/search.atom?q=glacier')).text;
    const order = [...feed.matchAll(/urn:lede:article:([\w-]+)/g)].map((m) => m[1]);
    expect(order).toEqual(['wire-copy-2', 'wire-copy-1', 'wire-copy-0', 'undated']);
  });

  it('returns totals and facet counts only with hitsPerPage=0', async () => {
    const full = await search('cyber');
    const response = await get(app.url, '/api/search?q=cyber&hitsPerPage=0');
    expect(response.status).toBe(200);
    const counts = response.json<SearchResult>();
    expect(counts.hits).toEqual([]);
    expect(counts.totalHits).toBe(full.totalHits);
    expect(counts.totalPages).toBe(0);
    expect(counts.facets).toEqual(full.facets);
    const union = (await get(app.url, `/api/search?q=${encodeURIComponent('cyber OR glacier')}&hitsPerPage=0`)).json<SearchResult>();
    expect(union.hits).toEqual([]);
    expect(union.totalHits).toBe((await search('cyber OR glacier')).totalHits);
  });
});
