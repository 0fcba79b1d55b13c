/**
 * The Searcher over a sharded Meilisearch cluster: every search is a federated multi-search
 * (one query per remote, `federationOptions.remote`) whose hits Meilisearch merges by the full
 * ranking (score, then sort and custom rules) and whose facet counts it sums (`facetsByIndex` +
 * `mergeFacets`; shards keep every facet value, see SHARD_MAX_VALUES_PER_FACET). Disjunctive counts, the timeline and the cluster counts are federated
 * count-only searches sent in parallel; facet-value search, which Meilisearch does not
 * federate, is fanned out to every node's shard and summed here.
 *
 * A node that does not answer is named in `missingNodes` with `partial: true`, or the search
 * fails with LedeError `search_unavailable` (HTTP 503) when partial results are refused.
 */
import type { Meilisearch, MultiSearchQueryWithFederation, SearchParams as MeiliParams, SearchResponse } from 'meilisearch';
import type { Article } from '../article.ts';
import { createMeiliClient } from '../meili/client.ts';
import { SHARD_MAX_VALUES_PER_FACET, type ClusterSetup } from '../meili/cluster.ts';
import { isHealthy } from '../meili/health.ts';
import { meiliErrorInfo } from '../meili/http-client.ts';
import { desiredSettings } from '../meili/settings.ts';
import { LedeError } from '../errors.ts';
import { buildFilter, quote } from './filters.ts';
import { toSearchHit, type SearchHit } from './hits.ts';
import { callMeili } from './meili-call.ts';
import { FILTER_FIELDS, FILTER_NAMES, type FacetValuesParams, type FilterName, type SearchParams, type TimelineParams } from './params.ts';
import {
  HIT_DISPLAY,
  SORT_RULES,
  facetCounts,
  filterInput,
  type FacetCount,
  type SearchOptions,
  type SearchResult,
  type Searcher,
} from './query.ts';
import { PERIOD_FIELDS, timelineFromFacets, type Timeline } from './timeline.ts';

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

interface Federated {
  response: SearchResponse<Article>;
  missing: string[];
}

const PERIOD_FACETS = Object.values(PERIOD_FIELDS);

