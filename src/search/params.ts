/**
 * The request schemas of the search API (zod): validation, defaults and limits in one place.
 * The same schemas generate the OpenAPI document (see openapi.ts), so docs cannot drift.
 */
import { z } from 'zod';
import { LedeError } from '../errors.ts';
import { FACETS, FACET_FIELDS, FACET_NAMES, type FacetName } from '../facets.ts';

/** Public filter names (query parameters) → the Article attribute they filter on (from the facet registry). */
export const FILTER_FIELDS = FACET_FIELDS;
export type FilterName = FacetName;
export const FILTER_NAMES: readonly FilterName[] = FACET_NAMES;

export const LIMITS = {
  /** Characters in `q`. */
  queryLength: 512,
  /** Characters in one facet value. */
  valueLength: 200,
  /** Values of one facet parameter. */
  valuesPerFilter: 20,
  hitsPerPage: 100,
  /** Deepest result reachable by paging: page × hitsPerPage. */
  resultWindow: 1000,
  /** Characters in a facet-value query. */
  facetQueryLength: 100,
} as const;

export const SORTS = ['relevance', 'newest', 'oldest'] as const;
export type Sort = (typeof SORTS)[number];
export const INTERVALS = ['auto', 'day', 'week', 'month'] as const;
export type Interval = (typeof INTERVALS)[number];

const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

const facetValue = z
  .string()
  .max(LIMITS.valueLength, { error: `each value must be at most ${LIMITS.valueLength} characters` })
  .refine((v) => !CONTROL_CHARS.test(v), { error: 'control characters are not allowed' });

/** A repeatable parameter (`?country=A&country=B`): one string or several → always an array. */
const repeatable = (description: string) =>
  z
    .union([facetValue, z.array(facetValue).max(LIMITS.valuesPerFilter, { error: `at most ${LIMITS.valuesPerFilter} values` })])
    .transform((v) => [...new Set(Array.isArray(v) ? v : [v])])
    .optional()
    .meta({ description: `${description} Repeat the parameter for several values (OR); different filters combine with AND.` });

const DATE_RE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/** `YYYY-MM-DD` or a full ISO 8601 date-time → Unix seconds (a bare date: start or end of that UTC day). */
function isoDate(edge: 'start' | 'end', description: string) {
  return z
    .string()
    .regex(DATE_RE, { error: 'expected a date as YYYY-MM-DD or an ISO 8601 date-time' })
    .transform((value, ctx) => {
      const dateOnly = value.length === 10;
      const ms = Date.parse(dateOnly ? `${value}T00:00:00Z` : value);
      if (Number.isNaN(ms) || (dateOnly && new Date(ms).toISOString().slice(0, 10) !== value)) {
        ctx.addIssue({ code: 'custom', message: `"${value}" is not a real date` });
        return z.NEVER;
      }
      const seconds = Math.floor(ms / 1000);
      return dateOnly && edge === 'end' ? seconds + 86_399 : seconds;
    })
    .optional()
    .meta({ description });
}

const booleanFlag = z.enum(['true', 'false', '1', '0'], { error: 'expected true or false' }).transform((v) => v === 'true' || v === '1');

const query = z
  .string()
  .max(LIMITS.queryLength, { error: `must be at most ${LIMITS.queryLength} characters` })
  .transform((v) => v.trim())
  .default('')
  .meta({
    description:
      'Full-text query (every word must match, typo tolerant): "exact phrase", -word, -"phrase", NOT x, OR, AND and parentheses, ' +
      'title:word, title:"a phrase", facet terms such as person:"Edi Rama", country:Albania, -country:"United Kingdom", language:en, ' +
      'and prefix* words. Example: (iran OR tehran) AND (cyber OR hack*) -football. Bad syntax is a 400 error with the position. See docs/query-language.md.',
  });

/** The filters shared by every search-like endpoint. */
const filterShape = {
  ...(Object.fromEntries(FACETS.map((f) => [f.name, repeatable(f.description)])) as Record<FilterName, ReturnType<typeof repeatable>>),
  from: isoDate('start', 'Published on or after this date (YYYY-MM-DD or ISO date-time, UTC).'),
  to: isoDate('end', 'Published on or before this date (a bare date includes the whole day, UTC).'),
};

