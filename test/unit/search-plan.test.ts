import type { Hit } from 'meilisearch';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/article.ts';
import { facetKeys } from '../../src/facets.ts';
import { facetValuesSchema, parseParams, searchSchema, timelineSchema } from '../../src/search/params.ts';
import { assembleFacetValues, planFacetValueCounts, planFacetValues } from '../../src/search/facet-values.ts';
import {
  PERIOD_FACETS,
  assembleSearch,
  planDuplicateCounts,
  planSearch,
  planTimeline,
  type RawAnswer,
} from '../../src/search/plan.ts';

const search = (raw: Record<string, unknown>) => parseParams(searchSchema, raw);
const answer = (fields: Partial<RawAnswer> = {}): RawAnswer => ({ hits: [], totalHits: 0, processingTimeMs: 1, ...fields });
const hit = (id: string, cluster = id) => ({ id, cluster, title: id }) as unknown as Hit<Article>;

describe('planSearch', () => {
  it('plans one main query with the counts of every facet when nothing is filtered', () => {
    const plan = planSearch(search({ q: 'cyber' }));
    expect(plan.queries).toEqual([
      {
        searches: [{ q: 'cyber', filter: [], titleOnly: false }],
        facets: ['countries', 'persons', 'organizations', 'topics', 'source', 'language'],
        hits: { page: 1, hitsPerPage: 20 },
      },
    ]);
  });

  it('plans a count-only query per filtered facet without its own filter (disjunctive counts)', () => {
    const plan = planSearch(search({ q: 'x', country: ['Albania', 'Iran'], person: 'Edi Rama', from: '2022-01-01' }));
    expect(plan.queries[0]!.searches[0]!.filter).toEqual([
      '(countries = "Albania" OR countries = "Iran")',
      '(persons = "Edi Rama")',
      'publishedTs >= 1640995200',
    ]);
    expect(plan.queries[0]!.facets).toEqual(['organizations', 'topics', 'source', 'language']);
    expect(plan.queries[plan.facetQueries.country!]).toEqual({
      searches: [{ q: 'x', filter: ['(persons = "Edi Rama")', 'publishedTs >= 1640995200'], titleOnly: false }],
      facets: ['countries'],
    });
    expect(plan.queries[plan.facetQueries.person!]!.searches[0]!.filter).toEqual(['(countries = "Albania" OR countries = "Iran")', 'publishedTs >= 1640995200']);
    expect(plan.queries.slice(1).every((q) => q.hits === undefined)).toBe(true);
  });

  it('plans the timeline without the date range, and the cluster sizes when collapsing', () => {
    const plan = planSearch(search({ q: 'x', from: '2022-01-01', sort: 'newest', collapse: 'true' }), { timeline: true });
    expect(plan.queries[0]!.hits).toEqual({ page: 1, hitsPerPage: 20, distinct: 'cluster' });
    expect(plan.queries[0]!.sort).toEqual(['publishedTs:desc']);
    expect(plan.queries[plan.timeline!]).toEqual({ searches: [{ q: 'x', filter: [], titleOnly: false }], facets: PERIOD_FACETS });
    expect(plan.queries[plan.clusters!]).toEqual({ searches: [{ q: 'x', filter: ['publishedTs >= 1640995200'], titleOnly: false }], facets: ['cluster'] });
  });

  it('asks for the missing cluster sizes only when the counts came back truncated', () => {
    const plan = planSearch(search({ collapse: 'true' }));
    const main = answer({ hits: [hit('a', 'c1'), hit('b', 'c2')] });
    const some = answer({ facetDistribution: { cluster: { c1: 3, z: 1 } } });
    expect(planDuplicateCounts(plan, [main, some], 1000)).toBeUndefined();
    expect(planDuplicateCounts(plan, [main, some], 2)).toEqual({ searches: [{ q: '', filter: ['cluster IN ["c2"]'], titleOnly: false }], facets: ['cluster'] });
  });
});

