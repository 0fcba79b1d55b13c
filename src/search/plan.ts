/**
 * The search planner: what a search asks Meilisearch for, decided once for one node and for a
 * cluster. A request becomes a list of planned queries (plain data: query, filter, facets, the
 * hits wanted); a transport sends them (multi-search on one node, federated multi-search on a
 * cluster) and hands the raw answers back to the assembler, which builds the response. Nothing
 * here does I/O, so the plans and the assembly are unit-tested without Meilisearch.
 *
 * A search plans: the main query (hits, totals, counts of the requested facets without a
 * filter), one count-only query per requested and filtered facet (disjunctive counts: a facet's
 * counts ignore its own filter), optionally the timeline (without the date range: one period
 * field at a time, see timeline-plan.ts) and, when near-duplicates are collapsed, the cluster
 * sizes. Meilisearch returns at most maxValuesPerFacet values per facet (the most frequent):
 * follow-up queries give the counts of selected values that were cut (planSelectedCounts) and
 * the timeline periods that were cut or are finer (completeTimeline).
 *
 * Each planned query is the union of the branches of `q` (see query-language/compile.ts): one Meilisearch search for most queries, several when words are
 * ORed, which a transport sends as one federated search so that each document counts once.
 * `title:` terms mixed with other words add a first phase: restrictions, headline-only searches
 * whose ids the transport fetches (restrictionResolver) before it sends the queries.
 * Facet-value search is planned in facet-values.ts.
 */
import type { Hit, SearchParams as MeiliParams } from 'meilisearch';
import type { Article } from '../article.ts';
import { FACET_FIELDS } from '../facets.ts';
import { compileQuery, type QueryBranch } from './query-language/compile.ts';
import { parseQuery } from './query-language/parse.ts';
import { LedeError } from '../errors.ts';
import { buildFilter, quote, type FilterInput } from './filters.ts';
import { CROP_MARKER, HIGHLIGHT_POST, HIGHLIGHT_PRE } from './highlight.ts';
import { HIT_ATTRIBUTES, toSearchHit } from './hits.ts';
import { FILTER_NAMES, LIMITS, type FilterName, type SearchParams, type TimelineParams } from './params.ts';
import type { FacetCount, SearchOptions, SearchResult } from './result.ts';
import { PERIOD_FIELDS } from './timeline.ts';
import {
  advanceTimeline,
  countTimeline,
  finishTimeline,
  rangeFilter,
  startTimeline,
  type TimelineExtent,
  type TimelineProgress,
} from './timeline-plan.ts';

/** Words of context around the first match in a snippet. */
const CROP_LENGTH = 36;

/** Sort rules per `sort` parameter; relevance is Meilisearch's ranking rules alone. */
export const SORT_RULES: Record<SearchParams['sort'], string[] | undefined> = {
  relevance: undefined,
  newest: ['publishedTs:desc'],
  oldest: ['publishedTs:asc'],
};

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

/** The hits a planned query wants; a query without is count-only (`limit: 0`). */
export interface PlannedHits {
  page: number;
  hitsPerPage: number;
  /** Collapse hits sharing this attribute. */
  distinct?: 'cluster';
}

/** One Meilisearch search of a planned query: a branch of `q` with all of its filters. */
export interface PlannedSearch {
  /** Meilisearch query string. */
  q: string;
  /** Meilisearch's array form: AND of the elements. */
  filter: string[];
  /** Search the headline only. */
  titleOnly: boolean;
  /** Headline-only searches to resolve into id filters first (mixed `title:` terms); absent when none. */
  restrictions?: PlannedRestriction[];
}

/** A headline-only search whose matches a planned search is restricted to (or, `exclude`, excludes). */
export interface PlannedRestriction {
  q: string;
  /** The branch's own filter (its facet terms): its matches are a superset for every planned query. */
  filter: string[];
  exclude: boolean;
}

