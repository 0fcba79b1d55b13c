/**
 * The Searcher over a sharded Meilisearch cluster: it sends what the planner (plan.ts) plans,
 * each planned query as one federated multi-search of its searches on every remote
 * (`federationOptions.remote`), whose hits Meilisearch merges by the full ranking (score, then
 * sort and custom rules) and whose facet counts it sums (`facetsByIndex` + `mergeFacets`;
 * shards keep every facet value, see SHARD_MAX_VALUES_PER_FACET). The planned queries of a
 * search are sent in parallel; facet-value search, which Meilisearch does not federate, is
 * fanned out to every node's shard and summed here, and spellings that Meilisearch counts as
 * one value are joined.
 *
 * A node that does not answer is named in `missingNodes` with `partial: true`, or the search
 * fails with LedeError `search_unavailable` (HTTP 503) when partial results are refused. A node that is
 * up but hung is left out by its circuit breaker (src/meili/circuit-breaker.ts) until it answers
 * /health again.
 */
import type { FacetHit, Meilisearch, MultiSearchQueryWithFederation, SearchParams as MeiliParams, SearchResponse } from 'meilisearch';
import type { Article } from '../article.ts';
import { createClusterBreakers, NodesOpenedError, type BreakerOptions, type ClusterBreakers } from '../meili/circuit-breaker.ts';
import { createMeiliClient } from '../meili/client.ts';
import { SHARD_MAX_VALUES_PER_FACET, type ClusterSetup } from '../meili/cluster.ts';
import { isHealthy } from '../meili/health.ts';
import { meiliErrorInfo } from '../meili/http-client.ts';
import { MAX_VALUES_PER_FACET, desiredSettings } from '../meili/settings.ts';
import { LedeError } from '../errors.ts';
import { assembleFacetValues, facetSearchParams, planFacetValueCounts, planFacetValues } from './facet-values.ts';
import { quote } from './filters.ts';
import { callMeili } from './meili-call.ts';
import { FILTER_FIELDS, type FacetValuesParams, type FilterName, type SearchParams, type TimelineParams } from './params.ts';
import {
  HIT_DISPLAY,
  collapseMerged,
  federationWindow,
  searchParams,
  assembleSearch,
  completeTimeline,
  firstTimelineAnswers,
  planDuplicateCounts,
  planSearch,
  planTimeline,
  timelinePartQueries,
  RESTRICTION_LIMIT,
  resolveQueries,
  restrictionIds,
  restrictionParams,
  restrictionResolver,
  type PlannedQuery,
  type RawAnswer,
} from './plan.ts';
import type { FacetCount, SearchOptions, SearchResult, Searcher } from './result.ts';
import type { Timeline } from './timeline.ts';
import { finishTimeline } from './timeline-plan.ts';

/** One node of the cluster as the search service reaches it. */
export interface FederatedNode {
  /** Its name in the Meilisearch network (the `remote` of federated queries). */
  name: string;
  url: string;
  /** A search-only client for this node. */
  client: Meilisearch;
}

export interface FederatedOptions {
  nodes: FederatedNode[];
  index: string;
  /** Answer with the nodes that are up (`partial: true`) instead of failing. Default: true. */
  allowPartial?: boolean;
  /** `/health` timeout per node for nodeStates(), in ms. Default: 1,000. */
  healthTimeoutMs?: number;
  /** Circuit breakers of the nodes (hung-node detection). Default: createClusterBreakers(nodes, breaker). */
  breakers?: ClusterBreakers;
  /** Options of the default breakers. */
  breaker?: BreakerOptions;
  /** A transport to share (its nodes, index, breakers and partial setting are used instead of the ones above). */
  transport?: FederatedTransport;
}

/** Whether an answer covers every shard. */
export interface Completeness {
  partial: boolean;
  /** Nodes whose shard is missing from the answer. */
  missingNodes: string[];
}

export interface NodeState {
  name: string;
  url: string;
  status: 'up' | 'down';
}

