/**
 * Export of every article a search matches (GET /api/export), with flat memory and no 1,000
 * cap: the matches are fetched in batches of EXPORT_BATCH, each batch a fresh search whose
 * limit stays within Meilisearch's maxTotalHits, so queries with words export all of their
 * matches too, however many there are.
 *
 * Paging is by keyset on publishedTs (the only sortable attribute): dated matches come sorted
 * by date (newest first, or oldest first for sort=oldest; relevance exports newest first); each
 * next batch asks for `publishedTs <= T AND NOT id IN [ids already sent at exactly T]`. Undated
 * matches (no publishedTs) follow, paged by offset in Meilisearch's order: there the limit
 * remains, EXPORT_UNDATED_LIMIT (maxTotalHits) undated matches per export; a request with more
 * is refused before anything is sent (export_too_large).
 */
import type { Article } from '../article.ts';
import { LedeError } from '../errors.ts';
import { quote } from './filters.ts';
import { EXPORT_FORMATS, type Sort } from './params.ts';
export { EXPORT_FORMATS };
import type { PlannedQuery } from './plan.ts';

export const EXPORT_BATCH = 100;
/** The most undated matches an export can page through (pagination.maxTotalHits in index-config/). */
export const EXPORT_UNDATED_LIMIT = 10_000;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const UNDATED_FILTER = '(publishedTs IS NULL OR publishedTs NOT EXISTS)';

/** One batch to fetch: the planned query with an extra filter, sort, limit and offset. */
export interface ExportBatch {
  filter: string[];
  sort?: string[];
  limit: number;
  offset: number;
}

/** Fetches the documents (whole articles) of one batch of a planned query; `total` is the count of its matches when asked. */
export type FetchBatch = (query: PlannedQuery, batch: ExportBatch) => Promise<{ hits: Article[]; total: number }>;

/** The same planned query with `extra` filters on each of its searches, and the given sort. */
export function narrowed(query: PlannedQuery, extra: readonly string[], sort?: string[]): PlannedQuery {
  const out: PlannedQuery = { searches: query.searches.map((s) => ({ ...s, filter: [...s.filter, ...extra] })), facets: [] };
  if (sort) out.sort = sort;
  return out;
}

/** Every article matching the planned query (restrictions resolved), in batches. */
export async function* exportBatches(
  query: PlannedQuery,
  sort: Sort,
  fetch: FetchBatch,
  batchSize = EXPORT_BATCH,
): AsyncGenerator<Article[]> {
  const ascending = sort === 'oldest';
  const order = [`publishedTs:${ascending ? 'asc' : 'desc'}`];
  // Refuse up front what cannot be exported whole (the undated part is paged by offset).
  const undated = await fetch(narrowed(query, [UNDATED_FILTER], order), { filter: [], limit: 0, offset: 0 });
  if (undated.total > EXPORT_UNDATED_LIMIT) {
    throw new LedeError(
      'export_too_large',
      `The search matches more than ${EXPORT_UNDATED_LIMIT.toLocaleString('en')} undated articles, more than an export can page through; narrow it (e.g. with from/to, which leaves undated articles out).`,
    );
  }
  let edge: number | undefined;
  let atEdge: string[] = [];
  for (;;) {
    const extra =
      edge === undefined
        ? ['publishedTs EXISTS', 'publishedTs IS NOT NULL']
        : [`publishedTs ${ascending ? '>=' : '<='} ${edge}`, ...(atEdge.length ? [`NOT id IN [${atEdge.map(quote).join(', ')}]`] : [])];
    const { hits } = await fetch(narrowed(query, extra, order), { filter: [], limit: batchSize, offset: 0 });
    const dated = hits.filter((h) => typeof h.publishedTs === 'number');
    if (dated.length) yield dated;
    if (hits.length < batchSize || dated.length === 0) break;
    const last = dated[dated.length - 1]!.publishedTs!;
    const sameEdge = dated.filter((h) => h.publishedTs === last).map((h) => h.id);
    atEdge = last === edge ? [...atEdge, ...sameEdge] : sameEdge;
    edge = last;
  }
  if (undated.total === 0) return;
  // Sorted too: a union of a search without words and one with words can only be merged by a sort.
  const undatedQuery = narrowed(query, [UNDATED_FILTER], order);
  for (let offset = 0; offset < EXPORT_UNDATED_LIMIT; offset += batchSize) {
    const { hits } = await fetch(undatedQuery, { filter: [], limit: Math.min(batchSize, EXPORT_UNDATED_LIMIT - offset), offset });
    if (hits.length) yield hits;
    if (hits.length < batchSize) break;
  }
}

export const CSV_COLUMNS = ['id', 'publishedAt', 'source', 'title', 'url', 'countries', 'persons', 'organizations', 'topics'] as const;

/** One CSV cell: multi-values joined with "; ", formula-safe (= + - @ prefixed with '), quoted when needed. */
export function csvCell(value: unknown): string {
  let text = Array.isArray(value) ? value.join('; ') : value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(article: Article): string {
  const record = article as unknown as Record<string, unknown>;
  return `${CSV_COLUMNS.map((c) => csvCell(record[c])).join(',')}\r\n`;
}

export const CSV_HEADER = `${CSV_COLUMNS.join(',')}\r\n`;

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  ndjson: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** `lede-export-<date>.<ext>` for today (UTC). */
export function exportFilename(format: ExportFormat, now = new Date()): string {
  return `lede-export-${now.toISOString().slice(0, 10)}.${format}`;
}
