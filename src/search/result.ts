/** What the search layer answers, whichever transport (one node or a cluster) ran the queries. */
import type { Article } from '../article.ts';
import type { SearchHit } from './hits.ts';
import type { ExportParams, FacetValuesParams, FilterName, SearchParams, TimelineParams } from './params.ts';
import type { Timeline } from './timeline.ts';

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
  /** True when no article matched the words exactly and these are the typo-tolerant (similar spellings) matches. */
  fuzzy?: boolean;
  /** With `timeline`: matches per period, computed without the date range. */
  timeline?: Timeline;
}

export interface SearchOptions {
  /** Also compute the timeline (ignoring from/to, so the chart shows where the range sits). */
  timeline?: boolean;
  /** Facet values returned per facet. Default: 100. */
  facetValues?: number;
}

export interface Searcher {
  search(params: SearchParams, options?: SearchOptions): Promise<SearchResult>;
  timeline(params: TimelineParams): Promise<Timeline>;
  facetValues(facet: FilterName, params: FacetValuesParams): Promise<FacetCount[]>;
  article(id: string): Promise<Article>;
  /** Every matching article, in batches (see export.ts); absent where exports are not supported (a cluster). */
  exportArticles?(params: ExportParams): AsyncGenerator<Article[]>;
  /** The other articles of a near-duplicate cluster (at most 50), for the article page; absent on a cluster. */
  clusterVersions?(cluster: string, exceptId: string): Promise<Array<Pick<Article, 'id' | 'title' | 'source' | 'publishedAt' | 'url'>>>;
}
