import type { MultiSearchQuery, MultiSearchResult } from 'meilisearch';
import { describe, expect, it } from 'vitest';
import { facetLanes } from '../../src/search/facet-lanes.ts';

const main: MultiSearchQuery = {
  indexUid: 'articles',
  q: '"social"',
  filter: ['topics = "politics"'],
  facets: ['countries', 'persons', 'organizations', 'topics'],
  page: 1,
  hitsPerPage: 20,
  attributesToRetrieve: ['id', 'title'],
  attributesToCrop: ['body'],
  sort: ['publishedTs:desc'],
  distinct: 'cluster',
};
const months: MultiSearchQuery = { indexUid: 'articles', q: '"social"', facets: ['publishedMonth'], limit: 0 };

function result(facetDistribution: Record<string, Record<string, number>>): MultiSearchResult<unknown> {
  return { indexUid: 'articles', hits: [], processingTimeMs: 1, query: '', facetDistribution } as unknown as MultiSearchResult<unknown>;
}

describe('facet lanes', () => {
  it('moves persons and organizations into count-only queries that match the same documents', () => {
    const split = facetLanes([main, months])!;
    expect(split.lanes).toHaveLength(3);
    expect(split.lanes[0]).toEqual([{ ...main, facets: ['countries', 'topics'] }, months]);
    for (const [lane, field] of [
      [split.lanes[1]!, 'persons'],
      [split.lanes[2]!, 'organizations'],
    ] as const) {
      expect(lane).toEqual([
        { indexUid: 'articles', q: '"social"', filter: ['topics = "politics"'], distinct: 'cluster', facets: [field], limit: 0 },
      ]);
    }
  });

  it('puts the moved counts back into the first lane answer', () => {
    const split = facetLanes([main, months])!;
    const merged = split.merge([
      [result({ countries: { Albania: 3 }, topics: { politics: 5 } }), result({ publishedMonth: { '2022-09': 5 } })],
      [result({ persons: { 'Edi Rama': 2 } })],
      [result({ organizations: {} })],
    ]);
    expect(merged[0]!.facetDistribution).toEqual({
      countries: { Albania: 3 },
      topics: { politics: 5 },
      persons: { 'Edi Rama': 2 },
      organizations: {},
    });
    expect(merged[1]!.facetDistribution).toEqual({ publishedMonth: { '2022-09': 5 } });
  });

  it('leaves alone a multi-search with nothing worth moving', () => {
    expect(facetLanes([months])).toBeUndefined();
    expect(facetLanes([{ indexUid: 'articles', q: 'x', facets: ['persons'], limit: 0 }])).toBeUndefined();
    expect(facetLanes([{ ...main, facets: ['countries'] }])).toBeUndefined();
  });

  it('moves a single heavy facet out of a query that also wants hits', () => {
    const split = facetLanes([{ ...main, facets: ['persons'] }])!;
    expect(split.lanes.map((lane) => lane[0]!.facets)).toEqual([[], ['persons']]);
  });
});
