import { describe, expect, it } from 'vitest';
import { QuerySyntaxError, parseQuery } from '../../src/search/query-language/parse.ts';

const word = (text: string, extra: { prefix?: boolean; title?: boolean } = {}) => ({
  type: 'word',
  text,
  prefix: false,
  title: false,
  ...extra,
});
const phrase = (text: string, title = false) => ({ type: 'phrase', text, title });
const facet = (name: string, value: string) => ({ type: 'facet', facet: name, value });
const not = (child: unknown) => ({ type: 'not', child });
const and = (...children: unknown[]) => ({ type: 'and', children });
const or = (...children: unknown[]) => ({ type: 'or', children });

function syntaxError(q: string): { position: number; expected: string; message: string } {
  try {
    parseQuery(q);
  } catch (error) {
    if (error instanceof QuerySyntaxError) return { position: error.position, expected: error.expected, message: error.message };
    throw error;
  }
  throw new Error(`expected a syntax error for ${q}`);
}

describe('parseQuery', () => {
  it('gives nothing for an empty query', () => {
    expect(parseQuery('')).toBeNull();
    expect(parseQuery('   ')).toBeNull();
  });

  it('ANDs words, keeps phrases and prefixes', () => {
    expect(parseQuery('albania cyber')).toEqual(and(word('albania'), word('cyber')));
    expect(parseQuery('"prime minister" hack*')).toEqual(and(phrase('prime minister'), word('hack', { prefix: true })));
    expect(parseQuery('"  cyber "')).toEqual(phrase('cyber'));
  });

  it('negates with -, -"phrase" and NOT, and keeps hyphens inside words', () => {
    expect(parseQuery('cyber -football -"world cup" NOT tennis')).toEqual(
      and(word('cyber'), not(word('football')), not(phrase('world cup')), not(word('tennis'))),
    );
    expect(parseQuery('al-shabaab covid-19')).toEqual(and(word('al-shabaab'), word('covid-19')));
  });

  it('binds OR tighter than AND, and parentheses tighter than both', () => {
    expect(parseQuery('iran OR tehran cyber')).toEqual(and(or(word('iran'), word('tehran')), word('cyber')));
    expect(parseQuery('(iran OR tehran) AND (cyber OR hack*) -football')).toEqual(
      and(or(word('iran'), word('tehran')), or(word('cyber'), word('hack', { prefix: true })), not(word('football'))),
    );
    expect(parseQuery('a AND (b c)')).toEqual(and(word('a'), and(word('b'), word('c'))));
    expect(parseQuery('-(a OR b)')).toEqual(not(or(word('a'), word('b'))));
  });

  it('reads lower-case or, and, not as words', () => {
    expect(parseQuery('war and peace or not')).toEqual(and(word('war'), word('and'), word('peace'), word('or'), word('not')));
  });

  it('reads title: and facet fields, with words or phrases, negatable', () => {
    expect(parseQuery('title:cyber title:"prime minister"')).toEqual(and(word('cyber', { title: true }), phrase('prime minister', true)));
    expect(parseQuery('person:"Edi Rama" country:Albania -country:"United Kingdom" language:en')).toEqual(
      and(facet('person', 'Edi Rama'), facet('country', 'Albania'), not(facet('country', 'United Kingdom')), facet('language', 'en')),
    );
    expect(parseQuery('organization:"Back\\slash \u201cQ\u201d" topic:politics source:BBC')).toEqual(
      and(facet('organization', 'Back\\slash \u201cQ\u201d'), facet('topic', 'politics'), facet('source', 'BBC')),
    );
  });

  it('reads unknown fields and colons as plain words', () => {
    expect(parseQuery('colour:red 10:30')).toEqual(and(word('colour:red'), word('10:30')));
  });

  it('tolerates filter syntax as words and phrases', () => {
    expect(parseQuery('cyber" OR countries = "Iran')).toEqual(and(word('cyber'), phrase('OR countries ='), word('Iran')));
  });

  it('says where the syntax is wrong and what was expected', () => {
    expect(syntaxError('"prime minister')).toMatchObject({ position: 16, expected: 'a closing " for the quote at character 1' });
    expect(syntaxError('(iran OR tehran cyber')).toMatchObject({ position: 22, expected: '")" to close the "(" at character 1' });
    expect(syntaxError('iran OR')).toMatchObject({ position: 8 });
    expect(syntaxError('OR iran').expected).toContain('a word');
    expect(syntaxError('iran) cyber')).toMatchObject({ position: 5 });
    expect(syntaxError('()').position).toBe(2);
    expect(syntaxError('country: Albania')).toMatchObject({ position: 9 });
    expect(syntaxError('cyber NOT')).toMatchObject({ position: 10 });
    expect(syntaxError('a ""').message).toBe(
      'Query syntax error at character 3: expected some words between the quotes, found the phrase "".',
    );
    expect(syntaxError('*').position).toBe(1);
  });
});
