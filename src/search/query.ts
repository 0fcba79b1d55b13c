/**
 * The Searcher over one Meilisearch index: sends what the planner (plan.ts) plans. One search is
 * ONE multi-search round trip (plus one more query in the rare case planDuplicateCounts asks).
 */
import type { Hit, Meilisearch, MultiSearchQuery, MultiSearchQueryWithFederation, MultiSearchResult } from 'meilisearch';
import type { Article } from '../article.ts';
import { LedeError } from '../errors.ts';
import { facetLanes } from './facet-lanes.ts';
import { assembleFacetValues, facetSearchParams, planFacetValueCounts, planFacetValues } from './facet-values.ts';
import { quote } from './filters.ts';
import { callMeili } from './meili-call.ts';
import { UNDATED_FILTER, exportBatches, narrowed, type ExportBatch } from './export.ts';
import {
  FILTER_FIELDS,
  type ExportParams,
  type FacetValuesParams,
  type FilterName,
  type SearchParams,
  type TimelineParams,
} from './params.ts';
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
  planSelectedCounts,
  planTimeline,
  selectedCountsFrom,
  timelinePartQueries,
  resolveQueries,
  restrictionIds,
  restrictionParams,
  restrictionResolver,
  type PlannedQuery,
  type RawAnswer,
} from './plan.ts';
import type { FacetCount, SearchOptions, SearchResult, Searcher } from './result.ts';
import { MAX_VALUES_PER_FACET } from '../meili/settings.ts';
import { finishTimeline, timelineExtent, widenExtent, type TimelineExtent } from './timeline-plan.ts';
import type { Timeline } from './timeline.ts';

/** The merge of a federated search's facets (one index) keeps what the index answered. */
const MERGE_MAX_VALUES_PER_FACET = 100_000;
/** The most hits Meilisearch counts (pagination.maxTotalHits in index-config/). */
const MAX_TOTAL_HITS = 10_000;

/** A planned query of one search as one query of a multi-search. */
export function toMultiSearchQuery(indexUid: string, query: PlannedQuery): MultiSearchQuery {
  const out: MultiSearchQuery = { indexUid, ...searchParams(query.searches[0]!), facets: query.facets };
  if (query.sort) out.sort = query.sort;
  if (!query.hits) return { ...out, limit: 0 };
  Object.assign(out, { page: query.hits.page, hitsPerPage: query.hits.hitsPerPage, ...HIT_DISPLAY });
  if (query.hits.distinct) out.distinct = query.hits.distinct;
  return out;
}

/**
 * A planned query of several searches (words ORed in `q`) as one federated multi-search on this
 * index: Meilisearch merges the hits by the ranking rules (sort first when sorting) and counts
 * each document once in the total and the facet counts.
 */
export function toFederatedSearch(indexUid: string, query: PlannedQuery) {
  const hits = query.hits;
  const queries: MultiSearchQueryWithFederation[] = query.searches.map((search) => {
    const one: MultiSearchQueryWithFederation = { indexUid, ...searchParams(search) };
    if (hits) Object.assign(one, HIT_DISPLAY);
    if (query.sort) one.sort = query.sort;
    if (hits?.distinct) one.distinct = hits.distinct;
    return one;
  });
  // The index's own maxValuesPerFacet already cuts its facets; the merge of one index cuts nothing more.
  const facets = query.facets.length
    ? { facetsByIndex: { [indexUid]: query.facets }, mergeFacets: { maxValuesPerFacet: MERGE_MAX_VALUES_PER_FACET } }
    : {};
  return { federation: { ...federationWindow(hits, queries.length, MAX_TOTAL_HITS), ...facets }, queries };
}

function toRawAnswer(result: {
  hits: Array<Hit<Article>>;
  totalHits?: number;
  estimatedTotalHits?: number;
  facetDistribution?: RawAnswer['facetDistribution'];
  processingTimeMs: number;
}): RawAnswer {
  return {
    hits: result.hits,
    // Exact from a multi-search query (page/hitsPerPage); a federated search's estimate, capped as Meilisearch caps it.
    totalHits: result.totalHits ?? Math.min(result.estimatedTotalHits ?? 0, MAX_TOTAL_HITS),
    facetDistribution: result.facetDistribution,
    processingTimeMs: result.processingTimeMs,
  };
}

/** The count-only query of the undated articles among a planned query's matches (exact: page 1 of 0 hits). */
function undatedCount(query: PlannedQuery): PlannedQuery {
  const counted: PlannedQuery = { ...narrowed(query, [UNDATED_FILTER], query.sort), hits: { page: 1, hitsPerPage: 0 } };
  return counted;
}

