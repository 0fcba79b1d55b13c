/**
 * An entity's profile (`/api/entities/{facet}/{value}` and its page): how often and when the
 * archive names it, under which aliases, with whom (related values ranked by association, see
 * association.ts), in which sources, and its latest articles. The search parameters narrow the
 * entity's articles (an entity inside a query); the related values are measured against the whole
 * archive. One multi-search round trip, plus one for the archive counts of related values outside
 * the archive's top maxValuesPerFacet of their facet, and for an entity named over more months than
 * that, the rounds that count its timeline exactly.
 */
import { LedeError } from '../errors.ts';
import type { Hit } from 'meilisearch';
import { z } from 'zod';
import type { Article } from '../article.ts';
import { FACET_FIELDS, facetKeys, facetSpec, normaliseKey, parseFacetKey, type FacetName } from '../facets.ts';
import { quote } from '../search/filters.ts';
import { HIT_ATTRIBUTES, toSearchHit, type SearchHit } from '../search/hits.ts';
import { LIMITS, timelineSchema, type SearchParams } from '../search/params.ts';
import { MAX_VALUES_PER_FACET } from '../meili/settings.ts';
import { PERIOD_FIELDS, type Timeline } from '../search/timeline.ts';
import { countTimeline, finishTimeline, rangeFilter, startTimeline } from '../search/timeline-plan.ts';
import { rankAssociations, type Related } from './association.ts';
import type { MatchBackend } from './planned.ts';

/** The facets that have entity pages, and those whose values are related. */
export const ENTITY_FACETS = ['person', 'organization', 'country', 'topic', 'source'] as const satisfies readonly FacetName[];
export type EntityFacet = (typeof ENTITY_FACETS)[number];
export const RELATED_FACETS = ['person', 'organization', 'country', 'topic'] as const satisfies readonly FacetName[];
type RelatedFacet = (typeof RELATED_FACETS)[number];

/** Archive counts looked up one by one, at most, per profile. */
const MAX_LOOKUPS = 100;

const { interval: _interval, ...QUERY_SHAPE } = timelineSchema.shape;
const whole = (max: number, fallback: number, description: string) =>
  z.coerce
    .number({ error: 'expected a whole number' })
    .int({ error: 'expected a whole number' })
    .min(0, { error: 'must be at least 0' })
    .max(max, { error: `must be at most ${max}` })
    .default(fallback)
    .meta({ description });

export const entitySchema = z.strictObject({
  ...QUERY_SHAPE,
  related: whole(50, 10, 'Related values per facet.'),
  minCount: whole(1000, 2, 'Fewest articles shared with the entity for a value to be related.'),
  articles: whole(50, 10, 'Latest articles returned.'),
});
export type EntityParams = z.output<typeof entitySchema>;

export const entityValueSchema = z
  .string()
  .min(1, { error: 'must not be empty' })
  .max(LIMITS.valueLength, { error: `must be at most ${LIMITS.valueLength} characters` })
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), { error: 'control characters are not allowed' });

export interface EntityProfile {
  facet: EntityFacet;
  value: string;
  /** Articles naming it (within the search parameters). */
  count: number;
  /** Publication dates of its first and last dated article (ISO), null when none is dated. */
  firstSeen: string | null;
  lastSeen: string | null;
  /** Other names it is found by (from the facet's keys field): lower case, not parts of the name. */
  aliases: string[];
  timeline: Timeline;
  related: Record<RelatedFacet, Related[]>;
  /** Sources naming it most, with counts. */
  sources: Array<{ value: string; count: number }>;
  /** Its latest articles. */
  articles: SearchHit[];
  /** Articles in the archive, the base of the scores. */
  archiveTotal: number;
}

const iso = (seconds: number | undefined) => (seconds === undefined ? null : new Date(seconds * 1000).toISOString());

/**
 * The other names in a keys-field distribution that point to `value`. For a person, the first
 * name alone is a part of the name too, not an alias ("david" of David Blunkett, which indexes
 * built before enrichment dropped such aliases still hold).
 */
export function aliasesOf(value: string, distribution: Record<string, number> | Array<{ value: string }>, facet?: FacetName): string[] {
  const own = new Set(facetKeys(value).map((k) => parseFacetKey(k)!.key));
  own.add(normaliseKey(value));
  const words = value.trim().split(/\s+/);
  if (facet === 'person' && words.length > 1) own.add(normaliseKey(words[0] as string));
  const entries = Array.isArray(distribution) ? distribution.map((d) => d.value) : Object.keys(distribution);
  const out = new Set<string>();
  for (const entry of entries) {
    const parsed = parseFacetKey(entry);
    if (parsed && parsed.value === value && !own.has(parsed.key)) out.add(parsed.key);
  }
  return [...out].sort();
}

/** Each alias key as written in `forms` (the first form whose key it is), else the key itself. */
export function asWritten(keys: readonly string[], forms: readonly string[]): string[] {
  const byKey = new Map<string, string>();
  for (const form of forms) {
    const key = normaliseKey(form);
    if (!byKey.has(key)) byKey.set(key, form);
  }
  return keys.map((key) => byKey.get(key) ?? key);
}

/**
 * The entity's timeline by month, exact however many months it spans: `first` (the month counts of
 * its articles, at most maxValuesPerFacet of them) is the first round; a cut answer is asked again
 * by publishedTs ranges (timeline-plan.ts), as a search's timeline is.
 */
