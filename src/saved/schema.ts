/**
 * The request body of a saved search (zod): a name, the search parameters of /api/search that
 * select articles (q, the facet filters, from, to) and, optionally, a webhook with the secret its
 * deliveries are signed with. The search parameters are validated by the same schema as the
 * search API's, so a saved search can hold nothing a search could not.
 */
import { LedeError, isLedeError } from '../errors.ts';
import { z } from 'zod';
import { FILTER_NAMES, parseParams, searchSchema, timelineSchema, type SearchParams } from '../search/params.ts';
import { planSearch } from '../search/plan.ts';

/** Raw search parameters as stored: strings, arrays of strings for repeatable filters. */
export type SavedParams = Record<string, string | string[]>;

/** The search parameters a saved search may hold: those of /api/timeline without `interval`. */
const { interval: _interval, ...QUERY_SHAPE } = timelineSchema.shape;
export const savedQuerySchema = z.strictObject(QUERY_SHAPE);
export const SAVED_QUERY_PARAMETERS = Object.keys(QUERY_SHAPE);

export const savedSearchMetaSchema = z.object({
  name: z
    .string({ error: 'expected a string' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(200, { error: 'must be at most 200 characters' })
    .meta({ description: 'What the search is for, shown in alerts, feeds and pages.' }),
  webhook: z
    .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
    .max(2048, { error: 'must be at most 2048 characters' })
    .nullish()
    .meta({ description: 'Where new matching articles are POSTed (loopback and private addresses allowed: the operator chooses).' }),
  secret: z
    .string({ error: 'expected a string' })
    .min(16, { error: 'must be at least 16 characters' })
    .max(512, { error: 'must be at most 512 characters' })
    .nullish()
    .meta({ description: 'HMAC-SHA256 key of the X-Lede-Signature header; required with a webhook; never returned.' }),
});

export interface SavedSearchInput {
  name: string;
  webhook: string | null;
  secret: string | null;
  params: SavedParams;
}

const META = new Set(['name', 'webhook', 'secret']);

/** A JSON body → a validated saved search; throws a LedeError (400) naming the first problem. */
export function parseSavedSearchBody(body: unknown): SavedSearchInput {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new LedeError('invalid_body', 'Expected a JSON object body (Content-Type: application/json).');
  }
  const raw = body as Record<string, unknown>;
  const meta = savedSearchMetaSchema.safeParse(Object.fromEntries(Object.entries(raw).filter(([k]) => META.has(k))));
  if (!meta.success) {
    const issue = meta.error.issues[0]!;
    throw new LedeError('invalid_parameter', `Parameter "${String(issue.path[0] ?? 'body')}": ${issue.message}.`);
  }
  const webhook = meta.data.webhook ?? null;
  const secret = meta.data.secret ?? null;
  if (webhook && !secret) throw new LedeError('invalid_parameter', 'Parameter "secret": required with a webhook (at least 16 characters).');
  const params: SavedParams = {};
  for (const [key, value] of Object.entries(raw)) {
    if (META.has(key) || value === undefined || value === null || value === '') continue;
    if (typeof value === 'string') params[key] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) params[key] = value as string[];
    else throw new LedeError('invalid_parameter', `Parameter "${key}": expected a string or an array of strings.`);
  }
  try {
    parseParams(savedQuerySchema, params);
  } catch (error) {
    if (isLedeError(error, 'unknown_parameter')) {
      throw new LedeError(
        'unknown_parameter',
        `${error.message.replace(/; allowed: .*$/, '')}; allowed: name, webhook, secret, ${SAVED_QUERY_PARAMETERS.join(', ')}.`,
      );
    }
    throw error;
  }
  const normalised = normaliseParams(params);
  // A query the planner cannot plan (query-language syntax) is refused now, not at every alert round.
  planSearch(savedToSearchParams(normalised));
  return { name: meta.data.name, webhook, secret, params: normalised };
}

/** Repeatable filters always as arrays, so stored documents have one shape. */
function normaliseParams(params: SavedParams): SavedParams {
  const out: SavedParams = {};
  for (const [key, value] of Object.entries(params)) {
    out[key] = (FILTER_NAMES as readonly string[]).includes(key) ? (Array.isArray(value) ? value : [value]) : value;
  }
  return out;
}

/** A saved search's parameters as a search: newest first, the given page size. */
export function savedToSearchParams(
  params: SavedParams,
  overrides: Partial<Record<'sort' | 'hitsPerPage' | 'page', string>> = {},
): SearchParams {
  return parseParams(searchSchema, { ...params, ...overrides });
}
