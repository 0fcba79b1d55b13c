/** Human labels for facets and dates on the page. */
import { FACETS } from '../../facets.ts';
import type { FilterName } from '../../search/params.ts';

/** Singular and plural label of each facet (from the facet registry). */
export const FACET_LABELS = Object.fromEntries(FACETS.map((f) => [f.name, f.label])) as Record<
  FilterName,
  { plural: string; singular: string }
>;

/** The facets the page shows, in order. */
export const PAGE_FACETS: FilterName[] = [...FACETS].sort((a, b) => a.pageOrder - b.pageOrder).map((f) => f.name);

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const numberFormat = new Intl.NumberFormat('en-GB');

export function formatDate(iso: string | null): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? '' : dateFormat.format(ms);
}

/** Counts below 1,000 need no grouping separator: String() spares the Intl call (hundreds per page). */
export const formatCount = (n: number) => (Number.isInteger(n) && n >= 0 && n < 1000 ? String(n) : numberFormat.format(n));