describe('assembleSearch', () => {
  it('takes each filtered facet’s counts from its own query and keeps selected values', () => {
    const plan = planSearch(search({ country: 'Albania' }), { facetValues: 2 });
    const main = answer({
      hits: [hit('a')],
      totalHits: 41,
      facetDistribution: { persons: { 'Edi Rama': 2, Zed: 1, Abe: 1 }, topics: {} },
    });
    const countries = answer({ facetDistribution: { countries: { Iran: 5, Israel: 3, Albania: 1 } } });
    const result = assembleSearch(plan, [main, countries]);
    expect(result.facets.country).toEqual([
      { value: 'Iran', count: 5, selected: false },
      { value: 'Israel', count: 3, selected: false },
      { value: 'Albania', count: 1, selected: true },
    ]);
    expect(result.facets.person).toEqual([
      { value: 'Edi Rama', count: 2, selected: false },
      { value: 'Abe', count: 1, selected: false },
    ]);
    expect(result).toMatchObject({ totalHits: 41, totalPages: 3, page: 1, hitsPerPage: 20, collapse: false });
    expect(result.hits.map((h) => h.id)).toEqual(['a']);
  });

  it('caps the pages at the result window and counts duplicates from the cluster sizes', () => {
    const plan = planSearch(search({ collapse: 'true', hitsPerPage: '100' }), { timeline: true });
    const main = answer({ hits: [hit('a', 'c1'), hit('b', 'c2')], totalHits: 5000 });
    const timeline = answer({ facetDistribution: { publishedMonth: { '2024-01': 2 }, publishedWeek: {}, publishedDay: {} } });
    const clusters = answer({ facetDistribution: { cluster: { c1: 3 } } });
    const extra = answer({ facetDistribution: { cluster: { c2: 2 } } });
    const result = assembleSearch(plan, [main, timeline, clusters], extra);
    expect(result.totalPages).toBe(10);
    expect(result.hits.map((h) => h.duplicates)).toEqual([2, 1]);
    expect(result.timeline?.total).toBe(2);
  });
});

describe('planTimeline', () => {
  it('asks for the period of the interval only', () => {
    expect(planTimeline(parseParams(timelineSchema, { q: 'x', interval: 'week', language: 'en' }))).toEqual({
      searches: [{ q: 'x', filter: ['(language = "en")'], titleOnly: false }],
      facets: ['publishedWeek'],
    });
  });
});

describe('facet values', () => {
  const params = (raw: Record<string, unknown>) => parseParams(facetValuesSchema, raw);

  it('searches the keys field as well when the facet has one and there is a query', () => {
    const search = { q: 'iraq', filter: ['(countries = "Iraq")'], titleOnly: false };
    expect(planFacetValues('person', params({ q: ' Blair', search: 'iraq', country: 'Iraq', person: 'X' }))).toEqual([
      { facetName: 'persons', facetQuery: ' Blair', search },
      { facetName: 'personKeys', facetQuery: 'blair', search },
    ]);
    expect(planFacetValues('person', params({}))).toHaveLength(1);
    expect(planFacetValues('topic', params({ q: 'pol' }))).toHaveLength(1);
  });

  it('turns keys back into values, one entry per value, exact key or alias first, then by count', () => {
    const keys = (value: string, count: number, aliases: string[] = []) => facetKeys(value, aliases).map((v) => ({ value: v, count }));
    const uk = keys('United Kingdom', 40, ['UK']);
    const un = keys('United Nations', 10, ['UN']);
    const hitsFor = (q: string) => [...uk, ...un].filter((h) => h.value.startsWith(q));
    const run = (raw: Record<string, unknown>) => {
      const p = params(raw);
      const planned = planFacetValues('country', p);
      return assembleFacetValues('country', p, planned, [[], hitsFor(p.q.toLowerCase())]);
    };
    const un1 = run({ q: 'un' });
    expect(un1.map((v) => v.value)).toEqual(['United Nations', 'United Kingdom']);
    expect(un1[0]).toEqual({ value: 'United Nations', count: 10, selected: false });
    expect(run({ q: 'UK', country: 'United Kingdom' })).toEqual([{ value: 'United Kingdom', count: 40, selected: true }]);
  });

  it('merges the plain field’s values (older documents) with the keys’ and keeps the larger count', () => {
    const p = params({ q: 'tony' });
    const values = assembleFacetValues('person', p, planFacetValues('person', p), [
      [{ value: 'Tony Blair', count: 7 }, { value: 'Tony Abbott', count: 1 }],
      [{ value: 'tony blair ⇒ Tony Blair', count: 5 }],
    ]);
    expect(values).toEqual([
      { value: 'Tony Blair', count: 7, selected: false },
      { value: 'Tony Abbott', count: 1, selected: false },
    ]);
  });
});

