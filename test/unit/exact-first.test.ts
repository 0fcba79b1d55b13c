import { describe, expect, it } from 'vitest';
import { exactQuery } from '../../src/search/exact-first.ts';

describe('exactQuery', () => {
  it('quotes every positive unquoted word, keeping operators, fields, phrases and prefixes', () => {
    expect(exactQuery('harbour strike')).toBe('"harbour" AND "strike"');
    expect(exactQuery("O'Brien  wins")).toBe('"O\'Brien" AND "wins"');
    expect(exactQuery('iran OR war')).toBe('"iran" OR "war"');
    expect(exactQuery('(iran OR tehran) AND cyber -football')).toBe('("iran" OR "tehran") AND "cyber" AND NOT football');
    expect(exactQuery('title:strike country:Albania')).toBe('title:"strike" AND country:"Albania"');
    expect(exactQuery('"a b" c')).toBe('"a b" AND "c"');
    expect(exactQuery('iran hack*')).toBe('"iran" AND hack*');
    expect(exactQuery('U.S. election')).toBe('"U.S." AND "election"');
  });

  it('leaves excluded words alone, also under a negated group', () => {
    expect(exactQuery('NOT (a OR b) c')).toBe('NOT (a OR b) AND "c"');
  });

  it('gives undefined when nothing would change, and for bad syntax (the search reports it)', () => {
    for (const q of ['', '   ', '"a b"', 'hack*', 'country:Albania', '-a', 'title:"a"', '(a OR', 'a AND'])
      expect(exactQuery(q), q).toBeUndefined();
  });
});