async function entityMonths(
  backend: MatchBackend,
  search: SearchParams,
  entityFilter: string,
  first: Record<string, Record<string, number>>,
): Promise<Timeline> {
  const progress = await countTimeline(startTimeline('month', MAX_VALUES_PER_FACET), [first], MAX_VALUES_PER_FACET, async (parts) =>
    (
      await backend.sendMatches(
        'entity timeline',
        parts.map((part) => ({
          params: search,
          extra: { filter: [entityFilter, ...rangeFilter(part.range)], facets: [PERIOD_FIELDS[part.period]], page: 1, hitsPerPage: 0 },
        })),
      )
    ).map((a) => a.facetDistribution),
  );
  return finishTimeline(progress);
}

export async function entityProfile(
  backend: MatchBackend,
  facet: EntityFacet,
  value: string,
  params: EntityParams,
): Promise<EntityProfile> {
  const field = FACET_FIELDS[facet];
  const relatedFields = RELATED_FACETS.map((name) => FACET_FIELDS[name]);
  const search: SearchParams = {
    ...params,
    sort: 'newest',
    page: 1,
    hitsPerPage: Math.max(1, params.articles),
    collapse: false,
    facets: [],
  };
  const entityFilter = `${field} = ${quote(value)}`;
  const [[within], [archive]] = await Promise.all([
    backend.sendMatches('entity profile', [
      {
        params: search,
        extra: {
          filter: [entityFilter],
          // Months: the first round of the entity's timeline (entityMonths).
          facets: [...relatedFields, FACET_FIELDS.source, PERIOD_FIELDS.month, 'publishedTs'],
          sort: ['publishedTs:desc'],
          attributesToRetrieve: [...HIT_ATTRIBUTES],
          page: 1,
          hitsPerPage: params.articles,
        },
      },
    ]),
    backend.sendQueries('entity profile', [{ q: '', page: 1, hitsPerPage: 0, facets: relatedFields }]),
  ]);
  const count = within!.totalHits;
  if (count === 0)
    throw new LedeError(
      'not_found',
      `No articles with ${facet} "${value}"${params.q || params.from || params.to ? ' for this search' : ''}.`,
    );
  const archiveTotal = archive!.totalHits;
  const withinDist = within!.facetDistribution;
  const archiveDist = archive!.facetDistribution;

  // Values of the entity's articles that the archive's (truncated) counts miss: counted exactly.
  const lookups: Array<{ name: RelatedFacet; value: string }> = [];
  for (const name of RELATED_FACETS) {
    const f = FACET_FIELDS[name];
    const archiveValues = archiveDist[f] ?? {};
    if (Object.keys(archiveValues).length < MAX_VALUES_PER_FACET) continue;
    for (const [v, c] of Object.entries(withinDist[f] ?? {})) {
      if (c >= params.minCount && archiveValues[v] === undefined && lookups.length < MAX_LOOKUPS) lookups.push({ name, value: v });
    }
  }
  if (lookups.length) {
    const answers = await backend.sendQueries(
      'entity profile',
      lookups.map((l) => ({ q: '', page: 1, hitsPerPage: 0, filter: `${FACET_FIELDS[l.name]} = ${quote(l.value)}` })),
    );
    lookups.forEach((l, i) => {
      const f = FACET_FIELDS[l.name];
      archiveDist[f] = { ...archiveDist[f], [l.value]: answers[i]?.totalHits ?? 0 };
    });
  }

  const related = Object.fromEntries(
    RELATED_FACETS.map((name) => {
      const f = FACET_FIELDS[name];
      return [
        name,
        rankAssociations({
          within: withinDist[f] ?? {},
          archive: archiveDist[f] ?? {},
          entityCount: count,
          archiveTotal,
          exclude: name === facet ? new Set([value]) : undefined,
          minCount: params.minCount,
          limit: params.related,
        }),
      ];
    }),
  ) as Record<RelatedFacet, Related[]>;

  const keysField = facetSpec(facet).keysField;
  let aliases: string[] = [];
  if (keysField) {
    const found = await backend.facetValues('entity aliases', { facetName: keysField, facetQuery: '', q: '', filter: [entityFilter] });
    aliases = aliasesOf(value, found, facet);
    if (aliases.length > 0) {
      // The keys are lower-cased: show each as the articles wrote it when one of them did.
      const written = await backend.search('entity aliases', {
        q: '',
        filter: [entityFilter],
        limit: 100,
        attributesToRetrieve: ['entityAliases'],
      });
      aliases = asWritten(
        aliases,
        written.hits.flatMap((hit) => (hit as { entityAliases?: string[] }).entityAliases ?? []),
      );
    }
  }

  const stats = within!.facetStats['publishedTs'];
  return {
    facet,
    value,
    count,
    firstSeen: iso(stats?.min),
    lastSeen: iso(stats?.max),
    aliases,
    timeline: await entityMonths(backend, search, entityFilter, withinDist),
    related,
    sources: Object.entries(withinDist[FACET_FIELDS.source] ?? {})
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 10)
      .map(([v, c]) => ({ value: v, count: c })),
    articles: (within!.hits as Array<Hit<Article>>).slice(0, params.articles).map(toSearchHit),
    archiveTotal,
  };
}
