import type { Hit } from 'meilisearch';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/article.ts';
import { facetKeys } from '../../src/facets.ts';
import { facetValuesSchema, parseParams, searchSchema, timelineSchema } from '../../src/search/params.ts';
import { assembleFacetValues, planFacetValueCounts, planFacetValues } from '../../src/search/facet-values.ts';
import {
  assembleSearch,
  completeTimeline,
  planDuplicateCounts,
  planSearch,
  planSelectedCounts,
  planTimeline,
  selectedCountsFrom,
  timelinePartQueries,
  type PlannedQuery,
  type RawAnswer,
} from '../../src/search/plan.ts';
import { finishTimeline } from '../../src/search/timeline-plan.ts';

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
    expect(plan.queries[plan.facetQueries.person!]!.searches[0]!.filter).toEqual([
      '(countries = "Albania" OR countries = "Iran")',
      'publishedTs >= 1640995200',
    ]);
    expect(plan.queries.slice(1).every((q) => q.hits === undefined)).toBe(true);
  });

  it('plans the timeline without the date range, and the cluster sizes when collapsing', () => {
    const plan = planSearch(search({ q: 'x', from: '2022-01-01', sort: 'newest', collapse: 'true' }), { timeline: true });
    expect(plan.queries[0]!.hits).toEqual({ page: 1, hitsPerPage: 20, distinct: 'cluster' });
    expect(plan.queries[0]!.sort).toEqual(['publishedTs:desc']);
    expect(plan.queries[plan.timeline!]).toEqual({ searches: [{ q: 'x', filter: [], titleOnly: false }], facets: ['publishedMonth'] });
    expect(plan.queries[plan.clusters!]).toEqual({
      searches: [{ q: 'x', filter: ['publishedTs >= 1640995200'], titleOnly: false }],
      facets: ['cluster'],
    });
  });

  it('asks for the missing cluster sizes only when the counts came back truncated', () => {
    const plan = planSearch(search({ collapse: 'true' }));
    const main = answer({ hits: [hit('a', 'c1'), hit('b', 'c2')] });
    const some = answer({ facetDistribution: { cluster: { c1: 3, z: 1 } } });
    expect(planDuplicateCounts(plan, [main, some], 1000)).toBeUndefined();
    expect(planDuplicateCounts(plan, [main, some], 2)).toEqual({
      searches: [{ q: '', filter: ['cluster IN ["c2"]'], titleOnly: false }],
      facets: ['cluster'],
    });
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
    expect(timelinePartQueries(planTimeline(parseParams(timelineSchema, { q: 'x', interval: 'week', language: 'en' })))).toEqual([
      {
        searches: [{ q: 'x', filter: ['(language = "en")'], titleOnly: false }],
        facets: ['publishedWeek'],
      },
    ]);
  });
});

/**
 * A fake Meilisearch over dated documents (publishedTs in seconds) that answers period-facet
 * queries as Meilisearch does: the `limit` most frequent values only.
 */
function fakeMeili(dates: string[], limit: number) {
  const docs = dates.map((d) => {
    const ms = Date.parse(`${d}T12:00:00Z`);
    const iso = new Date(ms).toISOString();
    const thursday = new Date(Date.UTC(new Date(ms).getUTCFullYear(), new Date(ms).getUTCMonth(), new Date(ms).getUTCDate()));
    thursday.setUTCDate(thursday.getUTCDate() + 3 - ((thursday.getUTCDay() + 6) % 7));
    const wy = thursday.getUTCFullYear();
    const week = Math.ceil(((thursday.getTime() - Date.UTC(wy, 0, 1)) / 86_400_000 + 1) / 7);
    return {
      ts: ms / 1000,
      publishedDay: iso.slice(0, 10),
      publishedWeek: `${wy}-W${String(week).padStart(2, '0')}`,
      publishedMonth: iso.slice(0, 7),
    };
  });
  const sent: PlannedQuery[][] = [];
  const answer = (query: PlannedQuery): RawAnswer => {
    const filter = query.searches[0]!.filter;
    const matches = docs.filter((doc) =>
      filter.every((f) => {
        const m = /^publishedTs (>=|<) (\d+)$/.exec(f);
        if (!m) return true;
        return m[1] === '>=' ? doc.ts >= Number(m[2]) : doc.ts < Number(m[2]);
      }),
    );
    const facetDistribution: Record<string, Record<string, number>> = {};
    for (const field of query.facets) {
      const counts: Record<string, number> = {};
      for (const doc of matches) {
        const key = doc[field as 'publishedDay'];
        counts[key] = (counts[key] ?? 0) + 1;
      }
      facetDistribution[field] = Object.fromEntries(
        Object.entries(counts)
          .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
          .slice(0, limit),
      );
    }
    return answer_({ facetDistribution });
  };
  const send = async (queries: PlannedQuery[]) => {
    sent.push(queries);
    return queries.map(answer);
  };
  return { send, answer, sent };
}
const answer_ = (fields: Partial<RawAnswer> = {}): RawAnswer => ({ hits: [], totalHits: 0, processingTimeMs: 1, ...fields });