/** The most headline matches a restriction may have (Meilisearch's maxTotalHits in index-config/). */
export const RESTRICTION_LIMIT = 10_000;

/** The Meilisearch parameters of a restriction's search: ids of headline matches, all of them. */
export function restrictionParams(restriction: PlannedRestriction): MeiliParams {
  return {
    q: restriction.q,
    filter: restriction.filter,
    matchingStrategy: 'all',
    attributesToSearchOn: ['title'],
    attributesToRetrieve: ['id'],
    limit: RESTRICTION_LIMIT,
  };
}

/** The ids a restriction's search found; throws when there are more than RESTRICTION_LIMIT. */
export function restrictionIds(restriction: PlannedRestriction, hits: ReadonlyArray<{ id: string }>, total: number): string[] {
  if (total > hits.length) {
    throw new LedeError(
      'query_too_complex',
      `title:${restriction.q} matches more than ${RESTRICTION_LIMIT.toLocaleString('en')} headlines, too many to combine with words searched everywhere; make the title: terms more specific, or put title: before every word.`,
    );
  }
  return hits.map((h) => h.id);
}

/** Fetches the ids of a restriction (a transport's job). */
export type FetchIds = (restriction: PlannedRestriction) => Promise<string[]>;

/**
 * Resolves restrictions into id filters (`id IN [...]`, `NOT id IN [...]`), each restriction
 * fetched once per resolver; searches without restrictions come back unchanged.
 */
export function restrictionResolver(fetchIds: FetchIds): (search: PlannedSearch) => Promise<PlannedSearch> {
  const cache = new Map<string, Promise<string[]>>();
  return async (search) => {
    if (!search.restrictions?.length) return search;
    const filters = await Promise.all(
      search.restrictions.map(async (restriction) => {
        const key = JSON.stringify([restriction.q, restriction.filter]);
        if (!cache.has(key)) cache.set(key, fetchIds(restriction));
        const ids = `id IN [${(await cache.get(key)!).map(quote).join(', ')}]`;
        return restriction.exclude ? `NOT ${ids}` : ids;
      }),
    );
    return { q: search.q, filter: [...search.filter, ...filters], titleOnly: search.titleOnly };
  };
}

/** Planned queries with their searches' restrictions resolved. */
export async function resolveQueries(
  queries: readonly PlannedQuery[],
  resolve: (search: PlannedSearch) => Promise<PlannedSearch>,
): Promise<PlannedQuery[]> {
  return Promise.all(queries.map(async (query) => ({ ...query, searches: await Promise.all(query.searches.map(resolve)) })));
}

/** One planned query, as plain data: the union of its searches. Hits come with HIT_DISPLAY. */
export interface PlannedQuery {
  /** One for most queries; several when `q` ORs words (each document counts once). */
  searches: PlannedSearch[];
  /** Attributes whose value counts are wanted. */
  facets: string[];
  /** Sort rules, for every search of the query. */
  sort?: string[];
  hits?: PlannedHits;
}

/** The Meilisearch parameters of one planned search (all words must match). */
export function searchParams(search: PlannedSearch): MeiliParams {
  const params: MeiliParams = { q: search.q, filter: search.filter, matchingStrategy: 'all' };
  if (search.titleOnly) params.attributesToSearchOn = ['title'];
  return params;
}

/** One answer as the assembler reads it, whichever transport produced it. */
export interface RawAnswer {
  /** The hits of the requested page (collapsed already when the query asked for `distinct`). */
  hits: Array<Hit<Article>>;
  /** Exact when the transport can say, else its best estimate (capped at maxTotalHits). */
  totalHits: number;
  facetDistribution?: Record<string, Record<string, number>> | undefined;
  processingTimeMs: number;
}

