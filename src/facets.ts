/**
 * The facet registry: every facet Lede computes, filters and counts on, declared once. The
 * document type (article.ts), the index settings, the API parameters and therefore the OpenAPI
 * document, the page labels and `lede extract --explain` are derived from it, so adding a facet
 * means adding an entry here and the enrichment that fills its field.
 *
 * This module imports nothing of the project.
 */

/** What one facet is. */
export interface FacetSpec {
  /** Public name: the API filter parameter (`?country=Albania`), the `/api/facets/{facet}` path, the query-language field. */
  readonly name: string;
  /** The document field that holds its values. */
  readonly field: string;
  /** Whether a document holds several values (`string[]`) or one (`string`). */
  readonly multi: boolean;
  /** Page labels: "Country" / "Countries". */
  readonly label: { readonly singular: string; readonly plural: string };
  /** One sentence for the API documentation, with an example value. */
  readonly description: string;
  /** Position of its panel on the page (lower first). */
  readonly pageOrder: number;
  /** Filled by enrichment (and explained by `lede extract --explain`), rather than by normalisation. */
  readonly enriched: boolean;
  /**
   * Hidden field of `"<key> ⇒ <Canonical Value>"` strings (see facetKeys) that lets facet-value
   * search find a value by any of its words or aliases. Absent on facets without one.
   */
  readonly keysField?: string;
}

export const FACETS = [
  {
    name: 'country',
    field: 'countries',
    multi: true,
    label: { singular: 'Country', plural: 'Countries' },
    description: 'Country name, e.g. Albania.',
    pageOrder: 1,
    enriched: true,
    keysField: 'countryKeys',
  },
  {
    name: 'person',
    field: 'persons',
    multi: true,
    label: { singular: 'Person', plural: 'People' },
    description: 'Person name, e.g. Edi Rama.',
    pageOrder: 2,
    enriched: true,
    keysField: 'personKeys',
  },
  {
    name: 'organization',
    field: 'organizations',
    multi: true,
    label: { singular: 'Organization', plural: 'Organizations' },
    description: 'Organization name.',
    pageOrder: 4,
    enriched: true,
    keysField: 'organizationKeys',
  },
  {
    name: 'topic',
    field: 'topics',
    multi: true,
    label: { singular: 'Topic', plural: 'Topics' },
    description: 'IPTC top-level topic or subtopic name.',
    pageOrder: 3,
    enriched: true,
  },
  {
    name: 'source',
    field: 'source',
    multi: false,
    label: { singular: 'Source', plural: 'Sources' },
    description: 'Publisher name.',
    pageOrder: 5,
    enriched: false,
  },
  {
    name: 'language',
    field: 'language',
    multi: false,
    label: { singular: 'Language', plural: 'Languages' },
    description: 'ISO 639-1 language code, e.g. en.',
    pageOrder: 6,
    enriched: false,
  },
] as const satisfies readonly FacetSpec[];

type Registry = (typeof FACETS)[number];

/** A facet's public name: `country`, `person`, … */
export type FacetName = Registry['name'];
/** A facet's document field: `countries`, `persons`, … */
export type FacetField = Registry['field'];
/** The facet fields that enrichment fills. */
export type EnrichedFacetField = Extract<Registry, { enriched: true }>['field'];
/** The hidden keys fields: `countryKeys`, `personKeys`, `organizationKeys`. */
export type FacetKeysField = Extract<Registry, { keysField: string }>['keysField'];

/**
 * The document fields the registry declares, typed: `string[]` for multi-valued facets, `string`
 * for the others, and the keys fields as optional `string[]` (documents indexed before keys
 * existed have none). article.ts builds the Article type from this.
 */
export type FacetDocumentFields = {
  [F in Registry as F['field']]: F['multi'] extends true ? string[] : string;
} & {
  [F in Extract<Registry, { keysField: string }> as F['keysField']]?: string[];
};

/** Public names, in registry order (the API's order). */
export const FACET_NAMES: readonly FacetName[] = FACETS.map((f) => f.name);

/** Public name → document field. */
export const FACET_FIELDS = Object.fromEntries(FACETS.map((f) => [f.name, f.field])) as {
  readonly [F in Registry as F['name']]: F['field'];
};

/** The spec of a facet by public name. */
export function facetSpec(name: FacetName): FacetSpec {
  return FACETS.find((f) => f.name === name)!;
}

/** Every hidden keys field. */
export const FACET_KEYS_FIELDS: readonly FacetKeysField[] = FACETS.flatMap((f: FacetSpec) =>
  f.keysField ? [f.keysField as FacetKeysField] : [],
);

/** Between the lower-case key and the canonical value in a keys-field string. */
export const FACET_KEY_SEPARATOR = ' ⇒ ';

/**
 * Words a value's token suffix may not start with: "of england" is no way to look up the Bank of
 * England. English and the commonest Romance/Germanic articles and prepositions in names.
 */
const NOT_A_START = new Set([
  'of',
  'the',
  'and',
  'for',
  'de',
  'del',
  'la',
  'le',
  'les',
  'el',
  'van',
  'von',
  'der',
  'den',
  'du',
  'da',
  'di',
  'al',
  '&',
]);

/** Lower case, one space between words, trimmed: how keys and facet-value queries compare. */
export function normaliseKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * The keys-field strings of one canonical facet value: one per token suffix of the value
 * ("tony blair", "blair") and one per alias ("uk"), each `"<key> ⇒ <Value>"`, lower-case keys,
 * no duplicates. Tokens are split at spaces and hyphens ("al-shabaab" also gives "shabaab").
 * Values containing the separator itself yield no keys.
 */
export function facetKeys(value: string, aliases: readonly string[] = []): string[] {
  const canonical = value.replace(/\s+/g, ' ').trim();
  if (!canonical || canonical.includes(FACET_KEY_SEPARATOR.trim())) return [];
  const lower = normaliseKey(canonical);
  const keys = new Set<string>([lower]);
  for (const match of lower.matchAll(/[^\s\-‐–—]+/g)) {
    if (match.index === 0 || NOT_A_START.has(match[0])) continue;
    keys.add(lower.slice(match.index));
  }
  for (const alias of aliases) {
    const key = normaliseKey(alias);
    if (key && !key.includes(FACET_KEY_SEPARATOR.trim())) keys.add(key);
  }
  return [...keys].map((key) => `${key}${FACET_KEY_SEPARATOR}${canonical}`);
}

/** A keys-field string back into its key and canonical value; undefined when it is not one. */
export function parseFacetKey(entry: string): { key: string; value: string } | undefined {
  const at = entry.indexOf(FACET_KEY_SEPARATOR);
  if (at <= 0) return undefined;
  const value = entry.slice(at + FACET_KEY_SEPARATOR.length).trim();
  return value ? { key: entry.slice(0, at), value } : undefined;
}
