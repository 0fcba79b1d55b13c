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

/** A state's own parameters, encoded once: a page makes hundreds of links from one state. */
interface EncodedState {
  q: string | undefined;
  /** Per filter, in FILTER_NAMES order: its values and their encoded `name=value` pairs. */
  filters: Array<{ name: FilterName; values: readonly string[]; pairs: string[] }>;
  from: string | undefined;
  to: string | undefined;
  /** sort, collapse and hitsPerPage, as they follow the dates. */
  tail: string[];
}

const encodedStates = new WeakMap<PageState, EncodedState>();

function encodedState(state: PageState): EncodedState {
  let encoded = encodedStates.get(state);
  if (encoded) return encoded;
  const tail: string[] = [];
  if (state.sort !== 'relevance') tail.push(`sort=${formEncode(state.sort)}`);
  if (state.collapse) tail.push('collapse=true');
  if (state.hitsPerPage !== 20) tail.push(`hitsPerPage=${state.hitsPerPage}`);
  encoded = {
    q: state.q ? `q=${formEncode(state.q)}` : undefined,
    filters: FILTER_NAMES.map((name) => {
      const values = state[name] ?? [];
      return { name, values, pairs: values.map((value) => `${name}=${formEncode(value)}`) };
    }),
    from: state.from !== undefined ? `from=${toDate(state.from)}` : undefined,
    to: state.to !== undefined ? `to=${toDate(state.to)}` : undefined,
    tail,
  };
  encodedStates.set(state, encoded);
  return encoded;
}

/**
 * The query string (with leading "?", or "/" alone) of a state after a change; page resets to 1.
 * The same string URLSearchParams would make (parameters in the same order).
 */
export function stateUrl(state: PageState, change: StateChange = {}): string {
  const encoded = encodedState(state);
  const parts: string[] = [];
  if (encoded.q !== undefined) parts.push(encoded.q);
  if (!change.clearFilters) {
    const removed = change.remove;
    const added = change.add;
    for (const { name, values, pairs } of encoded.filters) {
      const remove = removed?.name === name ? removed.value : undefined;
      for (let i = 0; i < values.length; i++) if (values[i] !== remove) parts.push(pairs[i]!);
      if (added?.name === name && (added.value === remove || !values.includes(added.value))) {
        parts.push(`${name}=${formEncode(added.value)}`);
      }
    }
  }
  // Clearing the filters clears the dates too.
  if (!change.clearFilters) {
    if (change.from === undefined) {
      if (encoded.from !== undefined) parts.push(encoded.from);
    } else if (change.from !== null) parts.push(`from=${toDate(change.from)}`);
    if (change.to === undefined) {
      if (encoded.to !== undefined) parts.push(encoded.to);
    } else if (change.to !== null) parts.push(`to=${toDate(change.to)}`);
  }
  for (const part of encoded.tail) parts.push(part);
  if (change.page && change.page > 1) parts.push(`page=${change.page}`);
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
