import { describe, expect, it } from 'vitest';
import {
  alternatives,
  fold,
  formatQuery,
  generatorSource,
  goldDocument,
  type GoldQuery,
  caseQuery,
  matchAll,
  matches,
  randomCase,
  PLAIN_WORD,
  randomQuery,
  tokenize,
} from '../../eval/exactness/matcher.ts';
import { prng } from '../../bench/prng.ts';
import { parseQuery } from '../../src/search/query-language/parse.ts';

const w = (word: string, title = false): GoldQuery => ({ type: 'word', word, title });
const not = (child: GoldQuery): GoldQuery => ({ type: 'not', child });
const and = (...children: GoldQuery[]): GoldQuery => ({ type: 'and', children });
const or = (...children: GoldQuery[]): GoldQuery => ({ type: 'or', children });

const DOCS = [
  {
    id: 'a',
    title: 'Café owners protest',
    standfirst: 'Rents rose again.',
    body: "The owners' union—backed by the mayor—met on Tuesday; e-mail was down.",
    persons: ['Zoë Ball'],
    countries: ['France'],
    topics: ['economy, business and finance'],
    source: 'Example News',
    secret: 'hidden words',
  },
  {
    id: 'b',
    title: 'Mayor wins vote',
    standfirst: '',
    body: 'The mayoral race ended with 3,500 votes for the mayor.',
    organizations: ['City Council'],
    countries: ['United Kingdom'],
    entityAliases: ['UK'],
    source: 'Example News',
  },
  { id: 'c', title: 'Nothing here', body: 'Owner of a café.', authors: ['Ann Lee'], countries: [] },
];
const docs = DOCS.map(goldDocument);
const ids = (q: GoldQuery) => [...matchAll(q, docs)].sort();

describe('the tokenizer', () => {
  it('folds case and diacritics and splits at white space, punctuation and some math symbols', () => {
    expect(fold('Café ZOË')).toBe('cafe zoe');
    expect(tokenize("The owners' union—backed e-mail 3,500 mp3")).toEqual([
      'the',
      'owners',
      'union',
      'backed',
      'e',
      'mail',
      '3',
      '500',
      'mp3',
    ]);
    expect(tokenize('x_y #1 76% AT&T a+b 3×4 it’s “q” m²')).toEqual([
      'x',
      'y',
      '1',
      '76',
      'at',
      't',
      'a',
      'b',
      '3',
      '4',
      'it',
      's',
      'q',
      'm2',
    ]);
  });

  it('keeps currency and other symbols inside the word, as Meilisearch does', () => {
    expect(tokenize('$8.5bn, £600m and US$5 at 25°C')).toEqual(['$8', '5bn', '£600m', 'and', 'us$5', 'at', '25°c']);
  });
});

describe('the matcher', () => {
  it('matches a quoted word exactly, in any searchable attribute, never a prefix or a plural', () => {
    expect(ids(w('mayor'))).toEqual(['a', 'b']);
    expect(ids(w('mayoral'))).toEqual(['b']);
    expect(ids(w('owner'))).toEqual(['c']);
    expect(ids(w('cafe'))).toEqual(['a', 'c']);
    expect(ids(w('zoe'))).toEqual(['a']); // persons
    expect(ids(w('council'))).toEqual(['b']); // organizations
    expect(ids(w('uk'))).toEqual(['b']); // entityAliases
    expect(ids(w('finance'))).toEqual(['a']); // topics
    expect(ids(w('lee'))).toEqual(['c']); // authors
    expect(ids(w('example'))).toEqual(['a', 'b']); // source
    expect(ids(w('hidden'))).toEqual([]); // not a searchable attribute
  });

  it('matches title:"w" in the headline only', () => {
    expect(ids(w('mayor', true))).toEqual(['b']);
    expect(ids(w('owners', true))).toEqual(['a']);
  });

  it('combines with AND, OR and NOT, and matches country terms on the exact value, folded', () => {
    expect(ids(or(w('cafe'), w('vote')))).toEqual(['a', 'b', 'c']);
    expect(ids(and(w('mayor'), not(w('cafe'))))).toEqual(['b']);
    expect(ids(not(or(w('mayor'), w('owner'))))).toEqual([]);
    expect(ids({ type: 'country', value: 'united kingdom' })).toEqual(['b']);
    expect(ids({ type: 'country', value: 'United' })).toEqual([]);
    expect(matches(not({ type: 'country', value: 'France' }), docs[2]!)).toBe(true);
  });

  it('counts the alternative searches of a query as Lede documents them (DNF over words)', () => {
    expect(alternatives(and(or(w('a'), w('b')), or(w('c'), w('d'))))).toBe(4);
    expect(alternatives(not(and(w('a'), w('b'), w('c'))))).toBe(3);
    expect(alternatives(or({ type: 'country', value: 'X' }, { type: 'country', value: 'Y' }))).toBe(1);
    expect(alternatives(and(w('a'), or({ type: 'country', value: 'X' }, w('b'))))).toBe(2);
  });
});