export interface ClusterHealth {
  /** The service can answer (every node up, or some up when partial answers are allowed). */
  up: boolean;
  /** Some node is down. */
  degraded: boolean;
  nodes: NodeState[];
}

export interface FederatedSearcher extends Searcher {
  search(params: SearchParams, options?: SearchOptions): Promise<SearchResult & Completeness>;
  timeline(params: TimelineParams): Promise<Timeline & Completeness>;
  /** Node states from each node's /health. */
  health(): Promise<ClusterHealth>;
}

/** Completeness of facet values (an array cannot carry the flags itself). */
const facetCompleteness = new WeakMap<object, Completeness>();

/** The completeness recorded for a result of a FederatedSearcher, if it is one. */
export function completenessOf(result: object): Completeness | undefined {
  return facetCompleteness.get(result);
}

/** Meilisearch's facet value identity: trimmed, NFKD, lower case. */
const facetKey = (value: string) => value.trim().normalize('NFKD').toLowerCase();

/**
 * Joins spellings that Meilisearch counts as one value ("Conservative Party" and "Conservative
 * party" on two shards). A single node shows the spelling it indexed first, which the shards
 * cannot know: the most frequent spelling is shown (then the first in code-point order).
 */
export function joinSpellings(distribution: Record<string, number> | undefined): Record<string, number> | undefined {
  if (!distribution) return distribution;
  const groups = new Map<string, Array<[string, number]>>();
  for (const entry of Object.entries(distribution)) {
    const key = facetKey(entry[0]);
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  if (groups.size === Object.keys(distribution).length) return distribution;
  const joined: Record<string, number> = {};
  for (const spellings of groups.values()) {
    spellings.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    joined[spellings[0]![0]] = spellings.reduce((sum, [, count]) => sum + count, 0);
  }
  return joined;
}

export interface Federated {
  response: SearchResponse<Article>;
  missing: string[];
}

/** The window and facets of one federated search. */
export interface FederationWindow {
  limit: number;
  offset?: number;
  facets?: string[] | undefined;
}

/**
 * What the searcher and the analyses (src/analysis/cluster-backend.ts) share to reach the
 * shards: one federated multi-search over every node, facet-value search fanned out to every
 * node and summed, the circuit breakers, and the completeness of answers.
 */
export interface FederatedTransport {
  readonly nodes: readonly FederatedNode[];
  readonly index: string;
  /** The index's pagination.maxTotalHits (a federated total is capped there, as a single node's). */
  readonly maxTotalHits: number;
  /** Answers with the nodes that are up (`partial: true`) instead of failing. */
  readonly allowPartial: boolean;
  /** One federated multi-search of every search on every node (spellings joined in the facet counts). */
  federated(what: string, query: MeiliParams | MeiliParams[], federation: FederationWindow): Promise<Federated>;
  /** Each facet search on every node, counts summed per value (spellings joined); and the nodes that did not answer. */
  facetSearch(what: string, requests: FacetSearchRequest[]): Promise<{ hits: FacetHit[][]; missing: string[] }>;
  /**
   * Completeness over several answers; throws `search_unavailable` when a node is missing and
   * partial answers are refused (by the options, or by `strict`).
   */
  completeness(parts: Federated[] | string[][], strict?: boolean): Completeness;
}

/** A facet search's parameters, without the index. */
export type FacetSearchRequest = Parameters<ReturnType<Meilisearch['index']>['searchForFacetValues']>[0];

export function createFederatedTransport(options: FederatedOptions): FederatedTransport {
  const { nodes, index } = options;
  if (nodes.length === 0) throw new TypeError('Expected `nodes` to list at least one cluster node, got none.');
  const allowPartial = options.allowPartial ?? true;
  const maxTotalHits = desiredSettings().pagination?.maxTotalHits ?? 1000;
  let next = 0;
  const breakers = options.breakers ?? createClusterBreakers(nodes, options.breaker);

  /**
   * One federated multi-search of every search on the nodes whose circuit is closed, sent to the
   * first that answers (round robin start); resent without a node found hung while it waited.
   */
  async function federated(what: string, query: MeiliParams | MeiliParams[], federation: FederationWindow): Promise<Federated> {
    const { live, open } = breakers.partition(nodes);
    const queries: MultiSearchQueryWithFederation[] = (Array.isArray(query) ? query : [query]).flatMap((one) =>
      live.map((node) => ({ ...one, indexUid: index, federationOptions: { weight: 1, remote: node.name } })),
    );
    const facets = federation.facets?.length ? federation.facets : undefined;
    const body = {
      federation: {
        limit: federation.limit,
        offset: federation.offset ?? 0,
        ...(facets ? { facetsByIndex: { [index]: facets }, mergeFacets: { maxValuesPerFacet: SHARD_MAX_VALUES_PER_FACET } } : {}),
      },
      queries,
    };
    const start = next++ % Math.max(1, live.length);
    const unreachable: string[] = [...open];
    return callMeili(what, async () => {
      for (let i = 0; i < live.length; i++) {
        const node = live[(start + i) % live.length]!;
        try {
          const response = await breakers.watch((signal) => node.client.multiSearch<typeof body, Article>(body, { signal }));
          const remoteErrors = (response as { remoteErrors?: Record<string, unknown> }).remoteErrors ?? {};
          for (const [field, values] of Object.entries(response.facetDistribution ?? {})) {
            response.facetDistribution![field] = joinSpellings(values)!;
          }
          return { response, missing: [...new Set([...unreachable, ...Object.keys(remoteErrors)])] };
        } catch (error) {
          if (error instanceof NodesOpenedError) return federated(what, query, federation);
          if (meiliErrorInfo(error).status !== undefined) throw error;
          unreachable.push(node.name);
        }
      }
      throw new LedeError('search_unavailable', `No node of the cluster answers (${nodes.map((n) => n.name).join(', ')}).`);
    });
  }

  function completeness(parts: Federated[] | string[][], strict = false): Completeness {
    const names = new Set<string>();
    for (const part of parts) for (const name of Array.isArray(part) ? part : part.missing) names.add(name);
    const missingNodes = nodes.map((n) => n.name).filter((name) => names.has(name));
    if (missingNodes.length && (strict || !allowPartial)) {
      throw new LedeError(
        'search_unavailable',
        strict
          ? `cluster node(s) ${missingNodes.join(', ')} do not answer, and this answer needs every shard.`
          : `cluster node(s) ${missingNodes.join(', ')} do not answer, and partial results are turned off (LEDE_ALLOW_PARTIAL=false).`,
      );
    }
    return { partial: missingNodes.length > 0, missingNodes };
  }

  async function facetSearch(what: string, requests: FacetSearchRequest[]): Promise<{ hits: FacetHit[][]; missing: string[] }> {
    const { live, open } = breakers.partition(nodes);
    const settled = await Promise.allSettled(
      live.map((node) =>
        breakers.watch(
          (signal) =>
            Promise.all(
              requests.map(async (request) => (await node.client.index(index).searchForFacetValues(request, { signal })).facetHits),
            ),
          [node.name],
        ),
      ),
    );
    const counts = requests.map(() => new Map<string, number>());
    const missing: string[] = [...open];
    await callMeili(what, async () => {
      settled.forEach((outcome, i) => {
        if (outcome.status === 'fulfilled') {
          outcome.value.forEach((hits, r) => {
            for (const hit of hits) counts[r]!.set(hit.value, (counts[r]!.get(hit.value) ?? 0) + hit.count);
          });
        } else if (outcome.reason instanceof NodesOpenedError || meiliErrorInfo(outcome.reason).status === undefined) {
          missing.push(live[i]!.name);
        } else {
          throw outcome.reason;
        }
      });
      if (missing.length === nodes.length) throw new LedeError('search_unavailable', 'No node of the cluster answers.');
    });
    const hits = counts.map((map) => Object.entries(joinSpellings(Object.fromEntries(map))!).map(([value, count]) => ({ value, count })));
    return { hits, missing };
  }

  return { nodes, index, maxTotalHits, allowPartial, federated, facetSearch, completeness };
}

export function createFederatedSearcher(options: FederatedOptions): FederatedSearcher {
  const transport = options.transport ?? createFederatedTransport(options);
  const { nodes, maxTotalHits, allowPartial, federated, completeness } = transport;

  /** A planned query as federated-search parameters (one per search) and the federation's window and facets. */
  function toFederated(query: PlannedQuery): { params: MeiliParams[]; federation: { limit: number; offset: number; facets: string[] } } {
    const hits = query.hits;
    const params = query.searches.map((search) => {
      const one = searchParams(search);
      if (hits) Object.assign(one, HIT_DISPLAY);
      if (query.sort) one.sort = query.sort;
      // Federation has no `distinct` in 1.21: each shard collapses its own copies, and the merged
      // list is collapsed again (collapseMerged), so enough hits are fetched to fill the page after that.
      if (hits?.distinct) one.distinct = hits.distinct;
      return one;
    });
    return { params, federation: { ...federationWindow(hits, params.length * nodes.length, maxTotalHits), facets: query.facets } };
  }

  function toRawAnswer(response: SearchResponse<Article>): RawAnswer {
    return {
      hits: response.hits,
      totalHits: Math.min(response.estimatedTotalHits ?? 0, maxTotalHits),
      facetDistribution: response.facetDistribution,
      processingTimeMs: response.processingTimeMs,
    };
  }

  async function send(what: string, queries: PlannedQuery[]): Promise<Federated[]> {
    return Promise.all(
      queries.map((query) => {
        const { params, federation } = toFederated(query);
        return federated(what, params, federation);
      }),
    );
  }

  /** A resolver of `title:` restrictions for one request (each restriction one federated search). */
  function resolver() {
    return restrictionResolver(async (restriction) => {
      const { limit, ...params } = restrictionParams(restriction);
      const { response } = await federated('search', params, { limit: limit ?? RESTRICTION_LIMIT });
      return restrictionIds(restriction, response.hits, response.estimatedTotalHits ?? response.hits.length);
    });
  }

  async function search(params: SearchParams, opts: SearchOptions = {}): Promise<SearchResult & Completeness> {
    // Shards keep every facet value (SHARD_MAX_VALUES_PER_FACET): no facet answer is cut.
    const plan = planSearch(params, opts, { truncatedAt: SHARD_MAX_VALUES_PER_FACET });
    const resolve = resolver();
    plan.queries = await resolveQueries(plan.queries, resolve);
    const sent = await send('search', plan.queries);
    const answers = sent.map((s) => toRawAnswer(s.response));
    if (plan.clusters !== undefined) answers[0] = collapseMerged(plan, answers, SHARD_MAX_VALUES_PER_FACET, maxTotalHits);
    const followUp = planDuplicateCounts(plan, answers, SHARD_MAX_VALUES_PER_FACET);
    const later: Federated[] = [];
    const sendMore = async (queries: PlannedQuery[]) => {
      const more = await send('search', await resolveQueries(queries, resolve));
      later.push(...more);
      return more.map((m) => toRawAnswer(m.response));
    };
    const [extra, progress] = await Promise.all([
      followUp ? sendMore([followUp]) : [],
      plan.timelineRun
        ? completeTimeline(plan.timelineRun, firstTimelineAnswers(plan, answers), SHARD_MAX_VALUES_PER_FACET, sendMore)
        : undefined,
    ]);
    const result = assembleSearch(plan, answers, extra[0], progress ? { timeline: progress } : {});
    return { ...result, ...completeness([...sent, ...later]) };
  }

  async function timeline(params: TimelineParams): Promise<Timeline & Completeness> {
    const resolve = resolver();
    const run = planTimeline(params, { truncatedAt: SHARD_MAX_VALUES_PER_FACET });
    const sent = await send('timeline', await resolveQueries(timelinePartQueries(run), resolve));
    const later: Federated[] = [];
    const progress = await completeTimeline(
      run,
      sent.map((s) => s.response.facetDistribution),
      SHARD_MAX_VALUES_PER_FACET,
      async (queries) => {
        const more = await send('timeline', await resolveQueries(queries, resolve));
        later.push(...more);
        return more.map((m) => toRawAnswer(m.response));
      },
    );
    return { ...finishTimeline(progress), ...completeness([...sent, ...later]) };
  }

  /** Facet search is not federated by Meilisearch: each planned search goes to every shard, counts are summed per value. */
  async function facetValues(facet: FilterName, params: FacetValuesParams): Promise<FacetCount[]> {
    const resolve = resolver();
    const requests = await Promise.all(planFacetValues(facet, params).map(async (p) => ({ ...p, search: await resolve(p.search) })));
    const countQuery = planFacetValueCounts(facet, params);
    const [counted, fanned] = await Promise.all([
      countQuery ? send('facet search', await resolveQueries([countQuery], resolve)) : [],
      transport.facetSearch('facet search', requests.map(facetSearchParams)),
    ]);
    const status = completeness([fanned.missing, ...counted.map((c) => c.missing)]);
    const values = assembleFacetValues(facet, params, requests, fanned.hits, {
      limit: MAX_VALUES_PER_FACET,
      counts: counted[0]?.response.facetDistribution?.[FILTER_FIELDS[facet]],
    });
    facetCompleteness.set(values, status);
    return values;
  }

  async function article(id: string): Promise<Article> {
    const answer = await federated('article lookup', { q: '', filter: [`id = ${quote(id)}`] }, { limit: 1 });
    const found = answer.response.hits[0];
    if (!found) {
      const status = completeness([answer]);
      if (status.partial) {
        throw new LedeError(
          'search_unavailable',
          `article "${id}" may be on cluster node(s) ${status.missingNodes.join(', ')}, which do not answer.`,
        );
      }
      throw new LedeError('not_found', `No article with id "${id}".`);
    }
    const { _formatted: _f, _matchesPosition: _m, _rankingScore: _r, _federation: _d, ...rest } = found;
    return rest as Article;
  }

  async function health(): Promise<ClusterHealth> {
    const states = await Promise.all(
      nodes.map(
        async (node): Promise<NodeState> => ({
          name: node.name,
          url: node.url,
          status: (await isHealthy(node.url, options.healthTimeoutMs ?? 1000)) ? 'up' : 'down',
        }),
      ),
    );
    const upCount = states.filter((s) => s.status === 'up').length;
    return {
      up: allowPartial ? upCount > 0 : upCount === nodes.length,
      degraded: upCount < nodes.length,
      nodes: states,
    };
  }

  return { search, timeline, facetValues, article, health };
}

/** The transport over a cluster that setupCluster() prepared: search-only clients per node. */
export function federatedTransportFor(
  setup: ClusterSetup,
  index: string,
  options: { allowPartial?: boolean | undefined; timeoutMs?: number } = {},
): FederatedTransport {
  return createFederatedTransport({
    index,
    allowPartial: options.allowPartial,
    nodes: setup.nodes.map((node) => ({
      name: node.name,
      url: node.url,
      client: createMeiliClient(node.url, node.searchKey, options.timeoutMs ?? 5_000),
    })),
  });
}

/** The federated searcher of a cluster that setupCluster() prepared (over `transport` when given, to share its breakers). */
export function federatedSearcherFor(
  setup: ClusterSetup,
  index: string,
  options: { allowPartial?: boolean | undefined; timeoutMs?: number; transport?: FederatedTransport } = {},
): FederatedSearcher {
  return createFederatedSearcher({ transport: options.transport ?? federatedTransportFor(setup, index, options), nodes: [], index });
}