const facetList = z
  .union([z.string(), z.array(z.string())])
  .transform((v, ctx) => {
    const names = (Array.isArray(v) ? v : [v])
      .flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter(Boolean);
    for (const name of names) {
      if (!(FILTER_NAMES as readonly string[]).includes(name)) {
        ctx.addIssue({ code: 'custom', message: `unknown facet "${name}"; expected one of ${FILTER_NAMES.join(', ')}` });
        return z.NEVER;
      }
    }
    return [...new Set(names)] as FilterName[];
  })
  .optional()
  .meta({ description: `Facet counts to return, comma-separated or repeated (default: all of ${FILTER_NAMES.join(', ')}).` });

export const searchSchema = z
  .strictObject({
    q: query,
    ...filterShape,
    sort: z
      .enum(SORTS, { error: `expected one of ${SORTS.join(', ')}` })
      .default('relevance')
      .meta({ description: 'Result order.' }),
    page: z.coerce
      .number({ error: 'expected a whole number' })
      .int({ error: 'expected a whole number' })
      .min(1, { error: 'must be at least 1' })
      .default(1)
      .meta({ description: `Page number, from 1; page × hitsPerPage may not exceed ${LIMITS.resultWindow}.` }),
    hitsPerPage: z.coerce
      .number({ error: 'expected a whole number' })
      .int({ error: 'expected a whole number' })
      .min(0, { error: 'must be at least 0' })
      .max(LIMITS.hitsPerPage, { error: `must be at most ${LIMITS.hitsPerPage}` })
      .default(20)
      .meta({ description: 'Results per page; 0 returns the totals and facet counts only.' }),
    facets: facetList,
    collapse: booleanFlag
      .default(false)
      .meta({ description: 'Show one article per near-duplicate cluster, with the number of other copies.' }),
  })
  .superRefine((value, ctx) => {
    if (value.from !== undefined && value.to !== undefined && value.from > value.to) {
      ctx.addIssue({ code: 'custom', path: ['from'], message: 'must not be after "to"' });
    }
    if ((value.page - 1) * value.hitsPerPage >= LIMITS.resultWindow) {
      ctx.addIssue({
        code: 'custom',
        path: ['page'],
        message: `is beyond the last reachable page: page × hitsPerPage may not exceed ${LIMITS.resultWindow}`,
        params: { lede: 'page_out_of_range' },
      });
    }
  });
export type SearchParams = z.output<typeof searchSchema>;

export const timelineSchema = z
  .strictObject({
    q: query,
    ...filterShape,
    interval: z
      .enum(INTERVALS, { error: `expected one of ${INTERVALS.join(', ')}` })
      .default('auto')
      .meta({ description: 'Period length; auto picks day, week or month to fit the matches.' }),
  })
  .superRefine((value, ctx) => {
    if (value.from !== undefined && value.to !== undefined && value.from > value.to) {
      ctx.addIssue({ code: 'custom', path: ['from'], message: 'must not be after "to"' });
    }
  });
export type TimelineParams = z.output<typeof timelineSchema>;

export const EXPORT_FORMATS = ['ndjson', 'csv', 'json'] as const;

/** GET /api/export: every search parameter but paging and facets, and the format. */
export const exportSchema = z
  .strictObject({
    q: query,
    ...filterShape,
    sort: z
      .enum(SORTS, { error: `expected one of ${SORTS.join(', ')}` })
      .default('newest')
      .meta({ description: 'Order of the export: newest or oldest first (relevance exports newest first), undated articles last.' }),
    format: z
      .enum(EXPORT_FORMATS, { error: `expected one of ${EXPORT_FORMATS.join(', ')}` })
      .default('ndjson')
      .meta({
        description:
          'ndjson (one article document a line), json (an array of article documents) or csv (id, publishedAt, source, title, url, countries, persons, organizations, topics).',
      }),
  })
  .superRefine((value, ctx) => {
    if (value.from !== undefined && value.to !== undefined && value.from > value.to) {
      ctx.addIssue({ code: 'custom', path: ['from'], message: 'must not be after "to"' });
    }
  });
