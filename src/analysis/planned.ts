/**
 * Queries built on the search planner: what a search matches (its planned searches, `title:`
 * restrictions resolved, as plan.ts plans them), plus what an analysis adds (an entity filter,
 * facet counts and stats, an `indexedTs` window, a sort). A search of one planned search is one
 * query of a shared multi-search; a search whose query ORs words (several planned searches) is
 * one federated search, counting each document once. Entities, batch search, alerts and the
 * saved-search page use it, so they select exactly the articles /api/search would.
 */
import type { FacetStats, Hit, Meilisearch, MultiSearchQuery, MultiSearchQueryWithFederation, MultiSearchResult } from 'meilisearch';
import type { Article } from '../article.ts';
import { callMeili } from '../search/meili-call.ts';
import type { SearchParams } from '../search/params.ts';
import {
  type PlannedSearch,
  planSearch,
  resolveQueries,
  restrictionIds,
  restrictionParams,
  restrictionResolver,
  searchParams,
} from '../search/plan.ts';
import { desiredSettings } from '../meili/settings.ts';

/** The most values Meilisearch returns per facet (faceting.maxValuesPerFacet in index-config/). */
const MAX_VALUES_PER_FACET = desiredSettings().faceting?.maxValuesPerFacet ?? 100;

export interface Extra {
  /** More filter expressions (AND). */
  filter?: string[];
  facets?: string[];
  sort?: string[];
  /** Hits: `page` + `hitsPerPage` (exact totals) or `limit` + `offset`. Default: none (counts only). */
  page?: number;
  hitsPerPage?: number;
  limit?: number;
  offset?: number;
  attributesToRetrieve?: string[];
}

export interface MatchRequest {
  params: SearchParams;
  extra?: Extra;
}

/** One answer, whichever way it was sent. */
export interface MatchAnswer {
  hits: Array<Hit<Article>>;
  totalHits: number;
  facetDistribution: Record<string, Record<string, number>>;
  facetStats: FacetStats;
}

/** The planned searches of a search's matches, restrictions resolved with `client`. */
export async function matchSearches(client: Meilisearch, indexUid: string, params: SearchParams): Promise<PlannedSearch[]> {
  const resolve = restrictionResolver(async (restriction) => {
    const response = await callMeili('search', () => client.index(indexUid).search(restriction.q, restrictionParams(restriction)));
    return restrictionIds(restriction, response.hits as Array<{ id: string }>, response.estimatedTotalHits ?? response.hits.length);
  });
  const [query] = await resolveQueries([planSearch({ ...params, facets: [] }).queries[0]!], resolve);
  return query!.searches;
}

/** The hits wanted; a federated search knows only limit/offset (its total is an estimate, as /api/search's). */
function window(extra: Extra, federated = false): Record<string, number> {
  if (extra.page !== undefined || extra.hitsPerPage !== undefined) {
    const page = extra.page ?? 1;
    const size = extra.hitsPerPage ?? 0;
    return federated ? { limit: size, offset: (page - 1) * size } : { page, hitsPerPage: size };
  }
  return { limit: extra.limit ?? 0, offset: extra.offset ?? 0 };
}

function one(indexUid: string, search: PlannedSearch, extra: Extra): MultiSearchQuery {
  const query: MultiSearchQuery = { indexUid, ...searchParams(search), filter: [...search.filter, ...(extra.filter ?? [])] };
  if (extra.sort) query.sort = extra.sort;
  if (extra.attributesToRetrieve) query.attributesToRetrieve = extra.attributesToRetrieve;
  return query;
}

function toAnswer(result: {
  hits: Array<Hit<Article>>;
  totalHits?: number;
  estimatedTotalHits?: number;
  facetDistribution?: Record<string, Record<string, number>>;
  facetStats?: FacetStats;
}): MatchAnswer {
  return {
    hits: result.hits,
    totalHits: result.totalHits ?? result.estimatedTotalHits ?? 0,
    facetDistribution: result.facetDistribution ?? {},
    facetStats: result.facetStats ?? {},
  };
}

/** Sends match requests: the simple ones in one multi-search, each union as a federated search beside it. */
export async function sendMatches(
  client: Meilisearch,
  indexUid: string,
  what: string,
  requests: readonly MatchRequest[],
): Promise<MatchAnswer[]> {
  const planned = await Promise.all(requests.map((r) => matchSearches(client, indexUid, r.params)));
  const simple: MultiSearchQuery[] = [];
  const unions: Array<Promise<MatchAnswer>> = [];
  const where: Array<{ simple: number } | { union: number }> = [];
  requests.forEach((request, i) => {
    const extra = request.extra ?? {};
    const searches = planned[i]!;
    if (searches.length === 1) {
      const query = { ...one(indexUid, searches[0]!, extra), ...window(extra) };
      if (extra.facets?.length) query.facets = extra.facets;
      where.push({ simple: simple.push(query) - 1 });
      return;
    }
    const queries: MultiSearchQueryWithFederation[] = searches.map((s) => one(indexUid, s, extra));
    const facets = extra.facets?.length
      ? { facetsByIndex: { [indexUid]: extra.facets }, mergeFacets: { maxValuesPerFacet: MAX_VALUES_PER_FACET } }
      : {};
    const body = { federation: { ...window(extra, true), ...facets }, queries };
    where.push({
      union: unions.push(callMeili(what, () => client.multiSearch<typeof body, Article>(body)).then((r) => toAnswer(r as never))) - 1,
    });
  });
  const [multi, federated] = await Promise.all([
    simple.length
      ? callMeili(what, () => client.multiSearch<{ queries: MultiSearchQuery[] }, Article>({ queries: simple }))
      : { results: [] },
    Promise.all(unions),
  ]);
  return where.map((w) => ('simple' in w ? toAnswer(multi.results[w.simple]!) : federated[w.union]!));
}

/** Sends plain queries (not of a search: e.g. counts over the whole archive) in one multi-search. */
export async function sendQueries(
  client: Meilisearch,
  what: string,
  queries: MultiSearchQuery[],
): Promise<Array<MultiSearchResult<Article>>> {
  const { results } = await callMeili(what, () => client.multiSearch<{ queries: MultiSearchQuery[] }, Article>({ queries }));
  return results;
}
