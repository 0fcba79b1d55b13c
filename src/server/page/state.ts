/**
 * The page state lives in the URL: the search parameters, turned back into links that add or
 * remove a filter, change page or dates, so every state can be shared, reloaded and crawled.
 */
import { FILTER_NAMES, type FilterName, type SearchParams } from '../../search/params.ts';

export type PageState = SearchParams;

export interface StateChange {
  add?: { name: FilterName; value: string };
  remove?: { name: FilterName; value: string };
  /** Unix seconds or null to clear. */
  from?: number | null;
  to?: number | null;
  page?: number;
  clearFilters?: boolean;
}

export const toDate = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);

/** The query string (with leading "?", or "/" alone) of a state after a change; page resets to 1. */
export function stateUrl(state: PageState, change: StateChange = {}): string {
  const search = new URLSearchParams();
  if (state.q) search.set('q', state.q);
  for (const name of FILTER_NAMES) {
    if (change.clearFilters) continue;
    let values = [...(state[name] ?? [])];
    if (change.remove?.name === name) values = values.filter((v) => v !== change.remove!.value);
    if (change.add?.name === name && !values.includes(change.add.value)) values.push(change.add.value);
    for (const value of values) search.append(name, value);
  }
  const from = change.clearFilters ? null : change.from !== undefined ? change.from : state.from;
  const to = change.clearFilters ? null : change.to !== undefined ? change.to : state.to;
  if (from !== null && from !== undefined) search.set('from', toDate(from));
  if (to !== null && to !== undefined) search.set('to', toDate(to));
  if (state.sort !== 'relevance') search.set('sort', state.sort);
  if (state.collapse) search.set('collapse', 'true');
  if (state.hitsPerPage !== 20) search.set('hitsPerPage', String(state.hitsPerPage));
  if (change.page && change.page > 1) search.set('page', String(change.page));
  const query = search.toString();
  return query ? `/?${query}` : '/';
}

export function hasFilters(state: PageState): boolean {
  return FILTER_NAMES.some((name) => (state[name]?.length ?? 0) > 0) || state.from !== undefined || state.to !== undefined;
}

/** The /api/export URL of a state's whole search (every match, not one page) in a format. */
export function exportUrl(state: PageState, format: 'csv' | 'ndjson' | 'json'): string {
  const search = new URLSearchParams(stateUrl({ ...state, collapse: false, hitsPerPage: 20 }).slice(2));
  search.set('format', format);
  return `/api/export?${search.toString()}`;
}
