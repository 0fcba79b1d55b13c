import { describe, expect, it } from 'vitest';
import { isLedeError } from '../../src/errors.ts';
import { LIMITS, parseParams, searchSchema, timelineSchema } from '../../src/search/params.ts';

const parse = (raw: Record<string, unknown>) => parseParams(searchSchema, raw);
const failure = (raw: Record<string, unknown>) => {
  try {
    parse(raw);
  } catch (error) {
    if (isLedeError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a LedeError');
};

describe('search parameters', () => {
  it('has defaults', () => {
    expect(parse({})).toMatchObject({ q: '', sort: 'relevance', page: 1, hitsPerPage: 20, collapse: false });
  });

  it('turns one or several values of a filter into an array, without duplicates', () => {
    expect(parse({ country: 'Albania' }).country).toEqual(['Albania']);
    expect(parse({ country: ['Albania', 'Iran', 'Albania'] }).country).toEqual(['Albania', 'Iran']);
  });

  it('treats empty values (as a GET form sends them) as absent', () => {
    const p = parse({ q: '', from: '', country: ['', 'Iran'] });
    expect(p.from).toBeUndefined();
    expect(p.country).toEqual(['Iran']);
  });

  it('reads dates as UTC days: from at 00:00:00, to at 23:59:59', () => {
    const p = parse({ from: '2024-05-01', to: '2024-05-01' });
    expect(p.from).toBe(Date.UTC(2024, 4, 1) / 1000);
    expect(p.to).toBe(Date.UTC(2024, 4, 1) / 1000 + 86_399);
    expect(parse({ from: '2024-05-01T12:00:00Z' }).from).toBe(Date.UTC(2024, 4, 1, 12) / 1000);
  });

  it('parses facets as a comma-separated or repeated list', () => {
    expect(parse({ facets: 'country,person' }).facets).toEqual(['country', 'person']);
    expect(parse({ facets: ['topic', 'source'] }).facets).toEqual(['topic', 'source']);
  });

  it.each([
    [{ colour: 'red' }, 'unknown_parameter', /Unknown parameter "colour"; allowed: q, country/],
    [{ q: 'x'.repeat(LIMITS.queryLength + 1) }, 'query_too_long', /"q": must be at most 512 characters/],
    [{ page: '0' }, 'invalid_parameter', /"page": must be at least 1/],
    [{ page: 'two' }, 'invalid_parameter', /"page": expected a whole number/],
    [{ hitsPerPage: '101' }, 'invalid_parameter', /"hitsPerPage": must be at most 100/],
    [{ page: '51', hitsPerPage: '20' }, 'page_out_of_range', /page × hitsPerPage may not exceed 1000/],
    [{ from: '2024-02-30' }, 'invalid_date', /"from": "2024-02-30" is not a real date/],
    [{ to: 'yesterday' }, 'invalid_date', /"to": expected a date as YYYY-MM-DD/],
    [{ from: '2024-06-01', to: '2024-05-01' }, 'invalid_date', /"from": must not be after "to"/],
    [{ sort: 'random' }, 'invalid_parameter', /"sort": expected one of relevance, newest, oldest/],
    [{ facets: 'colour' }, 'invalid_parameter', /unknown facet "colour"/],
    [{ collapse: 'maybe' }, 'invalid_parameter', /"collapse": expected true or false/],
    [{ q: ['a', 'b'] }, 'invalid_parameter', /"q" may be given only once/],
    [{ country: Array.from({ length: 21 }, (_, i) => `c${i}`) }, 'invalid_parameter', /"country": at most 20 values/],
    [{ person: 'x'.repeat(201) }, 'invalid_parameter', /"person".*at most 200 characters/],
    [{ person: 'a\u0000b' }, 'invalid_parameter', /control characters/],
  ])('rejects %j with %s', (raw, code, message) => {
    const error = failure(raw);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('validates timeline intervals', () => {
    expect(parseParams(timelineSchema, {}).interval).toBe('auto');
    expect(() => parseParams(timelineSchema, { interval: 'year' })).toThrow(/expected one of auto, day, week, month/);
  });
});
