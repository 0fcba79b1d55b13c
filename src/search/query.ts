/**
 * The Searcher over one Meilisearch index: sends what the planner (plan.ts) plans. One search is
 * ONE multi-search round trip (plus one more query in the rare case planDuplicateCounts asks).
 */
import type { Meilisearch, MultiSearchQuery, MultiSearchResult } from 'meilisearch';
import type { Article } from '../article.ts';
import { LedeError } from '../errors.ts';
import { quote } from './filters.ts';
import { callMeili } from './meili-call.ts';
import type { FacetValuesParams, FilterName, SearchParams, TimelineParams } from './params.ts';
import {
  HIT_DISPLAY,
  assembleFacetValues,
  assembleSearch,
  assembleTimeline,
  planDuplicateCounts,
  planFacetValues,
  planSearch,
  planTimeline,
  type PlannedQuery,
  type RawAnswer,
} from './plan.ts';
import type { FacetCount, SearchOptions, SearchResult, Searcher } from './result.ts';
import type { Timeline } from './timeline.ts';

/** The most values Meilisearch returns per facet (faceting.maxValuesPerFacet in index-config/). */
const MAX_VALUES_PER_FACET = 1000;

/** A planned query as one query of a multi-search. */
export function toMultiSearchQuery(indexUid: string, query: PlannedQuery): MultiSearchQuery {
  const out: MultiSearchQuery = { indexUid, q: query.q, filter: query.filter, facets: query.facets };
  if (!query.hits) return { ...out, limit: 0 };
  Object.assign(out, { page: query.hits.page, hitsPerPage: query.hits.hitsPerPage, ...HIT_DISPLAY });
  if (query.hits.sort) out.sort = query.hits.sort;
  if (query.hits.distinct) out.distinct = query.hits.distinct;
  return out;
}

function toRawAnswer(result: MultiSearchResult<Article>): RawAnswer {
  return {
    hits: result.hits,
    totalHits: result.totalHits ?? result.estimatedTotalHits ?? 0,
    facetDistribution: result.facetDistribution,
    processingTimeMs: result.processingTimeMs,
  };
}

/** The search layer over one index, given a (search-only) Meilisearch client. */
export function createSearcher(client: Meilisearch, indexUid: string): Searcher {
  const index = client.index<Article>(indexUid);

  async function send(what: string, queries: PlannedQuery[]): Promise<RawAnswer[]> {
    const body = { queries: queries.map((q) => toMultiSearchQuery(indexUid, q)) };
    const { results } = await callMeili(what, () => client.multiSearch<typeof body, Article>(body));
    return results.map(toRawAnswer);
  }

  async function search(params: SearchParams, options: SearchOptions = {}): Promise<SearchResult> {
    const plan = planSearch(params, options);
    const answers = await send('search', plan.queries);
    const followUp = planDuplicateCounts(plan, answers, MAX_VALUES_PER_FACET);
    const duplicates = followUp ? (await send('search', [followUp]))[0] : undefined;
    return assembleSearch(plan, answers, duplicates);
  }

  async function timeline(params: TimelineParams): Promise<Timeline> {
    const [answer] = await send('timeline', [planTimeline(params)]);
    return assembleTimeline(params, answer!);
  }

  async function facetValues(facet: FilterName, params: FacetValuesParams): Promise<FacetCount[]> {
    const answers = await callMeili('facet search', () =>
      Promise.all(planFacetValues(facet, params).map(async (request) => (await index.searchForFacetValues(request)).facetHits)),
    );
    return assembleFacetValues(facet, params, answers);
  }

  async function article(id: string): Promise<Article> {
    const response = await callMeili('article lookup', () => index.search('', { filter: `id = ${quote(id)}`, limit: 1 }));
    const found = response.hits[0];
    if (!found) throw new LedeError('not_found', `No article with id "${id}".`);
    const { _formatted: _f, _matchesPosition: _m, _rankingScore: _r, ...rest } = found;
    return rest as Article;
  }

  return { search, timeline, facetValues, article };
}