describe('facet values with OR in search', () => {
  const params = (raw: Record<string, unknown>) => parseParams(facetValuesSchema, raw);

  it('plans one value search per alternative and a union count query', () => {
    const p = params({ q: 'ir', search: 'tehran OR diplomatic', country: 'Iran', language: 'en' });
    expect(planFacetValues('country', p).map((s) => [s.facetName, s.search.q])).toEqual([
      ['countries', 'tehran'],
      ['countryKeys', 'tehran'],
      ['countries', 'diplomatic'],
      ['countryKeys', 'diplomatic'],
    ]);
    expect(planFacetValueCounts('country', p)).toEqual({
      searches: [
        { q: 'tehran', filter: ['(language = "en")'], titleOnly: false },
        { q: 'diplomatic', filter: ['(language = "en")'], titleOnly: false },
      ],
      facets: ['countries'],
    });
    expect(planFacetValueCounts('country', params({ q: 'ir', search: 'tehran diplomatic' }))).toBeUndefined();
  });

  it('takes the union counts over the largest alternative count', () => {
    const p = params({ q: 'ir', search: 'tehran OR diplomatic' });
    const planned = planFacetValues('country', p);
    const answers = [[{ value: 'Iran', count: 1 }], [], [{ value: 'Iran', count: 1 }, { value: 'Iraq', count: 1 }], []];
    expect(assembleFacetValues('country', p, planned, answers).map((v) => v.count)).toEqual([1, 1]);
    expect(assembleFacetValues('country', p, planned, answers, { counts: { iran: 2 } })).toEqual([
      { value: 'Iran', count: 2, selected: false },
      { value: 'Iraq', count: 1, selected: false },
    ]);
  });
});

describe('planSearch with the query language', () => {
  it('turns facet terms into escaped filters beside the request filters', () => {
    const plan = planSearch(search({ q: String.raw`cyber person:"Edi Rama" -country:"Back\slash O'Neil" OR country:X`, language: 'en' }));
    expect(plan.queries[0]!.searches).toEqual([
      {
        q: 'cyber',
        filter: ['(language = "en")', 'persons = "Edi Rama"', String.raw`(NOT (countries = "Back\\slash O'Neil")) OR (countries = "X")`],
        titleOnly: false,
      },
    ]);
  });

  it('plans one search per OR branch of words in every query, so facet counts and totals come from their union', () => {
    const plan = planSearch(search({ q: '(iran OR tehran) AND (cyber OR hack*) -football', country: 'Iran' }), { timeline: true });
    const qs = (i: number) => plan.queries[i]!.searches.map((s) => s.q);
    expect(qs(0)).toEqual(['iran cyber -football', 'iran -football hack', 'tehran cyber -football', 'tehran -football hack']);
    for (let i = 1; i < plan.queries.length; i++) expect(qs(i)).toEqual(qs(0));
    expect(plan.queries[plan.facetQueries.country!]!.searches[0]!.filter).toEqual([]);
  });

  it('searches the headline only for title: terms', () => {
    expect(planSearch(search({ q: 'title:"prime minister" title:budget' })).queries[0]!.searches).toEqual([
      { q: '"prime minister" budget', filter: [], titleOnly: true },
    ]);
  });

  it('rejects bad syntax with the position', () => {
    expect(() => planSearch(search({ q: '(cyber' }))).toThrow(/character 7: expected "\)" to close/);
  });
});
