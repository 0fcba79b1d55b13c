/**
 * Facet lanes: one multi-search split into requests Meilisearch answers in parallel.
 *
 * Meilisearch answers the queries of one multi-search one after the other, on one thread. The
 * persons and organizations facets hold thousands of values each and cost most of a page's search
 * on a large archive (each ~15-20 ms at 100k articles for a common word, against ~8 ms for the
 * hits with their crops). When the server has idle cores, counting each of them in a count-only
 * query of its own, sent beside the rest, cuts the wait to the longest lane instead of the sum.
 * The queries match the same documents (same q, filter, distinct), so the counts are the same.
 * Under load there are no idle cores: the caller then sends the multi-search whole.
 */
import type { MultiSearchQuery, MultiSearchResult } from 'meilisearch';
import { FILTER_FIELDS } from './params.ts';

/** Facet fields counted in a lane of their own. */
export const LANE_FACETS: readonly string[] = [FILTER_FIELDS.person, FILTER_FIELDS.organization];

/** What a count-only copy of a query drops: the hits and what shapes them. */
const HIT_FIELDS = [
  'page',
  'hitsPerPage',
  'offset',
  'attributesToRetrieve',
  'attributesToHighlight',
  'attributesToCrop',
  'cropLength',
  'cropMarker',
  'highlightPreTag',
  'highlightPostTag',
  'showMatchesPosition',
  'sort',
] as const;

export interface FacetLanes {
  /** The requests to send, each a multi-search's queries; the first is the original minus the moved facets. */
  lanes: MultiSearchQuery[][];
  /** Puts the moved facets' counts back into the first lane's results. */
  merge<T>(answers: Array<Array<MultiSearchResult<T>>>): Array<MultiSearchResult<T>>;
}

function countOnly(query: MultiSearchQuery, field: string): MultiSearchQuery {
  const copy: Record<string, unknown> = { ...query, facets: [field], limit: 0 };
  for (const key of HIT_FIELDS) delete copy[key];
  return copy as MultiSearchQuery;
}

/**
 * The lanes of a multi-search, or undefined when nothing is worth moving: a lane facet moves out
 * of a query that would still have other work (hits, or other facets) without it.
 */
export function facetLanes(queries: readonly MultiSearchQuery[]): FacetLanes | undefined {
  const moved: Array<{ query: number; field: string }> = [];
  const first = queries.map((query, index) => {
    const facets = query.facets ?? [];
    const heavy = facets.filter((f) => LANE_FACETS.includes(f));
    const hasHits = (query.limit ?? 1) > 0 && (query.hitsPerPage ?? 1) > 0;
    const rest = facets.length - heavy.length;
    if (heavy.length === 0 || (heavy.length === 1 && rest === 0 && !hasHits)) return query;
    for (const field of heavy) moved.push({ query: index, field });
    return { ...query, facets: facets.filter((f) => !LANE_FACETS.includes(f)) };
  });
  if (moved.length === 0) return undefined;
  return {
    lanes: [first, ...moved.map(({ query, field }) => [countOnly(queries[query]!, field)])],
    merge(answers) {
      const results = answers[0]!;
      moved.forEach(({ query, field }, i) => {
        const counted = answers[i + 1]![0]!;
        const result = results[query]!;
        result.facetDistribution = { ...result.facetDistribution, [field]: counted.facetDistribution?.[field] ?? {} };
      });
      return results;
    },
  };
}