/** Every day from `from` for `days` days, `perDay(i)` articles on day i. */
function days(from: string, count: number, perDay: (i: number) => number = () => 1): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const day = new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10);
    for (let n = 0; n < perDay(i); n++) out.push(day);
  }
  return out;
}

describe('timeline with a small maxValuesPerFacet', () => {
  const timelineOf = async (
    dates: string[],
    limit: number,
    interval: 'auto' | 'day' | 'week' | 'month' = 'auto',
    extent?: { first: number; last: number },
  ) => {
    const meili = fakeMeili(dates, limit);
    const run = planTimeline(parseParams(timelineSchema, { interval }), { truncatedAt: limit, extent });
    const first = timelinePartQueries(run);
    const progress = await completeTimeline(
      run,
      first.map((q) => meili.answer(q).facetDistribution),
      limit,
      meili.send,
    );
    return { timeline: finishTimeline(progress), rounds: meili.sent.length, first: first.length };
  };
  const exact = async (dates: string[], interval: 'auto' | 'day' | 'week' | 'month' = 'auto') =>
    (await timelineOf(dates, 1_000_000, interval)).timeline;

  it('asks months only for a long span, and splits a month facet that came back cut', async () => {
    // 12 years, 144 months, one more article each month so that the rare early months are the ones cut.
    const dates = Array.from({ length: 144 }, (_, m) =>
      Array.from({ length: m + 1 }, () => `${2010 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-15`),
    ).flat();
    const { timeline, rounds } = await timelineOf(dates, 100);
    expect(timeline).toEqual(await exact(dates));
    expect(timeline.interval).toBe('month');
    expect(timeline.buckets).toHaveLength(144);
    expect(timeline.buckets[0]).toMatchObject({ period: '2010-01', count: 1 });
    expect(rounds).toBe(1);
  });

  it('splits the first round from the known extent, so a long archive takes one round trip', async () => {
    const dates = Array.from({ length: 144 }, (_, m) => `${2010 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-15`);
    const extent = { first: Date.UTC(2010, 0, 1), last: Date.UTC(2022, 0, 1) };
    const { timeline, rounds, first } = await timelineOf(dates, 100, 'auto', extent);
    expect(timeline).toEqual(await exact(dates));
    expect(first).toBe(2);
    expect(rounds).toBe(0);
  });

  it('asks weeks, then days, only for short spans and picks the interval as before', async () => {
    const short = days('2024-02-10', 40, (i) => (i % 3) + 1);
    expect((await timelineOf(short, 100)).timeline).toEqual(await exact(short));
    expect((await timelineOf(short, 100)).timeline.interval).toBe('day');
    const year = days('2023-03-01', 300);
    expect((await timelineOf(year, 100)).timeline).toEqual(await exact(year));
    expect((await timelineOf(year, 100)).timeline.interval).toBe('week');
    const long = days('2020-01-01', 700);
    expect((await timelineOf(long, 100)).timeline.interval).toBe('month');
    expect((await timelineOf(long, 100)).rounds).toBe(0);
  });

  it('keeps an explicit day interval exact over years, however many days were cut', async () => {
    const dates = days('2021-06-01', 800, (i) => 1 + (i % 5));
    const { timeline } = await timelineOf(dates, 50, 'day');
    expect(timeline).toEqual(await exact(dates, 'day'));
    expect(timeline.total).toBe(dates.length);
  });

  it('is empty when nothing is dated', async () => {
    expect((await timelineOf([], 100)).timeline).toEqual({ interval: 'month', buckets: [], total: 0 });
  });
});

describe('planSelectedCounts', () => {
  it('asks the count of a selected value cut from a full facet answer, and only then', () => {
    const plan = planSearch(search({ q: 'x', person: ['Rare One', 'Edi Rama'], country: 'Iran' }));
    const main = answer();
    const at = plan.facetQueries.person!;
    const answers = plan.queries.map(() => answer());
    answers[0] = main;
    answers[at] = answer({ facetDistribution: { persons: { 'Edi Rama': 9, A: 5 } } });
    expect(planSelectedCounts(plan, answers, 3)).toEqual([]);
    const planned = planSelectedCounts(plan, answers, 2);
    expect(planned.map((p) => [p.name, p.value])).toEqual([['person', 'Rare One']]);
    expect(planned[0]!.query).toEqual({
      searches: [{ q: 'x', filter: ['(countries = "Iran")', 'persons = "Rare One"'], titleOnly: false }],
      facets: ['persons'],
    });
    const counts = selectedCountsFrom(planned, [answer({ facetDistribution: { persons: { 'rare one': 4, B: 4 } } })]);
    expect(counts).toEqual({ person: { 'Rare One': 4 } });
    const result = assembleSearch(plan, answers, undefined, { selected: counts });
    expect(result.facets.person).toContainEqual({ value: 'Rare One', count: 4, selected: true });
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
      [
        { value: 'Tony Blair', count: 7 },
        { value: 'Tony Abbott', count: 1 },
      ],
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
    const answers = [
      [{ value: 'Iran', count: 1 }],
      [],
      [
        { value: 'Iran', count: 1 },
        { value: 'Iraq', count: 1 },
      ],
      [],
    ];
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
