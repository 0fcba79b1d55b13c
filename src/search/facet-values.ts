/**
 * Facet-value search (`/api/facets/{facet}`), planned once for one node and for a cluster: the
 * Meilisearch facet searches (on the facet field, and on its keys field for any word or alias of
 * a value), the union count query when `search` ORs words, and the assembly of their answers.
 * Pure, like plan.ts.
 */
import type { SearchParams as MeiliParams } from 'meilisearch';
import { FACET_FIELDS, facetSpec, normaliseKey, parseFacetKey } from '../facets.ts';
import { buildFilter } from './filters.ts';
import type { FacetValuesParams, FilterName } from './params.ts';
import { filterInput, placeholderUnionSort, searchParams, searchesOf, type PlannedQuery, type PlannedSearch } from './plan.ts';
import { compileQuery } from './query-language/compile.ts';
import { parseQuery } from './query-language/parse.ts';
import type { FacetCount } from './result.ts';

/** One Meilisearch facet search (`POST /indexes/{uid}/facet-search`), as plain data. */
export interface PlannedFacetSearch {
  facetName: string;
  facetQuery: string;
  /** The search the counts are restricted to (one branch of `search`). */
  search: PlannedSearch;
}

/** The Meilisearch parameters of a planned facet search. */
export function facetSearchParams(planned: PlannedFacetSearch): { facetName: string; facetQuery: string } & MeiliParams {
  return { facetName: planned.facetName, facetQuery: planned.facetQuery, ...searchParams(planned.search) };
}

export interface FacetHit {
  value: string;
  count: number;
}

/**
 * The facet searches of a facet-value request: on the facet field itself (values starting with
 * the query: all values of older documents), and, when the facet has a keys field and there is a
 * query, on the keys field (any word or alias of a value). Counts ignore the facet's own filter.
 * Facet search takes one query: a `search` that ORs words has one set of searches per branch.
 */
export function planFacetValues(facet: FilterName, params: FacetValuesParams): PlannedFacetSearch[] {
  const branches = compileQuery(parseQuery(params.search));
  const searches = searchesOf(branches, buildFilter(filterInput(params), { except: facet }));
  const spec = facetSpec(facet);
  const planned: PlannedFacetSearch[] = [];
  for (const search of searches) {
    planned.push({ facetName: spec.field, facetQuery: params.q, search });
    if (spec.keysField && params.q.trim() !== '') planned.push({ facetName: spec.keysField, facetQuery: normaliseKey(params.q), search });
  }
  return planned;
}

/**
 * When `search` ORs words, the count query that gives each value's exact count over the union
 * of the alternatives (one federated search, each article counted once); undefined otherwise.
 */
export function planFacetValueCounts(facet: FilterName, params: FacetValuesParams): PlannedQuery | undefined {
  const branches = compileQuery(parseQuery(params.search));
  if (branches.length < 2) return undefined;
  const planned: PlannedQuery = {
    searches: searchesOf(branches, buildFilter(filterInput(params), { except: facet })),
    facets: [FACET_FIELDS[facet]],
  };
  const sort = placeholderUnionSort(branches);
  if (sort) planned.sort = sort;
  return planned;
}

export interface FacetValuesAssembly {
  /** At most this many values. Default: all. */
  limit?: number;
  /** The facet's distribution from planFacetValueCounts' query, when one was planned. */
  counts?: Record<string, number> | undefined;
}

/**
 * Facet values from the answers to planFacetValues' searches (same order; a transport over
 * several shards sums each search's counts per value first). Keys are parsed back into their
 * canonical value; a value found several ways is one entry with its own count (every document
 * with the value holds all of its keys, so the largest count is the value's). With several
 * alternatives in `search`, a value's count comes from the union counts when they hold it, else
 * it is the largest alternative's count (a lower bound). A value whose key or alias equals the
 * query comes first, then the most frequent; equal counts in Meilisearch's order (by value,
 * descending).
 */
export function assembleFacetValues(
  facet: FilterName,
  params: FacetValuesParams,
  planned: readonly PlannedFacetSearch[],
  answers: ReadonlyArray<readonly FacetHit[]>,
  options: FacetValuesAssembly = {},
): FacetCount[] {
  const query = normaliseKey(params.q);
  const found = new Map<string, { count: number; exact: boolean }>();
  const add = (value: string, key: string, count: number) => {
    const entry = found.get(value) ?? { count: 0, exact: false };
    entry.count = Math.max(entry.count, count);
    entry.exact ||= query !== '' && key === query;
    found.set(value, entry);
  };
  planned.forEach((search, i) => {
    const keyed = !FACET_FIELDS_SET.has(search.facetName);
    for (const hit of answers[i] ?? []) {
      if (!keyed) {
        add(hit.value, normaliseKey(hit.value), hit.count);
      } else {
        const parsed = parseFacetKey(hit.value);
        if (parsed) add(parsed.value, normaliseKey(parsed.key), hit.count);
      }
    }
  });
  if (options.counts) {
    const exact = new Map(Object.entries(options.counts).map(([value, count]) => [facetIdentity(value), count]));
    for (const [value, entry] of found) entry.count = exact.get(facetIdentity(value)) ?? entry.count;
  }
  const selected = new Set(params[facet] ?? []);
  return [...found]
    .sort(([a, x], [b, y]) => Number(y.exact) - Number(x.exact) || y.count - x.count || (a < b ? 1 : a > b ? -1 : 0))
    .slice(0, options.limit ?? Infinity)
    .map(([value, { count }]) => ({ value, count, selected: selected.has(value) }));
}

/** Meilisearch's facet value identity: trimmed, NFKD, lower case. */
export const facetIdentity = (value: string) => value.trim().normalize('NFKD').toLowerCase();

const FACET_FIELDS_SET = new Set<string>(Object.values(FACET_FIELDS));