export type ExportParams = z.output<typeof exportSchema>;

export const facetValuesSchema = z.strictObject({
  q: z
    .string()
    .max(LIMITS.facetQueryLength, { error: `must be at most ${LIMITS.facetQueryLength} characters` })
    .default('')
    .meta({
      description:
        'Start of the facet values to find (typo tolerant), e.g. "ed" for Edi Rama; for facets with keys (person, organization, country) also the start of any word or alias, e.g. "blair" for Tony Blair, "uk" for United Kingdom.',
    }),
  search: query.meta({ description: 'Full-text query the counts are restricted to (as q in /api/search).' }),
  ...filterShape,
});
export type FacetValuesParams = z.output<typeof facetValuesSchema>;

export const facetNameSchema = z.enum(FACET_NAMES as [FilterName, ...FilterName[]], {
  error: `expected one of ${FILTER_NAMES.join(', ')}`,
});

/** The id format Lede's documents use (and all Meilisearch accepts that we allow). */
export const ARTICLE_ID = /^[A-Za-z0-9_-]{1,64}$/;
export const articleIdSchema = z
  .string()
  .regex(ARTICLE_ID, { error: 'must be 1-64 letters, digits, "-" or "_"' })
  .meta({ description: 'Article id.' });

/** Empty values (`?from=&country=`, as a GET form sends them) count as absent. */
function dropEmpty(raw: Record<string, unknown>): Record<string, unknown> {
  const out: [string, unknown][] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (Array.isArray(value)) {
      const kept = value.filter((v) => v !== '');
      if (kept.length > 0) out.push([key, kept.length === 1 && typeof kept[0] === 'string' ? kept[0] : kept]);
    } else if (value !== '' && value !== undefined) {
      out.push([key, value]);
    }
  }
  // fromEntries defines own properties, so a "__proto__" parameter stays a (rejected) key.
  return Object.fromEntries(out);
}

/** Single-valued parameters given twice are an error, not a silent pick. */
const SINGLE = new Set(['q', 'from', 'to', 'sort', 'page', 'hitsPerPage', 'collapse', 'interval', 'search', 'format']);

/** Validates raw query parameters against a schema; throws a LedeError (an HTTP 400 code) naming the first problem. */
export function parseParams<S extends z.ZodType>(schema: S, raw: Record<string, unknown>): z.output<S> {
  const cleaned = dropEmpty(raw);
  for (const [key, value] of Object.entries(cleaned)) {
    if (SINGLE.has(key) && Array.isArray(value)) {
      throw new LedeError('invalid_parameter', `Parameter "${key}" may be given only once.`);
    }
  }
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  throw issueToError(result.error.issues[0]!, schema);
}

/** The most telling issue inside a union (one value or several): not a mere type mismatch. */
function unwrapUnion(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union') return issue;
  const inner = issue.errors.flat().find((i) => i.code !== 'invalid_type') ?? issue.errors.flat()[0];
  return inner ? unwrapUnion({ ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue) : issue;
}

function issueToError(original: z.core.$ZodIssue, schema: z.ZodType): LedeError {
  const issue = unwrapUnion(original);
  if (issue.code === 'unrecognized_keys') {
    const allowed = schema instanceof z.ZodObject ? Object.keys(schema.shape).join(', ') : '';
    const names = issue.keys.map((k) => `"${k}"`).join(', ');
    return new LedeError(
      'unknown_parameter',
      `Unknown parameter${issue.keys.length > 1 ? 's' : ''} ${names}${allowed ? `; allowed: ${allowed}` : ''}.`,
    );
  }
  const name = String(issue.path[0] ?? 'request');
  const index = typeof issue.path[1] === 'number' ? ` (value ${issue.path[1] + 1})` : '';
  const message = `Parameter "${name}"${index}: ${issue.message}.`;
  if (name === 'q' && issue.code === 'too_big') return new LedeError('query_too_long', message);
  if (issue.code === 'custom' && (issue.params as { lede?: string } | undefined)?.lede === 'page_out_of_range') {
    return new LedeError('page_out_of_range', message);
  }
  if (name === 'from' || name === 'to') return new LedeError('invalid_date', message);
  return new LedeError('invalid_parameter', message);
}
