/**
 * The enrichment fields of an article document, from one Enrichment. Both ingest
 * (`toEvents` in ingest/pipeline.ts) and `lede retag` store exactly what this returns, so a
 * document retagged today equals the same article ingested today.
 *
 * Besides the facet values it derives the fields that make entities findable by their other
 * names: `<facet>Keys` ("blair ⇒ Tony Blair": facet-value search by any last part of the name
 * or by an alias, see `facetKeys`), `entityAliases` (full-text search by an alias) and
 * `pendingPersons` (surnames the archive may resolve, see ingest/ops/resolve-pending.ts).
 */
import type { Article } from '../../src/article.ts';
import type { Enrichment } from './types.ts';

/**
 * Between the lookup key and the canonical value in a `<facet>Keys` entry.
 * (The facet registry in src/ will export the same constant; swap this one for it when it lands.)
 */
export const FACET_KEY_SEPARATOR = ' ⇒ ';

/** Every enrichment field of an article: what `lede retag` compares and rewrites, and nothing else. */
export const ENRICHMENT_FIELDS = [
  'countries',
  'countryCodes',
  'persons',
  'organizations',
  'topics',
  'personKeys',
  'organizationKeys',
  'countryKeys',
  'entityAliases',
  'pendingPersons',
] as const satisfies ReadonlyArray<keyof Article>;

export type EnrichmentField = (typeof ENRICHMENT_FIELDS)[number];

/** The fields of a stored article that enrichment produces. */
export type DocumentEnrichmentFields = Pick<Article, EnrichmentField>;

const tokensOf = (text: string): string[] => text.trim().split(/\s+/).filter(Boolean);

function unique(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/**
 * The lookup keys of one facet value, as `"<key> ⇒ <value>"`: a key for every token suffix of the
 * value and one for each alias, lower-cased, without duplicates. For "Tony Blair" with the alias
 * "Anthony Blair": "tony blair ⇒ Tony Blair", "blair ⇒ Tony Blair", "anthony blair ⇒ Tony Blair".
 * Meilisearch facet search matches the start of a facet value, so these make a value findable
 * by its surname or any alias while the facet itself shows only the canonical value.
 * (The facet registry in src/ will export the same helper; swap this one for it when it lands.)
 */
export function facetKeys(value: string, aliases: readonly string[] = []): string[] {
  const tokens = tokensOf(value);
  const keys: string[] = [];
  for (let i = 0; i < tokens.length; i++) keys.push(tokens.slice(i).join(' ').toLowerCase());
  for (const alias of aliases) {
    const key = tokensOf(alias).join(' ').toLowerCase();
    if (key) keys.push(key);
  }
  return unique(keys).map((key) => `${key}${FACET_KEY_SEPARATOR}${value}`);
}

function keysOf(values: readonly string[], aliases: Record<string, string[]>): string[] {
  return unique(values.flatMap((value) => facetKeys(value, aliases[value] ?? [])));
}

function aliasesOf(values: readonly string[], aliases: Record<string, string[]>): string[] {
  return values.flatMap((value) => (aliases[value] ?? []).filter((alias) => alias.trim() && alias !== value));
}

/** The enrichment fields an article document stores for `enrichment`. */
export function documentEnrichmentFields(enrichment: Enrichment): DocumentEnrichmentFields {
  const { facets, aliases } = enrichment;
  return {
    countries: facets.countries,
    countryCodes: facets.countryCodes,
    persons: facets.persons,
    organizations: facets.organizations,
    topics: facets.topics,
    personKeys: keysOf(facets.persons, aliases.persons),
    organizationKeys: keysOf(facets.organizations, aliases.organizations),
    countryKeys: keysOf(facets.countries, aliases.countries),
    entityAliases: unique([
      ...aliasesOf(facets.persons, aliases.persons),
      ...aliasesOf(facets.organizations, aliases.organizations),
      ...aliasesOf(facets.countries, aliases.countries),
    ]),
    pendingPersons: unique(enrichment.pendingPersons),
  };
}

/** A pending surname the archive resolved to a person (see ingest/enrich/resolve.ts). */
export interface PersonResolution {
  surname: string;
  name: string;
  /** The person's other names (from the entity lists or the watchlist), for keys and search. */
  aliases: string[];
}

type PersonFields = Pick<DocumentEnrichmentFields, 'persons' | 'personKeys' | 'entityAliases' | 'pendingPersons'>;

/**
 * The person fields of a document once `resolutions` are applied: each resolved name joins
 * `persons` (with its keys and aliases) and its surname leaves `pendingPersons`. Fields that are
 * missing (documents stored before they existed) count as empty.
 */
export function withResolvedPersons<T extends Partial<PersonFields>>(fields: T, resolutions: readonly PersonResolution[]): T & PersonFields {
  const resolved = new Set(resolutions.map((r) => r.surname.toLowerCase()));
  return {
    ...fields,
    persons: unique([...(fields.persons ?? []), ...resolutions.map((r) => r.name)]),
    personKeys: unique([...(fields.personKeys ?? []), ...resolutions.flatMap((r) => facetKeys(r.name, r.aliases))]),
    entityAliases: unique([...(fields.entityAliases ?? []), ...resolutions.flatMap((r) => r.aliases.filter((a) => a.trim() && a !== r.name))]),
    pendingPersons: (fields.pendingPersons ?? []).filter((surname) => !resolved.has(surname.toLowerCase())),
  };
}
