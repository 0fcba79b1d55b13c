/**
 * Meilisearch filter expressions built only from escaped values, so a value like
 * `Albania" OR country = "Iran` filters for that literal string and nothing else.
 */
import { FILTER_FIELDS, FILTER_NAMES, type FilterName } from './params.ts';

/** A double-quoted filter string literal: `\` and `"` escaped with a backslash. */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** `attr = "a" OR attr = "b"` for the values of one facet (OR within a facet). */
export function anyOf(attribute: string, values: readonly string[]): string {
  return values.map((value) => `${attribute} = ${quote(value)}`).join(' OR ');
}

export interface FilterInput {
  /** Facet values by public filter name. */
  values: Partial<Record<FilterName, string[] | undefined>>;
  /** Unix seconds, inclusive. */
  from?: number | undefined;
  to?: number | undefined;
}

/**
 * The filter for a search, as Meilisearch's array form (AND of its elements); `except` leaves
 * out one facet's own filter, which is how disjunctive facet counts are computed, and
 * `withoutDates` leaves out the date range (for the timeline of the page).
 */
export function buildFilter(input: FilterInput, options: { except?: FilterName; withoutDates?: boolean } = {}): string[] {
  const parts: string[] = [];
  for (const name of FILTER_NAMES) {
    const values = input.values[name];
    if (name === options.except || !values || values.length === 0) continue;
    parts.push(`(${anyOf(FILTER_FIELDS[name], values)})`);
  }
  if (!options.withoutDates) {
    if (input.from !== undefined) parts.push(`publishedTs >= ${Math.trunc(input.from)}`);
    if (input.to !== undefined) parts.push(`publishedTs <= ${Math.trunc(input.to)}`);
  }
  return parts;
}

/** The filter names that have at least one value. */
export function activeFilters(input: FilterInput): FilterName[] {
  return FILTER_NAMES.filter((name) => (input.values[name]?.length ?? 0) > 0);
}
