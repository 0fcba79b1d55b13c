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
import { facetKeys } from '../../src/facets.ts';

export { FACET_KEY_SEPARATOR, facetKeys } from '../../src/facets.ts';
import type { Enrichment } from './types.ts';

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
  'pendingOrganizations',
  'workTitles',
] as const satisfies ReadonlyArray<keyof Article>;

export type EnrichmentField = (typeof ENRICHMENT_FIELDS)[number];

/** The fields of a stored article that enrichment produces. */
export type DocumentEnrichmentFields = Pick<Required<Article>, EnrichmentField>;

function unique(values: Iterable<string>): string[] {
  return [...new Set(values)];
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
    pendingOrganizations: unique(enrichment.pendingOrganizations),
    workTitles: unique(enrichment.workTitles),
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
export function withResolvedPersons<T extends Partial<PersonFields>>(
  fields: T,
  resolutions: readonly PersonResolution[],
): T & PersonFields {
  const resolved = new Set(resolutions.map((r) => r.surname.toLowerCase()));
  return {
    ...fields,
    persons: unique([...(fields.persons ?? []), ...resolutions.map((r) => r.name)]),
    personKeys: unique([...(fields.personKeys ?? []), ...resolutions.flatMap((r) => facetKeys(r.name, r.aliases))]),
    entityAliases: unique([
      ...(fields.entityAliases ?? []),
      ...resolutions.flatMap((r) => r.aliases.filter((a) => a.trim() && a !== r.name)),
    ]),
    pendingPersons: (fields.pendingPersons ?? []).filter((surname) => !resolved.has(surname.toLowerCase())),
  };
}

/** The organization fields the resolution pass reads and writes. */
export type OrganizationFields = Pick<DocumentEnrichmentFields, 'organizations' | 'organizationKeys' | 'pendingOrganizations'>;

/** `fields` with the organizations the archive confirmed moved from `pendingOrganizations` into the facet. */
export function withConfirmedOrganizations<T extends Partial<OrganizationFields>>(
  fields: T,
  confirmed: readonly string[],
): T & OrganizationFields {
  const moved = new Set(confirmed);
  return {
    ...fields,
    organizations: unique([...(fields.organizations ?? []), ...confirmed]),
    organizationKeys: unique([...(fields.organizationKeys ?? []), ...confirmed.flatMap((name) => facetKeys(name))]),
    pendingOrganizations: (fields.pendingOrganizations ?? []).filter((name) => !moved.has(name)),
  };
}
