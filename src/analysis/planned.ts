/**
 * Queries built on the search planner: what a search matches (its planned searches, `title:`
 * restrictions resolved, as plan.ts plans them), plus what an analysis adds (an entity filter,
 * facet counts and stats, an `indexedTs` window, a sort). A search of one planned search is one
 * query of a shared multi-search; a search whose query ORs words (several planned searches) is
 * one federated search, counting each document once. Entities, batch search, alerts and the
 * saved-search page use it, so they select exactly the articles /api/search would.
 *
 * They send their queries through a MatchBackend, the one place they reach Meilisearch: one node
 * (singleNodeBackend, here) or a sharded cluster (clusterBackend, cluster-backend.ts), which
 * answer alike (counts summed over shards, facet values merged).
 */
import type {
  FacetHit,
  FacetStats,
  Hit,
  Meilisearch,
  MultiSearchQuery,
  MultiSearchQueryWithFederation,
  SearchParams as MeiliParams,
} from 'meilisearch';
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
import { MAX_VALUES_PER_FACET } from '../meili/settings.ts';
import type { FacetSearchRequest } from '../search/federated.ts';

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

/** One search that is not a search's matches (a scan, a read by id, a `title:` restriction): hits and total. */
export interface SearchAnswer {
  hits: Array<Hit<Article>>;
  totalHits: number;
}

/** Meilisearch search parameters with the query; `limit`/`offset` or `page`/`hitsPerPage` for the hits. */
export type PlainQuery = MeiliParams & { q: string };

/** Where the analyses send their queries: one Meilisearch node, or every shard of a cluster. */
export interface MatchBackend {
  /** The articles index. */
  readonly index: string;
  /** One search, e.g. `{ q: '', filter, sort, limit }`. */
  search(what: string, query: PlainQuery): Promise<SearchAnswer>;
  /** Match requests: what searches match, plus the request's extra (see Extra). */
  sendMatches(what: string, requests: readonly MatchRequest[]): Promise<MatchAnswer[]>;
  /** Plain queries (not of a search: e.g. counts over the whole archive). */
  sendQueries(what: string, queries: readonly PlainQuery[]): Promise<MatchAnswer[]>;
  /** Facet-value search (counts over the whole archive, or over `q` + `filter`). */
  facetValues(what: string, request: FacetSearchRequest): Promise<FacetHit[]>;
}

/** The planned searches of a search's matches, `title:` restrictions resolved through `backend`. */
export async function matchSearches(backend: Pick<MatchBackend, 'search'>, params: SearchParams): Promise<PlannedSearch[]> {
  const resolve = restrictionResolver(async (restriction) => {
    const response = await backend.search('search', { ...restrictionParams(restriction), q: restriction.q });
    return restrictionIds(restriction, response.hits as Array<{ id: string }>, response.totalHits);
  });
  const [query] = await resolveQueries([planSearch({ ...params, facets: [] }).queries[0]!], resolve);
  return query!.searches;
}

/** The hits wanted; a federated search knows only limit/offset (its total is an estimate, as /api/search's). */
export function window(extra: Extra, federated = false): Record<string, number> {
  if (extra.page !== undefined || extra.hitsPerPage !== undefined) {
    const page = extra.page ?? 1;
    const size = extra.hitsPerPage ?? 0;
    return federated ? { limit: size, offset: (page - 1) * size } : { page, hitsPerPage: size };
  }
  return { limit: extra.limit ?? 0, offset: extra.offset ?? 0 };
}

/** One planned search with what the request adds (not its window nor its facets). */
export function matchQuery(indexUid: string, search: PlannedSearch, extra: Extra): MultiSearchQuery {
  const query: MultiSearchQuery = { indexUid, ...searchParams(search), filter: [...search.filter, ...(extra.filter ?? [])] };
  if (extra.sort) query.sort = extra.sort;
  if (extra.attributesToRetrieve) query.attributesToRetrieve = extra.attributesToRetrieve;
  return query;
}

export function toAnswer(result: {
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

/**
 * The backend of one Meilisearch node: match requests of one planned search go in one
 * multi-search, each union as a federated search beside it.
 */
export function singleNodeBackend(client: Meilisearch, indexUid: string): MatchBackend {
  const backend: MatchBackend = {
    index: indexUid,
    async search(what, { q, ...params }) {
      const response = await callMeili(what, () => client.index(indexUid).search<Article>(q, params));
      return toAnswer(response);
    },
    async sendMatches(what, requests) {
      const planned = await Promise.all(requests.map((r) => matchSearches(backend, r.params)));
      const simple: MultiSearchQuery[] = [];
      const unions: Array<Promise<MatchAnswer>> = [];
      const where: Array<{ simple: number } | { union: number }> = [];
      requests.forEach((request, i) => {
        const extra = request.extra ?? {};
        const searches = planned[i]!;
        if (searches.length === 1) {
          const query = { ...matchQuery(indexUid, searches[0]!, extra), ...window(extra) };
          if (extra.facets?.length) query.facets = extra.facets;
          where.push({ simple: simple.push(query) - 1 });
          return;
        }
        const queries: MultiSearchQueryWithFederation[] = searches.map((s) => matchQuery(indexUid, s, extra));
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
    },
    async sendQueries(what, queries) {
      const { results } = await callMeili(what, () =>
        client.multiSearch<{ queries: MultiSearchQuery[] }, Article>({ queries: queries.map((query) => ({ ...query, indexUid })) }),
      );
      return results.map(toAnswer);
    },
    async facetValues(what, request) {
      return (await callMeili(what, () => client.index(indexUid).searchForFacetValues(request))).facetHits;
    },
  };
  return backend;
}