export interface SearchPlan {
  params: SearchParams;
  options: SearchOptions;
  /** The main query is always first. */
  queries: PlannedQuery[];
  /** Where the count-only query of each filtered facet is in `queries`. */
  facetQueries: Partial<Record<FilterName, number>>;
  /** Where the timeline's first queries are (one per part of timelineRun), when one is planned. */
  timeline?: number;
  timelineRun?: TimelineRun;
  /** Where the cluster-size query is, when hits are collapsed. */
  clusters?: number;
}

/** The filter values and dates of any search-like request. */
export function filterInput(params: Pick<SearchParams, FilterName | 'from' | 'to'>): FilterInput {
  const values: FilterInput['values'] = {};
  for (const name of FILTER_NAMES) values[name] = params[name];
  return { values, from: params.from, to: params.to };
}

/** The searches of `q` under the request's `filter`. */
export function searchesOf(branches: readonly QueryBranch[], filter: string[]): PlannedSearch[] {
  return branches.map((branch) => {
    const search: PlannedSearch = { q: branch.q, filter: [...filter, ...branch.filter], titleOnly: branch.titleOnly };
    if (branch.restrictions.length) search.restrictions = branch.restrictions.map((r) => ({ ...r, filter: branch.filter }));
    return search;
  });
}

/** What a transport knows that shapes a plan. */
export interface PlanContext {
  /** The most values a facet answer holds (Meilisearch's maxValuesPerFacet): more may have been cut. */
  truncatedAt: number;
  /** The span of dated articles seen so far, to split a long timeline from the first round. */
  extent?: TimelineExtent | undefined;
}

const NO_CONTEXT: PlanContext = { truncatedAt: Number.POSITIVE_INFINITY };

/** The queries of one search. Throws a LedeError (a QuerySyntaxError) for bad syntax in `q`. */
export function planSearch(params: SearchParams, options: SearchOptions = {}, context: PlanContext = NO_CONTEXT): SearchPlan {
  const branches = compileQuery(parseQuery(params.q));
  const input = filterInput(params);
  const requested = params.facets ?? FILTER_NAMES;
  const filtered = requested.filter((name) => (params[name]?.length ?? 0) > 0);
  const unfiltered = requested.filter((name) => !filtered.includes(name));
  const filter = buildFilter(input);

  const hits: PlannedHits = { page: params.page, hitsPerPage: params.hitsPerPage };
  if (params.collapse) hits.distinct = 'cluster';
  const unionSort = placeholderUnionSort(branches);
  const query = (filter: string[], facets: string[]): PlannedQuery =>
    unionSort ? { searches: searchesOf(branches, filter), facets, sort: unionSort } : { searches: searchesOf(branches, filter), facets };

  const main = query(
    filter,
    unfiltered.map((name) => FACET_FIELDS[name]),
  );
  const sort = SORT_RULES[params.sort] ?? unionSort;
  if (sort) main.sort = sort;
  main.hits = hits;
  const queries: PlannedQuery[] = [main];
  const plan: SearchPlan = { params, options, queries, facetQueries: {} };
  for (const name of filtered)
    plan.facetQueries[name] = queries.push(query(buildFilter(input, { except: name }), [FACET_FIELDS[name]])) - 1;
  if (options.timeline) {
    const run: TimelineRun = {
      base: query(buildFilter(input, { withoutDates: true }), []),
      progress: startTimeline('auto', context.truncatedAt, context.extent),
    };
    plan.timeline = queries.length;
    plan.timelineRun = run;
    queries.push(...timelinePartQueries(run));
  }
  if (params.collapse) plan.clusters = queries.push(query(filter, ['cluster'])) - 1;
  return plan;
}

/**
 * Meilisearch cannot merge a search without words (only facet terms or nothing, as in
 * `hacking OR country:Israel`) with searches with words by relevance: such a union is ordered
 * newest first (and its count queries carry the same sort, which does not change counts).
 */
export function placeholderUnionSort(branches: readonly QueryBranch[]): string[] | undefined {
  return branches.length > 1 && branches.some((b) => b.q === '') ? SORT_RULES.newest : undefined;
}

