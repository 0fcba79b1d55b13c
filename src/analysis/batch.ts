/**
 * Batch search: many queries under the same filters, one CSV row each — total, first and last
 * publication date, the top countries, persons and organizations (with counts) and the ids of the
 * first hits. `POST /api/batch` (JSON or a CSV with a `query` column) and `lede batch FILE.csv`
 * share it. Queries run with bounded concurrency (p-queue), each one multi-search request built
 * on the planner's main query, so a row counts what /api/search would.
 */
import { LedeError } from '../errors.ts';
import { parse } from 'csv-parse/sync';
import PQueue from 'p-queue';
import { z } from 'zod';
import { FACET_FIELDS } from '../facets.ts';
import { LIMITS, parseParams, searchSchema, timelineSchema, type SearchParams } from '../search/params.ts';
import type { MatchBackend } from './planned.ts';
import { answerExactFirst } from '../search/exact-first.ts';

export const MAX_BATCH_QUERIES = 1000;

const { q: _q, interval: _interval, ...FILTER_SHAPE } = timelineSchema.shape;
/** The filters every query of a batch shares (those of /api/search). */
export const batchFiltersSchema = z.strictObject(FILTER_SHAPE);
export type BatchFilters = z.output<typeof batchFiltersSchema>;

export interface BatchOptions {
  /** Queries in flight at once. Default: 4. */
  concurrency?: number;
  /** Ids of the first hits per row. Default: 5. */
  ids?: number;
  /** Values per top-facet column. Default: 3. */
  top?: number;
  /** Called after each query with the number done. */
  onProgress?: (done: number, total: number) => void;
}

export interface BatchRow {
  query: string;
  total: number;
  firstDate: string | null;
  lastDate: string | null;
  topCountries: Array<{ value: string; count: number }>;
  topPersons: Array<{ value: string; count: number }>;
  topOrganizations: Array<{ value: string; count: number }>;
  ids: string[];
  /** Nothing matched the words exactly: the row counts the typo-tolerant matches (exact first, as the search page). */
  fuzzy: boolean;
}

const TOP_FACETS = {
  topCountries: FACET_FIELDS.country,
  topPersons: FACET_FIELDS.person,
  topOrganizations: FACET_FIELDS.organization,
} as const;

function top(distribution: Record<string, number> | undefined, n: number) {
  return Object.entries(distribution ?? {})
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, n)
    .map(([value, count]) => ({ value, count }));
}

/** Validates the queries: strings, at most MAX_BATCH_QUERIES, each a valid `q`. */
export function checkQueries(queries: unknown): string[] {
  if (!Array.isArray(queries) || queries.length === 0 || !queries.every((q) => typeof q === 'string')) {
    throw new LedeError('invalid_parameter', 'Parameter "queries": expected a non-empty array of strings.');
  }
  if (queries.length > MAX_BATCH_QUERIES)
    throw new LedeError('too_many_queries', `At most ${MAX_BATCH_QUERIES} queries per batch, got ${queries.length}.`);
  const long = (queries as string[]).findIndex((q) => q.length > LIMITS.queryLength);
  if (long >= 0) throw new LedeError('query_too_long', `Query ${long + 1}: must be at most ${LIMITS.queryLength} characters.`);
  return queries as string[];
}

/** The `query` column of a CSV (header row required). */
export function queriesFromCsv(text: string): string[] {
  let rows: Array<Record<string, string>>;
  try {
    rows = parse(text, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
    });
  } catch (error) {
    throw new LedeError('invalid_csv', `The CSV could not be read: ${(error as Error).message}`);
  }
  if (rows.length && !('query' in rows[0]!)) throw new LedeError('invalid_csv', 'The CSV needs a header row with a "query" column.');
  return checkQueries(rows.map((r) => (r['query'] ?? '').trim()));
}

/** Runs the queries; rows in the order of the queries. */
export async function runBatch(
  backend: MatchBackend,
  queries: readonly string[],
  filters: BatchFilters,
  options: BatchOptions = {},
): Promise<BatchRow[]> {
  const ids = options.ids ?? 5;
  const n = options.top ?? 3;
  const queue = new PQueue({ concurrency: options.concurrency ?? 4 });
  let done = 0;
  const base: SearchParams = parseParams(searchSchema, {});
  const rows = await Promise.all(
    queries.map((query) =>
      queue.add(async (): Promise<BatchRow> => {
        // Exact first, as the search page: the typo-tolerant query only when the exact words match nothing.
        const search = async (q: string) => {
          const params: SearchParams = { ...base, ...filters, q };
          const [found] = await backend.sendMatches('batch search', [
            {
              params,
              extra: { facets: [...Object.values(TOP_FACETS), 'publishedTs'], attributesToRetrieve: ['id'], page: 1, hitsPerPage: ids },
            },
          ]);
          return found!;
        };
        const { answer, fuzzy } = await answerExactFirst(query.trim(), search);
        const stats = answer.facetStats['publishedTs'];
        const row: BatchRow = {
          query,
          total: answer.totalHits,
          firstDate: stats ? new Date(stats.min * 1000).toISOString().slice(0, 10) : null,
          lastDate: stats ? new Date(stats.max * 1000).toISOString().slice(0, 10) : null,
          topCountries: top(answer.facetDistribution[TOP_FACETS.topCountries], n),
          topPersons: top(answer.facetDistribution[TOP_FACETS.topPersons], n),
          topOrganizations: top(answer.facetDistribution[TOP_FACETS.topOrganizations], n),
          ids: answer.hits.map((h) => String(h.id)),
          fuzzy,
        };
        options.onProgress?.(++done, queries.length);
        return row;
      }),
    ),
  );
  return rows;
}

export const CSV_HEADER = [
  'query',
  'total',
  'first_date',
  'last_date',
  'top_countries',
  'top_persons',
  'top_organizations',
  'first_ids',
  'similar_spellings',
];

/**
 * One CSV field: quoted when it holds a comma, quote or line break; a cell a spreadsheet would
 * run as a formula (starting with =, +, @, tab or CR) gets a leading apostrophe.
 */
export function csvField(value: string | number): string {
  let text = String(value);
  if (/^[=+@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const counted = (values: Array<{ value: string; count: number }>) => values.map((v) => `${v.value} (${v.count})`).join('; ');

/** The rows as CSV (header first, CRLF line ends as RFC 4180 says). */
export function toCsv(rows: readonly BatchRow[]): string {
  const lines = [CSV_HEADER.join(',')];
  for (const r of rows) {
    lines.push(
      [
        r.query,
        r.total,
        r.firstDate ?? '',
        r.lastDate ?? '',
        counted(r.topCountries),
        counted(r.topPersons),
        counted(r.topOrganizations),
        r.ids.join(' '),
        r.fuzzy ? 'yes' : '',
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
