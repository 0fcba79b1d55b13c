/**
 * Search requests → Meilisearch. One search is ONE multi-search round trip: the main query,
 * one count-only query per filtered facet (disjunctive counts: a facet's counts ignore its own
 * filter), and optionally the timeline and the near-duplicate cluster counts.
 */
import type { Meilisearch, MultiSearchQuery, MultiSearchResult, SearchParams as MeiliParams } from 'meilisearch';
import type { Article } from '../article.ts';
import { LedeError } from '../errors.ts';
import { buildFilter, quote, type FilterInput } from './filters.ts';
import { CROP_MARKER, HIGHLIGHT_POST, HIGHLIGHT_PRE } from './highlight.ts';
import { HIT_ATTRIBUTES, toSearchHit, type SearchHit } from './hits.ts';
import { callMeili } from './meili-call.ts';
import {
  FILTER_FIELDS,
  FILTER_NAMES,
  type FacetValuesParams,
  type FilterName,
  type SearchParams,
  type TimelineParams,
} from './params.ts';
import { PERIOD_FIELDS, timelineFromFacets, type Timeline } from './timeline.ts';

export interface FacetCount {
  value: string;
  count: number;
  /** True when the value is one of the active filters. */
  selected: boolean;
}

export interface SearchResult {
  query: string;
  sort: SearchParams['sort'];
  page: number;
  hitsPerPage: number;
  totalHits: number;
  totalPages: number;
  /** Meilisearch's processing time of the main query. */
  processingTimeMs: number;
  collapse: boolean;
  hits: SearchHit[];
  /** Counts per requested facet, most frequent first (selected values always included). */
  facets: Partial<Record<FilterName, FacetCount[]>>;
  /** With `timeline`: matches per period, computed without the date range. */
  timeline?: Timeline;
}

export interface SearchOptions {
  /** Also compute the timeline (ignoring from/to, so the chart shows where the range sits). */
  timeline?: boolean;
  /** Facet values returned per facet. Default: 100. */
  facetValues?: number;
}

/** Words of context around the first match in a snippet. */
const CROP_LENGTH = 36;
export const SORT_RULES: Record<SearchParams['sort'], string[] | undefined> = {
  relevance: undefined,
  newest: ['publishedTs:desc'],
  oldest: ['publishedTs:asc'],
};
const PERIOD_FACETS = Object.values(PERIOD_FIELDS);

export function filterInput(params: Pick<SearchParams, FilterName | 'from' | 'to'>): FilterInput {
  const values: FilterInput['values'] = {};
  for (const name of FILTER_NAMES) values[name] = params[name];
  return { values, from: params.from, to: params.to };
}

export function facetCounts(
  distribution: Record<string, number> | undefined,
  selected: readonly string[] = [],
  limit: number,
): FacetCount[] {
  const chosen = new Set(selected);
  let all = Object.entries(distribution ?? {});
  if (all.length > limit) {
    // Meilisearch sends up to maxValuesPerFacet (1,000) values; only those counting at least the
    // limit-th largest count can make the cut, so only they go through the locale-aware sort
    // (same result, a fraction of the localeCompare calls on every search).
    const counts = Float64Array.from(all, (entry) => entry[1]).sort();
    const threshold = counts[counts.length - limit]!;
    all = all.filter((entry) => entry[1] >= threshold);
  }
  const entries = all
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([value, count]) => ({ value, count, selected: chosen.has(value) }));
  for (const value of chosen) {
    if (!entries.some((e) => e.value === value)) entries.push({ value, count: distribution?.[value] ?? 0, selected: true });
  }
  return entries;
}

/** What every hit carries: its fields, the highlighted title and the cropped, highlighted snippet. */
export const HIT_DISPLAY = {
  attributesToRetrieve: [...HIT_ATTRIBUTES],
  attributesToHighlight: ['title', 'standfirst', 'body'],
  attributesToCrop: ['standfirst', 'body'],
  cropLength: CROP_LENGTH,
  cropMarker: CROP_MARKER,
  highlightPreTag: HIGHLIGHT_PRE,
  highlightPostTag: HIGHLIGHT_POST,
} satisfies MeiliParams;

export interface Searcher {
  search(params: SearchParams, options?: SearchOptions): Promise<SearchResult>;
  timeline(params: TimelineParams): Promise<Timeline>;
  facetValues(facet: FilterName, params: FacetValuesParams): Promise<FacetCount[]>;
  article(id: string): Promise<Article>;
}