/**
 * The extra query a collapsed search needs when the cluster sizes came back truncated (more
 * distinct clusters than `truncatedAt`, the most values a facet returns) and some hit's cluster
 * is missing from them; undefined when none is needed.
 */
export function planDuplicateCounts(plan: SearchPlan, answers: readonly RawAnswer[], truncatedAt: number): PlannedQuery | undefined {
  if (plan.clusters === undefined) return undefined;
  const distribution = answers[plan.clusters]?.facetDistribution?.['cluster'] ?? {};
  const missing = answers[0]!.hits.map((h) => h.cluster ?? h.id).filter((c) => distribution[c] === undefined);
  if (missing.length === 0 || Object.keys(distribution).length < truncatedAt) return undefined;
  const clusters = `cluster IN [${[...new Set(missing)].map(quote).join(', ')}]`;
  return { searches: plan.queries[0]!.searches.map((s) => ({ ...s, filter: [...s.filter, clusters] })), facets: ['cluster'] };
}

/** String.prototype.localeCompare's order (default locale and options) from one collator built once: far cheaper per call. */
const byLocale = new Intl.Collator().compare;

/**
 * Counts of one facet, most frequent first (equal counts by value), at most `limit`; selected
 * values are always included, with their count or 0.
 */
export function facetCounts(
  distribution: Record<string, number> | undefined,
  selected: readonly string[] = [],
  limit: number,
): FacetCount[] {
  const chosen = new Set(selected);
  let all = Object.entries(distribution ?? {});
  if (all.length > limit) {
    // Meilisearch sends up to maxValuesPerFacet values; only those counting at least the
    // limit-th largest count can make the cut, so only they go through the locale-aware sort
    // (same result, a fraction of the localeCompare calls on every search).
    const counts = Float64Array.from(all, (entry) => entry[1]).sort();
    const threshold = counts[counts.length - limit]!;
    all = all.filter((entry) => entry[1] >= threshold);
  }
  const entries = all
    .sort((a, b) => b[1] - a[1] || byLocale(a[0], b[0]))
    .slice(0, limit)
    .map(([value, count]) => ({ value, count, selected: chosen.has(value) }));
  for (const value of chosen) {
    if (!entries.some((e) => e.value === value)) entries.push({ value, count: distribution?.[value] ?? 0, selected: true });
  }
  return entries;
}

/**
 * The response of a planned search from the answers to its queries (same order), and the
 * answer to planDuplicateCounts' query when one was sent.
 */
export function assembleSearch(
  plan: SearchPlan,
  answers: readonly RawAnswer[],
  duplicateCounts?: RawAnswer,
  followUps: SearchFollowUps = {},
): SearchResult {
  const { params, options } = plan;
  const main = answers[0]!;
  const limit = options.facetValues ?? 100;
  const requested = params.facets ?? FILTER_NAMES;

  const facets: SearchResult['facets'] = {};
  for (const name of requested) {
    const at = plan.facetQueries[name];
    const source = at === undefined ? main : answers[at]!;
    const field = FACET_FIELDS[name];
    const extra = followUps.selected?.[name];
    const distribution = extra ? { ...source.facetDistribution?.[field], ...extra } : source.facetDistribution?.[field];
    facets[name] = facetCounts(distribution, params[name], limit);
  }

  const hits = main.hits.map(toSearchHit);
  if (plan.clusters !== undefined) {
    const sizes = { ...answers[plan.clusters]!.facetDistribution?.['cluster'], ...duplicateCounts?.facetDistribution?.['cluster'] };
    for (const hit of hits) hit.duplicates = Math.max(0, (sizes[hit.cluster] ?? 1) - 1);
  }

  const result: SearchResult = {
    query: params.q,
    sort: params.sort,
    page: params.page,
    hitsPerPage: params.hitsPerPage,
    totalHits: main.totalHits,
    totalPages:
      params.hitsPerPage === 0
        ? 0
        : Math.max(0, Math.min(Math.ceil(main.totalHits / params.hitsPerPage), Math.ceil(LIMITS.resultWindow / params.hitsPerPage))),
    processingTimeMs: main.processingTimeMs,
    collapse: params.collapse,
    hits,
    facets,
  };
  if (plan.timelineRun) {
    result.timeline = finishTimeline(
      followUps.timeline ?? advanceTimeline(plan.timelineRun.progress, timelineAnswers(plan, answers), Number.POSITIVE_INFINITY),
    );
  }
  return result;
}

