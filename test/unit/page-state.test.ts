import { describe, expect, it } from 'vitest';
import { FILTER_NAMES } from '../../src/search/params.ts';
import { escapeHtml } from '../../src/search/highlight.ts';
import { stateUrl, type PageState, type StateChange } from '../../src/server/page/state.ts';

/** stateUrl as it was written with URLSearchParams: the reference for the hand-made encoding. */
function reference(state: PageState, change: StateChange = {}): string {
  const toDate = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);
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

const base: PageState = { q: '', sort: 'relevance', page: 1, hitsPerPage: 20, collapse: false };
const tricky = ["Côte d'Ivoire", 'a b+c&d=e%f', "!'()~*-._", 'São Paulo / "x" <y>', '😀 emoji', 'A\uD800B', '#?[]@$,;:'];

describe('page links (stateUrl)', () => {
  it('encodes names and values exactly as URLSearchParams does', () => {
    for (const value of tricky) {
      const state: PageState = { ...base, q: value, country: [value, 'Albania'], person: ['Edi Rama'], from: 1_600_000_000 };
      const changes: StateChange[] = [
        {},
        { add: { name: 'topic', value } },
        { add: { name: 'country', value: 'Iran' } },
        { remove: { name: 'country', value } },
        { from: null, to: 1_700_000_000 },
        { clearFilters: true },
        { page: 3 },
      ];
      for (const change of changes) expect(stateUrl(state, change)).toBe(reference(state, change));
    }
  });

  it('keeps sort, collapse and page size and resets the page', () => {
    const state: PageState = { ...base, q: 'cyber', sort: 'newest', collapse: true, hitsPerPage: 50, page: 4 };
    expect(stateUrl(state)).toBe('/?q=cyber&sort=newest&collapse=true&hitsPerPage=50');
    expect(stateUrl(state, { page: 2 })).toBe(reference(state, { page: 2 }));
    expect(stateUrl(base)).toBe('/');
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters and leaves other text alone', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
    expect(escapeHtml('plain text, no specials')).toBe('plain text, no specials');
    expect(escapeHtml('')).toBe('');
    expect(escapeHtml('&')).toBe('&amp;');
    expect(escapeHtml('😀<')).toBe('😀&lt;');
  });
});