/** The search layer over one index, given a (search-only) Meilisearch client. */
export function createSearcher(client: Meilisearch, indexUid: string): Searcher {
  const index = client.index<Article>(indexUid);

  async function search(params: SearchParams, options: SearchOptions = {}): Promise<SearchResult> {
    const input = filterInput(params);
    const requested = params.facets ?? FILTER_NAMES;
    const filtered = requested.filter((name) => (params[name]?.length ?? 0) > 0);
    const unfiltered = requested.filter((name) => !filtered.includes(name));
    const filter = buildFilter(input);

    const main: MultiSearchQuery = {
      indexUid,
      q: params.q,
      filter,
      page: params.page,
      hitsPerPage: params.hitsPerPage,
      facets: unfiltered.map((name) => FILTER_FIELDS[name]),
      ...HIT_DISPLAY,
    };
    const sort = SORT_RULES[params.sort];
    if (sort) main.sort = sort;
    if (params.collapse) main.distinct = 'cluster';

    const countOnly = (extra: MeiliParams): MultiSearchQuery => ({ indexUid, q: params.q, limit: 0, ...extra });
    const queries: MultiSearchQuery[] = [main];
    for (const name of filtered) {
      queries.push(countOnly({ filter: buildFilter(input, { except: name }), facets: [FILTER_FIELDS[name]] }));
    }
    const timelineAt = options.timeline ? queries.push(countOnly({ filter: buildFilter(input, { withoutDates: true }), facets: PERIOD_FACETS })) - 1 : -1;
    const clustersAt = params.collapse ? queries.push(countOnly({ filter, facets: ['cluster'] })) - 1 : -1;

    const { results } = await callMeili('search', () => client.multiSearch<{ queries: MultiSearchQuery[] }, Article>({ queries }));
    const first = results[0]!;
    const limit = options.facetValues ?? 100;

    const facets: SearchResult['facets'] = {};
    for (const name of requested) {
      const at = filtered.indexOf(name);
      const source = at === -1 ? first : results[at + 1]!;
      facets[name] = facetCounts(source.facetDistribution?.[FILTER_FIELDS[name]], params[name], limit);
    }

    const hits = first.hits.map(toSearchHit);
    if (clustersAt !== -1) await countDuplicates(hits, results[clustersAt]!, filter);

    const result: SearchResult = {
      query: params.q,
      sort: params.sort,
      page: params.page,
      hitsPerPage: params.hitsPerPage,
      totalHits: first.totalHits ?? 0,
      totalPages: Math.max(0, Math.min(first.totalPages ?? 0, Math.ceil(1000 / params.hitsPerPage))),
      processingTimeMs: first.processingTimeMs,
      collapse: params.collapse,
      hits,
      facets,
    };
    if (timelineAt !== -1) result.timeline = timelineFrom(results[timelineAt]!, 'auto');
    return result;
  }

  /** Sets `duplicates` on each hit; a second query only when the cluster counts were truncated. */
  async function countDuplicates(hits: SearchHit[], counts: MultiSearchResult<Article>, filter: string[]): Promise<void> {
    const distribution = { ...(counts.facetDistribution?.['cluster'] ?? {}) };
    const missing = hits.map((h) => h.cluster).filter((c) => distribution[c] === undefined);
    if (missing.length > 0 && Object.keys(distribution).length >= 1000) {
      const extra = await callMeili('search', () =>
        index.search('', { filter: [...filter, `cluster IN [${missing.map(quote).join(', ')}]`], limit: 0, facets: ['cluster'] }),
      );
      Object.assign(distribution, extra.facetDistribution?.['cluster'] ?? {});
    }
    for (const hit of hits) hit.duplicates = Math.max(0, (distribution[hit.cluster] ?? 1) - 1);
  }

  function timelineFrom(result: MultiSearchResult<Article>, interval: TimelineParams['interval']): Timeline {
    return timelineFromFacets(result.facetDistribution, interval);
  }

  async function timeline(params: TimelineParams): Promise<Timeline> {
    const facets = params.interval === 'auto' ? PERIOD_FACETS : [PERIOD_FIELDS[params.interval]];
    const query: MultiSearchQuery = { indexUid, q: params.q, filter: buildFilter(filterInput(params)), limit: 0, facets };
    const { results } = await callMeili('timeline', () => client.multiSearch<{ queries: MultiSearchQuery[] }, Article>({ queries: [query] }));
    return timelineFrom(results[0]!, params.interval);
  }

  async function facetValues(facet: FilterName, params: FacetValuesParams): Promise<FacetCount[]> {
    const input = filterInput(params);
    const response = await callMeili('facet search', () =>
      index.searchForFacetValues({
        facetName: FILTER_FIELDS[facet],
        facetQuery: params.q,
        q: params.search,
        filter: buildFilter(input, { except: facet }),
      }),
    );
    const selected = new Set(params[facet] ?? []);
    return response.facetHits.map((h) => ({ value: h.value, count: h.count, selected: selected.has(h.value) }));
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