describe('the query generator', () => {
  const source = generatorSource(DOCS);

  it('draws plain words of letters only', () => {
    expect(source.words.every((x) => PLAIN_WORD.test(x))).toBe(true);
    expect(source.words).not.toContain('3');
    expect(source.words).not.toContain('e');
    expect(source.vocabulary).toContain('mayoral');
    expect(source.titleWords).toContain('mayor');
    expect(source.countries).toEqual(['France', 'United Kingdom']);
  });

  it('is deterministic for a seed and stays within 8 alternatives', () => {
    const draw = (seed: number) => {
      const random = prng(seed);
      return Array.from({ length: 50 }, () => formatQuery(randomQuery(source, random), random));
    };
    expect(draw(3)).toEqual(draw(3));
    expect(draw(3)).not.toEqual(draw(4));
    const random = prng(5);
    for (let i = 0; i < 200; i++) expect(alternatives(randomQuery(source, random))).toBeLessThanOrEqual(8);
  });

  it('writes queries Lede parses, with parentheses where AND / OR / NOT binding needs them', () => {
    // Every optional parenthesis, explicit AND, "-":
    expect(formatQuery(and(or(w('a'), w('b')), not(w('c', true))), () => 0)).toBe('("a" OR "b") AND -(title:"c")');
    // None of them: OR binds tighter than AND, NOT tighter than OR.
    expect(formatQuery(and(or(w('a'), w('b')), not(w('c', true))))).toBe('"a" OR "b" NOT title:"c"');
    expect(formatQuery(or(and(w('a'), w('b')), { type: 'country', value: 'United Kingdom' }))).toBe(
      '("a" "b") OR country:"United Kingdom"',
    );
    const random = prng(11);
    for (let i = 0; i < 200; i++) expect(() => parseQuery(formatQuery(randomQuery(source, random), random))).not.toThrow();
  });

  it('draws cases: plain words unquoted, boolean queries, a country filter parameter ANDed into the gold', () => {
    const random = prng(2);
    const cases = Array.from({ length: 300 }, () => randomCase(source, random));
    const plain = cases.filter((c) => c.kind === 'plain');
    expect(plain.length).toBeGreaterThan(10);
    for (const c of plain) expect(c.q).toMatch(/^[a-z]+( [a-z]+){0,2}$/);
    const filtered = cases.find((c) => c.params['country'] !== undefined)!;
    expect(caseQuery(filtered)).toEqual({
      type: 'and',
      children: [filtered.query, { type: 'country', value: filtered.params['country'] }],
    });
    expect(new Set(cases.map((c) => c.params['sort']))).toEqual(new Set([undefined, 'newest', 'oldest']));
    const plainCase = { kind: 'plain' as const, query: and(w('mayor'), w('vote')), q: 'mayor vote', params: { country: 'United Kingdom' } };
    expect(ids(caseQuery(plainCase))).toEqual(['b']);
    expect(ids(caseQuery({ ...plainCase, params: { country: 'France' } }))).toEqual([]);
  });

  it('matches pre* on any word that starts with it, and draws prefix cases only when asked', () => {
    expect(ids({ type: 'prefix', prefix: 'may' })).toEqual(['a', 'b']);
    expect(ids({ type: 'prefix', prefix: 'mayoral' })).toEqual(['b']);
    expect(ids({ type: 'prefix', prefix: 'abo' })).toEqual([]);
    expect(formatQuery({ type: 'not', child: { type: 'prefix', prefix: 'may' } })).toBe('NOT may*');
    const none = prng(9);
    expect(Array.from({ length: 200 }, () => randomCase(source, none)).some((c) => c.kind === 'prefix')).toBe(false);
    const random = prng(9);
    const cases = Array.from({ length: 200 }, () => randomCase(source, random, { prefixRate: 0.5 })).filter((c) => c.kind === 'prefix');
    expect(cases.length).toBeGreaterThan(50);
    for (const c of cases) {
      expect(c.q).toMatch(/[a-z]{3,6}\*$/);
      expect(() => parseQuery(c.q)).not.toThrow();
    }
  });

  it('decides from/to as whole UTC days, inclusive; undated documents never match them', () => {
    const day = (iso: string) => Date.parse(iso) / 1000;
    const dated = [
      goldDocument({ id: 'x', title: 'mayor', publishedTs: day('2005-01-02T00:00:00Z') }),
      goldDocument({ id: 'y', title: 'mayor', publishedTs: day('2005-01-03T23:59:59Z') }),
      goldDocument({ id: 'z', title: 'mayor' }),
    ];
    const gold = (params: Record<string, string>) => [
      ...matchAll(caseQuery({ kind: 'boolean', query: w('mayor'), q: '"mayor"', params }), dated),
    ];
    expect(gold({})).toEqual(['x', 'y', 'z']);
    expect(gold({ from: '2005-01-02', to: '2005-01-03' })).toEqual(['x', 'y']);
    expect(gold({ to: '2005-01-02' })).toEqual(['x']);
    expect(gold({ from: '2005-01-03' })).toEqual(['y']);
    expect(gold({ from: '2005-01-04' })).toEqual([]);
    const random = prng(4);
    const days = ['2005-01-01', '2005-01-02', '2005-01-03'];
    const cases = Array.from({ length: 200 }, () => randomCase(source, random, { days }));
    const ranged = cases.filter((c) => c.params['from'] !== undefined || c.params['to'] !== undefined);
    expect(ranged.length).toBeGreaterThan(20);
    for (const c of ranged) if (c.params['from'] && c.params['to']) expect(c.params['from'] <= c.params['to']).toBe(true);
  });
});