export function createFederatedSearcher(options: FederatedOptions): FederatedSearcher {
  const { nodes, index } = options;
  if (nodes.length === 0) throw new TypeError('Expected `nodes` to list at least one cluster node, got none.');
  const allowPartial = options.allowPartial ?? true;
  const settings = desiredSettings();
  const maxValuesPerFacet = settings.faceting?.maxValuesPerFacet ?? 100;
  const maxTotalHits = settings.pagination?.maxTotalHits ?? 1000;
  let next = 0;

  /** One federated multi-search, sent to the first node that answers (round robin start). */
  async function federated(what: string, query: MeiliParams, federation: { limit: number; offset?: number; facets?: string[] }): Promise<Federated> {
    const queries: MultiSearchQueryWithFederation[] = nodes.map((node) => ({
      ...query,
      indexUid: index,
      federationOptions: { weight: 1, remote: node.name },
    }));
    const facets = federation.facets?.length ? federation.facets : undefined;
    const body = {
      federation: {
        limit: federation.limit,
        offset: federation.offset ?? 0,
        ...(facets ? { facetsByIndex: { [index]: facets }, mergeFacets: { maxValuesPerFacet: SHARD_MAX_VALUES_PER_FACET } } : {}),
      },
      queries,
    };
    const start = next++ % nodes.length;
    const unreachable: string[] = [];
    return callMeili(what, async () => {
      for (let i = 0; i < nodes.length; i++) {
        const node = nodes[(start + i) % nodes.length]!;
        try {
          const response = await node.client.multiSearch<typeof body, Article>(body);
          const remoteErrors = (response as { remoteErrors?: Record<string, unknown> }).remoteErrors ?? {};
          for (const [field, values] of Object.entries(response.facetDistribution ?? {})) {
            response.facetDistribution![field] = joinSpellings(values)!;
          }
          return { response, missing: [...new Set([...unreachable, ...Object.keys(remoteErrors)])] };
        } catch (error) {
          if (meiliErrorInfo(error).status !== undefined) throw error;
          unreachable.push(node.name);
        }
      }
      throw new LedeError('search_unavailable', `No node of the cluster answers (${nodes.map((n) => n.name).join(', ')}).`);
    });
  }

  /** Completeness over several answers; throws when partial answers are refused. */
  function completeness(parts: Federated[] | string[][]): Completeness {
    const names = new Set<string>();
    for (const part of parts) for (const name of Array.isArray(part) ? part : part.missing) names.add(name);
    const missingNodes = nodes.map((n) => n.name).filter((name) => names.has(name));
    if (missingNodes.length && !allowPartial) {
      throw new LedeError('search_unavailable', 
        `cluster node(s) ${missingNodes.join(', ')} do not answer, and partial results are turned off (LEDE_ALLOW_PARTIAL=false).`,
      );
    }
    return { partial: missingNodes.length > 0, missingNodes };
  }

  function timelineFrom(result: SearchResponse<Article>, interval: TimelineParams['interval']): Timeline {
    return timelineFromFacets(result.facetDistribution, interval);
  }

  async function search(params: SearchParams, opts: SearchOptions = {}): Promise<SearchResult & Completeness> {
    const input = filterInput(params);
    const requested = params.facets ?? FILTER_NAMES;
    const filtered = requested.filter((name) => (params[name]?.length ?? 0) > 0);
    const unfiltered = requested.filter((name) => !filtered.includes(name));
    const filter = buildFilter(input);
    const offset = (params.page - 1) * params.hitsPerPage;

    const main: MeiliParams = { q: params.q, filter, ...HIT_DISPLAY };
    const sort = SORT_RULES[params.sort];
    if (sort) main.sort = sort;
    // Federation has no `distinct` in 1.21: each shard collapses its own copies, and the merged
    // list is collapsed again here, so enough hits are fetched to fill the page after that.
    if (params.collapse) main.distinct = 'cluster';
    const window = params.collapse
      ? { limit: Math.min(offset + params.hitsPerPage, maxTotalHits) * nodes.length, offset: 0 }
      : { limit: params.hitsPerPage, offset };

    const pending: Array<Promise<Federated>> = [
      federated('search', main, { ...window, facets: unfiltered.map((name) => FILTER_FIELDS[name]) }),
    ];
    for (const name of filtered) {
      pending.push(federated('search', { q: params.q, filter: buildFilter(input, { except: name }) }, { limit: 0, facets: [FILTER_FIELDS[name]] }));
    }
    const timelineAt = opts.timeline
      ? pending.push(federated('search', { q: params.q, filter: buildFilter(input, { withoutDates: true }) }, { limit: 0, facets: PERIOD_FACETS })) - 1
      : -1;
    const clustersAt = params.collapse ? pending.push(federated('search', { q: params.q, filter }, { limit: 0, facets: ['cluster'] })) - 1 : -1;
    const answers = await Promise.all(pending);
    const first = answers[0]!.response;
    const limit = opts.facetValues ?? 100;

    const facets: SearchResult['facets'] = {};
    for (const name of requested) {
      const at = filtered.indexOf(name);
      const source = at === -1 ? first : answers[at + 1]!.response;
      facets[name] = facetCounts(source.facetDistribution?.[FILTER_FIELDS[name]], params[name], limit);
    }
    const extra: Federated[] = [];

    let rawHits = first.hits;
    let totalHits = Math.min(first.estimatedTotalHits ?? 0, maxTotalHits);
    let hits: SearchHit[];
    if (clustersAt !== -1) {
      const seen = new Set<string>();
      rawHits = rawHits.filter((hit) => {
        const key = hit.cluster ?? hit.id;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      const clusters = answers[clustersAt]!.response.facetDistribution?.['cluster'] ?? {};
      const distinctClusters = Object.keys(clusters).length;
      if (distinctClusters < SHARD_MAX_VALUES_PER_FACET) totalHits = Math.min(distinctClusters, maxTotalHits);
      hits = rawHits.slice(offset, offset + params.hitsPerPage).map(toSearchHit);
      extra.push(...(await countDuplicates(hits, clusters, filter)));
    } else {
      hits = rawHits.map(toSearchHit);
    }

    const result: SearchResult & Completeness = {
      query: params.q,
      sort: params.sort,
      page: params.page,
      hitsPerPage: params.hitsPerPage,
      totalHits,
      totalPages: Math.max(0, Math.min(Math.ceil(totalHits / params.hitsPerPage), Math.ceil(1000 / params.hitsPerPage))),
      processingTimeMs: first.processingTimeMs,
      collapse: params.collapse,
      hits,
      facets,
      ...completeness([...answers, ...extra]),
    };
    if (timelineAt !== -1) result.timeline = timelineFrom(answers[timelineAt]!.response, 'auto');
    return result;
  }

  /** Sets `duplicates` on each hit from the merged cluster counts (one more query when they were truncated). */
  async function countDuplicates(hits: SearchHit[], counts: Record<string, number>, filter: string[]): Promise<Federated[]> {
    const distribution = { ...counts };
    const missing = hits.map((h) => h.cluster).filter((c) => distribution[c] === undefined);
    const answers: Federated[] = [];
    if (missing.length > 0 && Object.keys(distribution).length >= SHARD_MAX_VALUES_PER_FACET) {
      const more = await federated('search', { q: '', filter: [...filter, `cluster IN [${missing.map(quote).join(', ')}]`] }, { limit: 0, facets: ['cluster'] });
      Object.assign(distribution, more.response.facetDistribution?.['cluster'] ?? {});
      answers.push(more);
    }
    for (const hit of hits) hit.duplicates = Math.max(0, (distribution[hit.cluster] ?? 1) - 1);
    return answers;
  }

  async function timeline(params: TimelineParams): Promise<Timeline & Completeness> {
    const facets = params.interval === 'auto' ? PERIOD_FACETS : [PERIOD_FIELDS[params.interval]];
    const answer = await federated('timeline', { q: params.q, filter: buildFilter(filterInput(params)) }, { limit: 0, facets });
    return { ...timelineFrom(answer.response, params.interval), ...completeness([answer]) };
  }

  async function facetValues(facet: FilterName, params: FacetValuesParams): Promise<FacetCount[]> {
    const request = {
      facetName: FILTER_FIELDS[facet],
      facetQuery: params.q,
      q: params.search,
      filter: buildFilter(filterInput(params), { except: facet }),
    };
    const settled = await Promise.allSettled(nodes.map((node) => node.client.index(index).searchForFacetValues(request)));
    const counts = new Map<string, number>();
    const missing: string[] = [];
    await callMeili('facet search', async () => {
      settled.forEach((outcome, i) => {
        if (outcome.status === 'fulfilled') {
          for (const hit of outcome.value.facetHits) counts.set(hit.value, (counts.get(hit.value) ?? 0) + hit.count);
        } else if (meiliErrorInfo(outcome.reason).status === undefined) {
          missing.push(nodes[i]!.name);
        } else {
          throw outcome.reason;
        }
      });
      if (missing.length === nodes.length) throw new LedeError('search_unavailable', 'No node of the cluster answers.');
    });
    const status = completeness([missing]);
    const spelled = joinSpellings(Object.fromEntries(counts))!;
    counts.clear();
    for (const [value, count] of Object.entries(spelled)) counts.set(value, count);
    const selected = new Set(params[facet] ?? []);
    const values = [...counts]
      // Meilisearch orders equal counts by value, descending.
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0))
      .slice(0, maxValuesPerFacet)
      .map(([value, count]) => ({ value, count, selected: selected.has(value) }));
    facetCompleteness.set(values, status);
    return values;
  }

  async function article(id: string): Promise<Article> {
    const answer = await federated('article lookup', { q: '', filter: [`id = ${quote(id)}`] }, { limit: 1 });
    const found = answer.response.hits[0];
    if (!found) {
      const status = completeness([answer]);
      if (status.partial) {
        throw new LedeError('search_unavailable', `article "${id}" may be on cluster node(s) ${status.missingNodes.join(', ')}, which do not answer.`);
      }
      throw new LedeError('not_found', `No article with id "${id}".`);
    }
    const { _formatted: _f, _matchesPosition: _m, _rankingScore: _r, _federation: _d, ...rest } = found;
    return rest as Article;
  }

  async function health(): Promise<ClusterHealth> {
    const states = await Promise.all(
      nodes.map(async (node): Promise<NodeState> => ({
        name: node.name,
        url: node.url,
        status: (await isHealthy(node.url, options.healthTimeoutMs ?? 1000)) ? 'up' : 'down',
      })),
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

/** The federated searcher of a cluster that setupCluster() prepared: search-only clients per node. */
export function federatedSearcherFor(setup: ClusterSetup, index: string, options: { allowPartial?: boolean; timeoutMs?: number } = {}): FederatedSearcher {
  return createFederatedSearcher({
    index,
    allowPartial: options.allowPartial,
    nodes: setup.nodes.map((node) => ({ name: node.name, url: node.url, client: createMeiliClient(node.url, node.searchKey, options.timeoutMs ?? 5_000) })),
  });
}
