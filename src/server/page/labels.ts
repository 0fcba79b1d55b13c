/** Human labels for facets and dates on the page. */
import type { FilterName } from '../../search/params.ts';

export const FACET_LABELS: Record<FilterName, { plural: string; singular: string }> = {
  country: { plural: 'Countries', singular: 'Country' },
  person: { plural: 'People', singular: 'Person' },
  organization: { plural: 'Organizations', singular: 'Organization' },
  topic: { plural: 'Topics', singular: 'Topic' },
  source: { plural: 'Sources', singular: 'Source' },
  language: { plural: 'Languages', singular: 'Language' },
};

/** The facets the page shows, in order. */
export const PAGE_FACETS: FilterName[] = ['country', 'person', 'topic', 'organization', 'source', 'language'];

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const numberFormat = new Intl.NumberFormat('en-GB');

export function formatDate(iso: string | null): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? '' : dateFormat.format(ms);
}

export const formatCount = (n: number) => numberFormat.format(n);
