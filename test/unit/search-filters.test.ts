import { describe, expect, it } from 'vitest';
import { anyOf, buildFilter, quote } from '../../src/search/filters.ts';

describe('quote()', () => {
  it('wraps a value in double quotes', () => {
    expect(quote('Albania')).toBe('"Albania"');
  });

  it('escapes double quotes so a value cannot close the string and add an OR', () => {
    expect(quote('Albania" OR country = "Iran')).toBe('"Albania\\" OR country = \\"Iran"');
  });

  it('escapes backslashes before quotes, so a trailing backslash cannot escape the closing quote', () => {
    expect(quote('C:\\')).toBe('"C:\\\\"');
    expect(quote('a\\" OR x = "b')).toBe('"a\\\\\\" OR x = \\"b"');
  });

  it('leaves brackets, parentheses and keywords inside the string untouched', () => {
    expect(quote('x) OR (y IN [1]')).toBe('"x) OR (y IN [1]"');
  });
});

describe('buildFilter()', () => {
  const input = {
    values: { country: ['Albania', 'Israel'], person: ['Edi Rama'] },
    from: 1_600_000_000,
    to: 1_700_000_000,
  };

  it('ORs the values of one facet and ANDs facets and dates (array form)', () => {
    expect(buildFilter(input)).toEqual([
      '(countries = "Albania" OR countries = "Israel")',
      '(persons = "Edi Rama")',
      'publishedTs >= 1600000000',
      'publishedTs <= 1700000000',
    ]);
  });

  it('leaves out one facet for its disjunctive counts', () => {
    expect(buildFilter(input, { except: 'country' })).toEqual([
      '(persons = "Edi Rama")',
      'publishedTs >= 1600000000',
      'publishedTs <= 1700000000',
    ]);
  });

  it('leaves out the dates for the timeline', () => {
    expect(buildFilter(input, { withoutDates: true })).toEqual([
      '(countries = "Albania" OR countries = "Israel")',
      '(persons = "Edi Rama")',
    ]);
  });

  it('is empty without filters', () => {
    expect(buildFilter({ values: {} })).toEqual([]);
  });

  it('keeps an injection attempt inside one quoted literal', () => {
    expect(anyOf('countries', ['Albania" OR countries = "Iran'])).toBe('countries = "Albania\\" OR countries = \\"Iran"');
  });
});