/**
 * The main answer of a collapsed search whose hits came from a federated search (a union of
 * branches, or shards), which has no `distinct`: each search collapsed its own copies, the
 * merged hits (fetched from the first, see federationWindow) are collapsed again here and the
 * page cut out; the total is the number of clusters when that count came back whole (fewer
 * than `truncatedAt` values).
 */
export function collapseMerged(plan: SearchPlan, answers: readonly RawAnswer[], truncatedAt: number, maxTotalHits: number): RawAnswer {
  const main = answers[0]!;
  const { page, hitsPerPage } = plan.params;
  const seen = new Set<string>();
  const hits = main.hits.filter((hit) => {
    const key = hit.cluster ?? hit.id;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const clusters = plan.clusters === undefined ? undefined : answers[plan.clusters]?.facetDistribution?.['cluster'];
  const distinctClusters = Object.keys(clusters ?? {}).length;
  const totalHits = clusters && distinctClusters < truncatedAt ? Math.min(distinctClusters, maxTotalHits) : main.totalHits;
  const offset = (page - 1) * hitsPerPage;
  return { ...main, hits: hits.slice(offset, offset + hitsPerPage), totalHits };
}

/**
 * The `limit`/`offset` of a federated search for the hits of a planned query sent as
 * `searches` Meilisearch queries: the page itself, or, when collapsing, everything up to the
 * page's end from each search (copies collapse only within one search).
 */
export function federationWindow(hits: PlannedHits | undefined, searches: number, maxTotalHits: number): { limit: number; offset: number } {
  if (!hits) return { limit: 0, offset: 0 };
  const offset = (hits.page - 1) * hits.hitsPerPage;
  if (hits.distinct) return { limit: Math.min(offset + hits.hitsPerPage, maxTotalHits) * searches, offset: 0 };
  return { limit: hits.hitsPerPage, offset };
}

/** The timeline of a timeline request (with its date range, unlike a search's); its first queries are timelinePartQueries(run). */
export function planTimeline(params: TimelineParams, context: PlanContext = NO_CONTEXT): TimelineRun {
  const branches = compileQuery(parseQuery(params.q));
  const base: PlannedQuery = { searches: searchesOf(branches, buildFilter(filterInput(params))), facets: [] };
  const sort = placeholderUnionSort(branches);
  if (sort) base.sort = sort;
  return { base, progress: startTimeline(params.interval, context.truncatedAt, context.extent) };
}

/** A timeline being counted: the query its parts narrow, and where it stands. */
export interface TimelineRun {
  /** The searches (filters, no period facet) and sort every part narrows by a publishedTs range. */
  base: PlannedQuery;
  progress: TimelineProgress;
}

/** One count-only query per part of the round under way. */
export function timelinePartQueries(run: TimelineRun): PlannedQuery[] {
  return run.progress.asked.map((part) => {
    const range = rangeFilter(part.range);
    const planned: PlannedQuery = {
      searches: run.base.searches.map((s) => ({ ...s, filter: [...s.filter, ...range] })),
      facets: [PERIOD_FIELDS[part.period]],
    };
    if (run.base.sort) planned.sort = run.base.sort;
    return planned;
  });
}

/** The facet distributions of a plan's first timeline round, in part order. */
function timelineAnswers(plan: SearchPlan, answers: readonly RawAnswer[]): Array<RawAnswer['facetDistribution']> {
  const parts = plan.timelineRun?.progress.asked.length ?? 0;
  return answers.slice(plan.timeline, (plan.timeline ?? 0) + parts).map((a) => a.facetDistribution);
}

/**
 * Counts a timeline to the end: takes the answers to its first round, sends the follow-up rounds
 * (parts that came back cut, finer periods for short spans) through `send`, and returns the
 * finished progress (finishTimeline, timelineExtent).
 */
export async function completeTimeline(
  run: TimelineRun,
  first: ReadonlyArray<RawAnswer['facetDistribution']>,
  truncatedAt: number,
  send: (queries: PlannedQuery[]) => Promise<RawAnswer[]>,
): Promise<TimelineProgress> {
  return countTimeline(run.progress, first, truncatedAt, async (asked) =>
    (await send(timelinePartQueries({ base: run.base, progress: { ...run.progress, asked } }))).map((a) => a.facetDistribution),
  );
}

/** The first round of a search's timeline, for completeTimeline. */
export function firstTimelineAnswers(plan: SearchPlan, answers: readonly RawAnswer[]): Array<RawAnswer['facetDistribution']> {
  return timelineAnswers(plan, answers);
}

/** What follow-up queries added to a search's answers. */
export interface SearchFollowUps {
  /** Counts of selected facet values that the facet answers cut (planSelectedCounts). */
  selected?: Partial<Record<FilterName, Record<string, number>>>;
  /** The timeline counted to the end (completeTimeline). */
  timeline?: TimelineProgress;
}

/** A value of a facet whose count a follow-up query asks for. */
export interface SelectedCount {
  name: FilterName;
  value: string;
}

/**
 * The selected values missing from a facet answer that may have been cut (`truncatedAt` values:
 * a rare value chosen through facet-value search), each with the count-only query that gives its
 * count: the filters of that facet's counts plus `field = value`, so the value holds every match
 * and is the most frequent.
 */
export function planSelectedCounts(
  plan: SearchPlan,
  answers: readonly RawAnswer[],
  truncatedAt: number,
): Array<SelectedCount & { query: PlannedQuery }> {
  const { params } = plan;
  const out: Array<SelectedCount & { query: PlannedQuery }> = [];
  for (const name of params.facets ?? FILTER_NAMES) {
    const at = plan.facetQueries[name];
    const field = FACET_FIELDS[name];
    const source = at === undefined ? answers[0] : answers[at];
    const distribution = source?.facetDistribution?.[field] ?? {};
    if (Object.keys(distribution).length < truncatedAt) continue;
    const base = plan.queries[at ?? 0]!;
    for (const value of params[name] ?? []) {
      if (distribution[value] !== undefined) continue;
      const query: PlannedQuery = {
        searches: base.searches.map((s) => ({ ...s, filter: [...s.filter, `${field} = ${quote(value)}`] })),
        facets: [field],
      };
      if (base.sort) query.sort = base.sort;
      out.push({ name, value, query });
    }
  }
  return out;
}

/** The follow-up counts of planSelectedCounts' queries from their answers (same order). */
export function selectedCountsFrom(
  planned: ReadonlyArray<SelectedCount & { query: PlannedQuery }>,
  answers: readonly RawAnswer[],
): SearchFollowUps['selected'] {
  const out: NonNullable<SearchFollowUps['selected']> = {};
  planned.forEach(({ name, value }, i) => {
    const counts = answers[i]?.facetDistribution?.[FACET_FIELDS[name]] ?? {};
    // Meilisearch answers with the stored spelling of the value; the count is the value's.
    const identity = facetIdentity(value);
    const found = Object.entries(counts).find(([v]) => facetIdentity(v) === identity);
    (out[name] ??= {})[value] = found?.[1] ?? 0;
  });
  return out;
}

const facetIdentity = (value: string) => value.trim().normalize('NFKD').toLowerCase();
