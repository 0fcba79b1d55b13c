/**
 * The MatchBackend of a sharded cluster: entity profiles, batch search, alerts and the
 * saved-search page get the answers a single node holding every article would give. Each query
 * (each match request, with all its planned searches) is one federated multi-search over every
 * node's shard through the searcher's transport (src/search/federated.ts: `federationOptions.remote`,
 * facet counts merged by Meilisearch with every shard value kept, spellings joined, circuit
 * breakers); facet-value search, which Meilisearch does not federate, is fanned out and summed.
 *
 * Federation knows only `limit`/`offset` and an estimated total (capped at maxTotalHits, as a
 * single node's); `page`/`hitsPerPage` become that window. Facet counts are not cut at the
 * single node's maxValuesPerFacet: every value comes with its exact count.
 *
 * None of these answers has a way to say it is partial (a CSV row, a profile, an alert round
 * that would move its checkpoint past a shard's articles), so every one needs every shard: a
 * node that does not answer makes them fail with `search_unavailable` (HTTP 503), whatever
 * LEDE_ALLOW_PARTIAL says.
 */
import type { Meilisearch, SearchParams as MeiliParams } from 'meilisearch';
import type { ClusterSetup } from '../meili/cluster.ts';
import { federatedTransportFor, type FederatedTransport, type FederationWindow } from '../search/federated.ts';
import {
  type Extra,
  type MatchAnswer,
  type MatchBackend,
  matchQuery,
  matchSearches,
  singleNodeBackend,
  toAnswer,
  window,
} from './planned.ts';

/** A query's parameters without its window and facets, and the federation's window and facets. */
export function splitWindow(query: MeiliParams): { params: MeiliParams; federation: FederationWindow } {
  const { limit, offset, page, hitsPerPage, facets, ...params } = query;
  const extra: Extra = {};
  if (page !== undefined && page !== null) extra.page = page;
  if (hitsPerPage !== undefined && hitsPerPage !== null) extra.hitsPerPage = hitsPerPage;
  if (limit !== undefined && limit !== null) extra.limit = limit;
  if (offset !== undefined && offset !== null) extra.offset = offset;
  // A single node's default window is 20 hits.
  const { limit: l, offset: o } =
    extra.page === undefined && extra.hitsPerPage === undefined && extra.limit === undefined
      ? { limit: 20, offset: extra.offset ?? 0 }
      : window(extra, true);
  return { params, federation: { limit: l ?? 0, offset: o ?? 0, facets: facets ?? undefined } };
}

export function clusterBackend(transport: FederatedTransport): MatchBackend {
  const { index, maxTotalHits } = transport;

  /** One federated search over every shard; every shard must answer. */
  async function federated(what: string, params: MeiliParams[], federation: FederationWindow): Promise<MatchAnswer> {
    const answer = await transport.federated(what, params, federation);
    transport.completeness([answer], true);
    const { estimatedTotalHits, ...rest } = answer.response;
    return toAnswer({ ...rest, totalHits: Math.min(estimatedTotalHits ?? 0, maxTotalHits) });
  }

  const backend: MatchBackend = {
    index,
    async search(what, query) {
      const { params, federation } = splitWindow(query);
      const { hits, totalHits } = await federated(what, [params], federation);
      return { hits, totalHits };
    },
    async sendMatches(what, requests) {
      return Promise.all(
        requests.map(async (request) => {
          const extra = request.extra ?? {};
          const searches = await matchSearches(backend, request.params);
          const { limit = 0, offset = 0 } = window(extra, true);
          return federated(
            what,
            searches.map((search) => matchQuery(index, search, extra)),
            { limit, offset, facets: extra.facets },
          );
        }),
      );
    },
    async sendQueries(what, queries) {
      return Promise.all(
        queries.map((query) => {
          const { params, federation } = splitWindow(query);
          return federated(what, [params], federation);
        }),
      );
    },
    async facetValues(what, request) {
      const { hits, missing } = await transport.facetSearch(what, [request]);
      transport.completeness([missing], true);
      return hits[0]!;
    },
  };
  return backend;
}

/** The backend for a connection: every shard of its cluster (search-only keys per node), else its one node. */
export function backendFor(
  connection: { admin: Meilisearch; cluster?: ClusterSetup | undefined },
  index: string,
  options: { transport?: FederatedTransport } = {},
): MatchBackend {
  if (!connection.cluster) return singleNodeBackend(connection.admin, index);
  return clusterBackend(options.transport ?? federatedTransportFor(connection.cluster, index));
}
