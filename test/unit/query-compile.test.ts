import { describe, expect, it } from 'vitest';
import { LedeError } from '../../src/errors.ts';
import { MAX_BRANCHES, compileQuery } from '../../src/search/query-language/compile.ts';
import { parseQuery } from '../../src/search/query-language/parse.ts';

const compile = (q: string) => compileQuery(parseQuery(q));
const qs = (q: string) => compile(q).map((b) => b.q);
const code = (q: string) => {
  try {
    compile(q);
  } catch (error) {
    if (error instanceof LedeError) return error.code;
    throw error;
  }
  return undefined;
};

describe('compileQuery', () => {
  it('keeps a query without OR between words as one search, with the prefix word last', () => {
    expect(compile('')).toEqual([{ q: '', filter: [], titleOnly: false, restrictions: [] }]);
    expect(compile('hack* "prime minister" -football cyber')).toEqual([
      { q: '"prime minister" cyber -football hack', filter: [], titleOnly: false, restrictions: [] },
    ]);
  });

  it('distributes AND over OR and pushes NOT down to the terms', () => {
    expect(qs('(a OR b) (c OR d)')).toEqual(['a c', 'a d', 'b c', 'b d']);
    expect(qs('-(a b) c')).toEqual(['c -a', 'c -b']);
    expect(qs('NOT (a OR b)')).toEqual(['-a -b']);
    expect(qs('a OR a')).toEqual(['a']);
  });

  it('keeps facet terms as one escaped filter expression, whatever their nesting', () => {
    expect(compile('(country:A OR country:B) -person:"X Y" cyber')).toEqual([
      { q: 'cyber', filter: ['(countries = "A") OR (countries = "B")', 'NOT (persons = "X Y")'], titleOnly: false, restrictions: [] },
    ]);
    expect(compile(String.raw`organization:"Back\slash Org" source:a`)).toEqual([
      { q: '', filter: [String.raw`(organizations = "Back\\slash Org") AND (source = "a")`], titleOnly: false, restrictions: [] },
    ]);
    expect(compile('hacking OR country:Israel')).toEqual([
      { q: 'hacking', filter: [], titleOnly: false, restrictions: [] },
      { q: '', filter: ['countries = "Israel"'], titleOnly: false, restrictions: [] },
    ]);
  });

  it('searches the headline only when every word is title:, and restricts by headline searches when mixed', () => {
    expect(compile('title:cyber title:"fraud ring" -title:football')).toEqual([
      { q: 'cyber "fraud ring" -football', filter: [], titleOnly: true, restrictions: [] },
    ]);
    expect(compile('title:cyber fraud -title:football')).toEqual([
      { q: 'cyber fraud', filter: [], titleOnly: false, restrictions: [{ q: 'cyber -football', exclude: false }] },
    ]);
    expect(compile('cyber -title:football -title:tennis')).toEqual([
      {
        q: 'cyber',
        filter: [],
        titleOnly: false,
        restrictions: [
          { q: 'football', exclude: true },
          { q: 'tennis', exclude: true },
        ],
      },
    ]);
  });

  it('refuses what Meilisearch cannot run, saying why', () => {
    expect(code('cyber* hack*')).toBe('unsupported_query');
    expect(code('cyber -hack*')).toBe('unsupported_query');
    expect(code('(a OR b OR c) (d OR e OR f)')).toBe('query_too_complex');
    expect(compile('(a OR b) (c OR d) (e OR f)')).toHaveLength(MAX_BRANCHES);
    expect(code('cyber* OR hack*')).toBeUndefined();
  });
});
