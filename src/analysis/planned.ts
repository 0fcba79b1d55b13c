/**
 * Queries built on the search planner's main query: what a search matches (q and filters as
 * plan.ts plans them), plus what an analysis adds (an entity filter, facet counts, stats, an
 * `indexedTs` window), sent as one multi-search. Entities, batch search and the saved-search
 * page use it, so they select exactly the articles /api/search would.
 */
import type { Meilisearch, MultiSearchQuery, MultiSearchResult } from 'meilisearch';
import type { Article } from '../article.ts';
import { callMeili } from '../search/meili-call.ts';
import type { SearchParams } from '../search/params.ts';
import { planSearch } from '../search/plan.ts';

export interface Extra {
  /** More filter expressions (AND). */
  filter?: string[];
  facets?: string[];
  sort?: string[];
  /** Hits wanted. Default: 0 (counts only). */
  limit?: number;
  attributesToRetrieve?: string[];
}

/** The multi-search query of a search's matches, with the extras. */
export function matchQuery(indexUid: string, params: SearchParams, extra: Extra = {}): MultiSearchQuery {
  const main = planSearch({ ...params, facets: [] }).queries[0]!;
  const query: MultiSearchQuery = { indexUid, q: main.q, filter: [...main.filter, ...(extra.filter ?? [])], limit: extra.limit ?? 0 };
  if (extra.facets?.length) query.facets = extra.facets;
  if (extra.sort) query.sort = extra.sort;
  if (extra.attributesToRetrieve) query.attributesToRetrieve = extra.attributesToRetrieve;
  return query;
}

/** Sends queries in one multi-search round trip. */
export async function sendQueries(
  client: Meilisearch,
  what: string,
  queries: MultiSearchQuery[],
): Promise<Array<MultiSearchResult<Article>>> {
  const { results } = await callMeili(what, () => client.multiSearch<{ queries: MultiSearchQuery[] }, Article>({ queries }));
  return results;
}
