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

const PLAIN = /^[A-Za-z0-9*._-]*$/;

/**
 * One name or value as URLSearchParams serialises it (application/x-www-form-urlencoded: all but
 * ASCII letters, digits and `*-._` percent-encoded, space as `+`), without building a
 * URLSearchParams per link (a page has hundreds of links).
 */
function formEncode(text: string): string {
  if (PLAIN.test(text)) return text;
  try {
    return encodeURIComponent(text)
      .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
      .replaceAll('%20', '+');
  } catch {
    // A lone surrogate: URLSearchParams replaces it (U+FFFD); let it.
    return new URLSearchParams([['', text]]).toString().slice(1);
  }
}

/** The query string (with leading "?", or "/" alone) of a state after a change; page resets to 1. */
export function stateUrl(state: PageState, change: StateChange = {}): string {
  const parts: string[] = [];
  const add = (name: string, value: string) => parts.push(`${name}=${formEncode(value)}`);
  if (state.q) add('q', state.q);
  if (!change.clearFilters) {
    for (const name of FILTER_NAMES) {
      const current = state[name];
      const removed = change.remove?.name === name ? change.remove.value : undefined;
      if (current) for (const value of current) if (value !== removed) add(name, value);
      const added = change.add?.name === name ? change.add.value : undefined;
      if (added !== undefined && (added === removed || !current?.includes(added))) add(name, added);
    }
  }
  const from = change.clearFilters ? null : change.from !== undefined ? change.from : state.from;
  const to = change.clearFilters ? null : change.to !== undefined ? change.to : state.to;
  if (from !== null && from !== undefined) add('from', toDate(from));
  if (to !== null && to !== undefined) add('to', toDate(to));
  if (state.sort !== 'relevance') add('sort', state.sort);
  if (state.collapse) add('collapse', 'true');
  if (state.hitsPerPage !== 20) add('hitsPerPage', String(state.hitsPerPage));
  if (change.page && change.page > 1) add('page', String(change.page));
  return parts.length ? `/?${parts.join('&')}` : '/';
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
