import type { Hit } from 'meilisearch';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/article.ts';
import { facetKeys } from '../../src/facets.ts';
import { facetValuesSchema, parseParams, searchSchema, timelineSchema } from '../../src/search/params.ts';
import {
  PERIOD_FACETS,
  assembleFacetValues,
  assembleSearch,
  planDuplicateCounts,
  planFacetValues,
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
        q: 'cyber',
        filter: [],
        facets: ['countries', 'persons', 'organizations', 'topics', 'source', 'language'],
        hits: { page: 1, hitsPerPage: 20 },
      },
    ]);
  });

  it('plans a count-only query per filtered facet without its own filter (disjunctive counts)', () => {
    const plan = planSearch(search({ q: 'x', country: ['Albania', 'Iran'], person: 'Edi Rama', from: '2022-01-01' }));
    expect(plan.queries[0]!.filter).toEqual([
      '(countries = "Albania" OR countries = "Iran")',
      '(persons = "Edi Rama")',
      'publishedTs >= 1640995200',
    ]);
    expect(plan.queries[0]!.facets).toEqual(['organizations', 'topics', 'source', 'language']);
    expect(plan.queries[plan.facetQueries.country!]).toEqual({
      q: 'x',
      filter: ['(persons = "Edi Rama")', 'publishedTs >= 1640995200'],
      facets: ['countries'],
    });
    expect(plan.queries[plan.facetQueries.person!]!.filter).toEqual(['(countries = "Albania" OR countries = "Iran")', 'publishedTs >= 1640995200']);
    expect(plan.queries.slice(1).every((q) => q.hits === undefined)).toBe(true);
  });

  it('plans the timeline without the date range, and the cluster sizes when collapsing', () => {
    const plan = planSearch(search({ q: 'x', from: '2022-01-01', sort: 'newest', collapse: 'true' }), { timeline: true });
    expect(plan.queries[0]!.hits).toEqual({ page: 1, hitsPerPage: 20, sort: ['publishedTs:desc'], distinct: 'cluster' });
    expect(plan.queries[plan.timeline!]).toEqual({ q: 'x', filter: [], facets: PERIOD_FACETS });
    expect(plan.queries[plan.clusters!]).toEqual({ q: 'x', filter: ['publishedTs >= 1640995200'], facets: ['cluster'] });
  });

  it('asks for the missing cluster sizes only when the counts came back truncated', () => {
    const plan = planSearch(search({ collapse: 'true' }));
    const main = answer({ hits: [hit('a', 'c1'), hit('b', 'c2')] });
    const some = answer({ facetDistribution: { cluster: { c1: 3, z: 1 } } });
    expect(planDuplicateCounts(plan, [main, some], 1000)).toBeUndefined();
    expect(planDuplicateCounts(plan, [main, some], 2)).toEqual({ q: '', filter: ['cluster IN ["c2"]'], facets: ['cluster'] });
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
      q: 'x',
      filter: ['(language = "en")'],
      facets: ['publishedWeek'],
    });
  });
});

describe('facet values', () => {
  const params = (raw: Record<string, unknown>) => parseParams(facetValuesSchema, raw);

  it('searches the keys field as well when the facet has one and there is a query', () => {
    expect(planFacetValues('person', params({ q: ' Blair', search: 'iraq', country: 'Iraq', person: 'X' }))).toEqual([
      { facetName: 'persons', facetQuery: ' Blair', q: 'iraq', filter: ['(countries = "Iraq")'] },
      { facetName: 'personKeys', facetQuery: 'blair', q: 'iraq', filter: ['(countries = "Iraq")'] },
    ]);
    expect(planFacetValues('person', params({}))).toHaveLength(1);
    expect(planFacetValues('topic', params({ q: 'pol' }))).toHaveLength(1);
  });

  it('turns keys back into values, one entry per value, exact key or alias first, then by count', () => {
    const keys = (value: string, count: number, aliases: string[] = []) => facetKeys(value, aliases).map((v) => ({ value: v, count }));
    const uk = keys('United Kingdom', 40, ['UK']);
    const un = keys('United Nations', 10, ['UN']);
    const hitsFor = (q: string) => [...uk, ...un].filter((h) => h.value.startsWith(q));
    const un1 = assembleFacetValues('country', params({ q: 'un' }), [[], hitsFor('un')]);
    expect(un1.map((v) => v.value)).toEqual(['United Nations', 'United Kingdom']);
    expect(un1[0]).toEqual({ value: 'United Nations', count: 10, selected: false });
    const uk1 = assembleFacetValues('country', params({ q: 'UK', country: 'United Kingdom' }), [[], hitsFor('uk')]);
    expect(uk1).toEqual([{ value: 'United Kingdom', count: 40, selected: true }]);
  });

  it('merges the plain field’s values (older documents) with the keys’ and keeps the larger count', () => {
    const values = assembleFacetValues('person', params({ q: 'tony' }), [
      [{ value: 'Tony Blair', count: 7 }, { value: 'Tony Abbott', count: 1 }],
      [{ value: 'tony blair ⇒ Tony Blair', count: 5 }],
    ]);
    expect(values).toEqual([
      { value: 'Tony Blair', count: 7, selected: false },
      { value: 'Tony Abbott', count: 1, selected: false },
    ]);
  });
});