/** A document as stored: without the fields Meilisearch adds to hits. */
function stripSearchFields(hit: Hit<Article>): Article {
  const {
    _formatted: _f,
    _matchesPosition: _m,
    _rankingScore: _r,
    _federation: _fe,
    ...rest
  } = hit as Hit<Article> & { _federation?: unknown };
  return rest as Article;
}

export interface SearcherOptions {
  /** Split a search into facet lanes when no other search is waiting (facet-lanes.ts). Default: true. */
  facetLanes?: boolean | undefined;
}

/** The search layer over one index, given a (search-only) Meilisearch client. */
export function createSearcher(client: Meilisearch, indexUid: string, options: SearcherOptions = {}): Searcher {
  const lanesOn = options.facetLanes ?? true;
  const index = client.index<Article>(indexUid);
  /** The span of dated articles seen in timelines so far: long timelines are split from the first round. */
  let extent: TimelineExtent | undefined;
  const context = () => ({ truncatedAt: MAX_VALUES_PER_FACET, extent });

  /** Searches of this searcher waiting for Meilisearch: none but this one means idle cores for facet lanes. */
  let inFlight = 0;

  /** One multi-search, split into facet lanes (facet-lanes.ts) when no other search is waiting. */
  async function multiSearch(queries: MultiSearchQuery[], idle: boolean): Promise<{ results: Array<MultiSearchResult<Article>> }> {
    const split = idle ? facetLanes(queries) : undefined;
    if (!split) return client.multiSearch<{ queries: MultiSearchQuery[] }, Article>({ queries });
    const answers = await Promise.all(
      split.lanes.map(async (lane) => (await client.multiSearch<{ queries: MultiSearchQuery[] }, Article>({ queries: lane })).results),
    );
    return { results: split.merge(answers) };
  }

  /** Planned queries of one search go in one multi-search; unions of several go as federated searches beside it. */
  async function send(what: string, queries: PlannedQuery[]): Promise<RawAnswer[]> {
    const simple = queries.filter((q) => q.searches.length === 1).map((q) => toMultiSearchQuery(indexUid, q));
    const idle = lanesOn && inFlight === 0;
    inFlight++;
    try {
      const [multi, ...unions] = await callMeili(what, () =>
        Promise.all([
          simple.length ? multiSearch(simple, idle) : { results: [] },
          ...queries
            .filter((q) => q.searches.length > 1)
            .map((q) => client.multiSearch<ReturnType<typeof toFederatedSearch>, Article>(toFederatedSearch(indexUid, q))),
        ]),
      );
      let s = 0;
      let u = 0;
      return queries.map((q) => toRawAnswer(q.searches.length === 1 ? multi!.results[s++]! : unions[u++]!));
    } finally {
      inFlight--;
    }
  }

  /** A resolver of `title:` restrictions for one request. */
  function resolver() {
    return restrictionResolver(async (restriction) => {
      const response = await callMeili('search', () => index.search(restriction.q, restrictionParams(restriction)));
      return restrictionIds(restriction, response.hits, response.estimatedTotalHits ?? response.hits.length);
    });
  }

  async function search(params: SearchParams, options: SearchOptions = {}): Promise<SearchResult> {
    const plan = planSearch(params, options, context());
    const resolve = resolver();
    plan.queries = await resolveQueries(plan.queries, resolve);
    // The timeline's undated count rides in the same multi-search, after the planned queries.
    const [undatedQuery] = plan.timelineRun ? await resolveQueries([undatedCount(plan.timelineRun.base)], resolve) : [];
    const answers = await send('search', undatedQuery ? [...plan.queries, undatedQuery] : plan.queries);
    const undated = undatedQuery ? answers.pop()!.totalHits : undefined;
    if (plan.clusters !== undefined && plan.queries[0]!.searches.length > 1) {
      answers[0] = collapseMerged(plan, answers, MAX_VALUES_PER_FACET, MAX_TOTAL_HITS);
    }
    // Follow-ups, all rare but for short timelines: duplicate counts, selected values cut from the facet answers, timeline rounds.
    const followUp = planDuplicateCounts(plan, answers, MAX_VALUES_PER_FACET);
    const selected = planSelectedCounts(plan, answers, MAX_VALUES_PER_FACET);
    const [duplicates, selectedAnswers, progress] = await Promise.all([
      followUp ? send('search', [followUp]).then((a) => a[0]) : undefined,
      selected.length
        ? send(
            'search',
            selected.map((s) => s.query),
          )
        : [],
      plan.timelineRun
        ? completeTimeline(plan.timelineRun, firstTimelineAnswers(plan, answers), MAX_VALUES_PER_FACET, async (queries) =>
            send('timeline', await resolveQueries(queries, resolve)),
          )
        : undefined,
    ]);
    if (progress) extent = widenExtent(extent, timelineExtent(progress));
    const result = assembleSearch(plan, answers, duplicates, {
      ...(selected.length ? { selected: selectedCountsFrom(selected, selectedAnswers) } : {}),
      ...(progress ? { timeline: progress } : {}),
    });
    if (result.timeline && undated !== undefined) result.timeline.undated = undated;
    return result;
  }

  async function timeline(params: TimelineParams): Promise<Timeline> {
    const resolve = resolver();
    const run = planTimeline(params, context());
    const [first, [undated]] = await Promise.all([
      resolveQueries(timelinePartQueries(run), resolve).then((queries) => send('timeline', queries)),
      resolveQueries([undatedCount(run.base)], resolve).then((queries) => send('timeline', queries)),
    ]);
    const progress = await completeTimeline(
      run,
      first.map((a) => a.facetDistribution),
      MAX_VALUES_PER_FACET,
      async (queries) => send('timeline', await resolveQueries(queries, resolve)),
    );
    // A timeline request's date range narrows it: its extent is no wider than the archive's.
    extent = widenExtent(extent, timelineExtent(progress));
    return { ...finishTimeline(progress), undated: undated!.totalHits };
  }

  async function facetValues(facet: FilterName, params: FacetValuesParams): Promise<FacetCount[]> {
    const resolve = resolver();
    const planned = await Promise.all(planFacetValues(facet, params).map(async (p) => ({ ...p, search: await resolve(p.search) })));
    const countQuery = planFacetValueCounts(facet, params);
    const [answers, counts] = await Promise.all([
      callMeili('facet search', () =>
        Promise.all(planned.map(async (request) => (await index.searchForFacetValues(facetSearchParams(request))).facetHits)),
      ),
      countQuery ? send('facet search', await resolveQueries([countQuery], resolve)) : undefined,
    ]);
    // Each facet search keeps maxValuesPerFacet values; their union is cut to as many (as on a cluster).
    return assembleFacetValues(facet, params, planned, answers, {
      limit: MAX_VALUES_PER_FACET,
      counts: counts?.[0]?.facetDistribution?.[FILTER_FIELDS[facet]],
    });
  }

  /** Fetches one export batch: whole documents (as article() returns them), `total` the count of matches. */
  async function fetchBatch(query: PlannedQuery, batch: ExportBatch): Promise<{ hits: Article[]; total: number }> {
    const queries = query.searches.map((search) => {
      const one: MultiSearchQueryWithFederation = { indexUid, ...searchParams(search) };
      if (query.sort) one.sort = query.sort;
      return one;
    });
    const answer = await callMeili('export', async () => {
      if (queries.length === 1) {
        const body = { queries: [{ ...queries[0]!, limit: batch.limit, offset: batch.offset }] as MultiSearchQuery[] };
        const r = (await client.multiSearch<typeof body, Article>(body)).results[0]!;
        return { hits: r.hits, total: r.estimatedTotalHits ?? r.totalHits ?? 0 };
      }
      const body = { federation: { limit: batch.limit, offset: batch.offset }, queries };
      const r = await client.multiSearch<typeof body, Article>(body);
      return { hits: r.hits, total: r.estimatedTotalHits ?? 0 };
    });
    return { hits: answer.hits.map(stripSearchFields), total: answer.total };
  }

  async function* exportArticles(params: ExportParams): AsyncGenerator<Article[]> {
    const planned = planSearch({ ...params, page: 1, hitsPerPage: 0, collapse: false, facets: [] });
    const [query] = await resolveQueries([planned.queries[0]!], resolver());
    yield* exportBatches({ searches: query!.searches, facets: [] }, params.sort, fetchBatch);
  }

  async function article(id: string): Promise<Article> {
    const response = await callMeili('article lookup', () => index.search('', { filter: `id = ${quote(id)}`, limit: 1 }));
    const found = response.hits[0];
    if (!found) throw new LedeError('not_found', `No article with id "${id}".`);
    return stripSearchFields(found);
  }

  async function clusterVersions(cluster: string, exceptId: string) {
    const response = await callMeili('article lookup', () =>
      index.search('', {
        filter: [`cluster = ${quote(cluster)}`, `NOT id = ${quote(exceptId)}`],
        sort: ['publishedTs:asc'],
        limit: 50,
        attributesToRetrieve: ['id', 'title', 'source', 'publishedAt', 'url'],
      }),
    );
    return response.hits.map(({ id, title, source, publishedAt, url }) => ({ id, title, source, publishedAt, url }));
  }

  return { search, timeline, facetValues, article, exportArticles, clusterVersions };
}
