import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../ingest/parse/html.ts';
import { cleanAuthors } from '../../ingest/parse/html/authors.ts';
import { dateFromUrl, stripSiteSuffix } from '../../ingest/parse/html/metadata.ts';
import type { ParsedArticle } from '../../ingest/types.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/html');

function parseFixture(name: string, url?: string): ParsedArticle {
  const result = parseHtml({ input: name, bytes: readFileSync(path.join(FIXTURES, name)), url });
  expect(result.problems).toEqual([]);
  return result.articles[0]!.article;
}

describe('parseHtml metadata from JSON-LD', () => {
  const article = parseFixture('json-ld.html', 'https://news.example.org/valley/library-reopens?utm_source=feed');

  it('prefers the JSON-LD headline (entities decoded) over og:title and <title>', () => {
    expect(article.title).toBe('Library reopens with a café & a maker space');
  });

  it('reads authors, dates, publisher and description from the article node of an @graph', () => {
    expect(article.authors).toEqual(['Priya Castellanos', 'Tomasz Reed']);
    expect(article.publishedAt).toBe('2024-03-09T08:30:00+01:00');
    expect(article.modifiedAt).toBe('2024-03-10T12:00:00+01:00');
    expect(article.dateSource).toBe('json-ld');
    expect(article.source).toBe('Valley Gazette');
    expect(article.standfirst).toBe('The town library reopened on Saturday after a two-year rebuild.');
  });

  it('takes the canonical link as the URL and <html lang> as the language', () => {
    expect(article.url).toBe('https://news.example.org/valley/library-reopens');
    expect(article.language).toBe('en');
  });
});

describe('parseHtml metadata from Open Graph and <meta> tags', () => {
  const article = parseFixture('og-tags.html', 'https://metro.example.com/transport/night-buses-sundays');

  it('takes og:title without its " | Site" suffix, og:site_name and og:description', () => {
    expect(article.title).toBe('Night buses to run on Sundays');
    expect(article.source).toBe('Metro Daily');
    expect(article.standfirst).toBe('The city transport authority will extend night services to Sundays from next month.');
  });

  it('reads article:published_time and article:modified_time with dateSource "meta"', () => {
    expect(article.publishedAt).toBe('2024-02-14T18:05:00Z');
    expect(article.modifiedAt).toBe('2024-02-15T07:00:00Z');
    expect(article.dateSource).toBe('meta');
  });

  it('splits a meta author list into names without "By" or "and"', () => {
    expect(article.authors).toEqual(['Jane Doe', 'John Roe']);
  });

  it('resolves a relative canonical link against the page URL, and reads og:locale', () => {
    expect(article.url).toBe('https://metro.example.com/transport/night-buses-sundays?ref=canonical');
    expect(article.language).toBe('en');
  });
});

describe('parseHtml metadata from the page body', () => {
  const article = parseFixture('byline.html');

  it('takes the <h1> as title when there are no title metas', () => {
    expect(article.title).toBe('Beekeepers count a good year');
  });

  it('reads names only from a byline with roles, a date and a time', () => {
    expect(article.authors).toEqual(['Ana Lima', 'Oskar Brandt']);
  });

  it('reads the date of a <time datetime> element with dateSource "time-element"', () => {
    expect(article.publishedAt).toBe('2024-05-01T10:15:00-04:00');
    expect(article.dateSource).toBe('time-element');
  });

  it('takes a dek element as standfirst when the description meta is empty', () => {
    expect(article.standfirst).toBe('A warm spring and a wet summer left hives heavier than at any time in the last decade.');
  });

  it('detects the language when the page does not declare one', () => {
    expect(article.language).toBe('en');
  });
});

describe('parseHtml dates', () => {
  it('takes a full date from the URL path, with dateSource "url", when the page has none', () => {
    const article = parseFixture('no-date.html', 'https://example.net/2024/05/01/town-clock');
    expect(article.publishedAt).toBe('2024-05-01');
    expect(article.dateSource).toBe('url');
  });

  it('leaves an undated page undated', () => {
    const article = parseFixture('no-date.html', 'https://example.net/features/town-clock');
    expect(article.publishedAt).toBeUndefined();
    expect(article.modifiedAt).toBeUndefined();
    expect(article.dateSource).toBeUndefined();
  });

  it('ignores impossible and future dates', () => {
    const html =
      '<html><head><meta property="article:published_time" content="2023-02-30"></head><body><article><p>' +
      'A paragraph long enough to be taken as the body of a small test article, with a comma, and a full stop.</p></article></body></html>';
    const article = parseHtml({ input: 'bad-date.html', bytes: Buffer.from(html), url: 'https://example.net/2999/01/01/x' }).articles[0]!
      .article;
    expect(article.publishedAt).toBeUndefined();
    expect(article.dateSource).toBeUndefined();
  });

  it('reads /YYYY/MM/DD/, YYYY-MM-DD and YYYYMMDD in URL paths, never a partial date', () => {
    expect(dateFromUrl('https://a.example/news/2019/11/18/story.html')).toBe('2019-11-18');
    expect(dateFromUrl('https://a.example/2019-11-18-story')).toBe('2019-11-18');
    expect(dateFromUrl('https://a.example/archive/20191118/story')).toBe('2019-11-18');
    expect(dateFromUrl('https://a.example/2019/11/story.html')).toBeUndefined();
    expect(dateFromUrl('https://a.example/story-12345678')).toBeUndefined();
    expect(dateFromUrl('not a url')).toBeUndefined();
  });
});

describe('site suffixes in titles', () => {
  it('cuts the site name, or a short trailing part of a <title>', () => {
    expect(stripSiteSuffix('Night buses return | Metro Daily', 'Metro Daily', false)).toBe('Night buses return');
    expect(stripSiteSuffix('Metro Daily - Night buses return', 'Metro Daily', false)).toBe('Night buses return');
    expect(stripSiteSuffix('Beekeepers count a good year - The Daily Example', undefined, true)).toBe('Beekeepers count a good year');
  });

  it('keeps a title whose dash is part of the headline', () => {
    expect(stripSiteSuffix('Pay talks collapse - again - as strike looms over the port', undefined, false)).toBe(
      'Pay talks collapse - again - as strike looms over the port',
    );
  });
});

describe('cleanAuthors', () => {
  it('removes "By", roles, dates, handles and URLs, splits lists and drops duplicates', () => {
    expect(cleanAuthors(['By Jane Doe, Staff Writer'])).toEqual(['Jane Doe']);
    expect(cleanAuthors(['by Jane Doe and John Roe'])).toEqual(['Jane Doe', 'John Roe']);
    expect(cleanAuthors(['Ana Lima & Oskar Brandt | Nov. 18, 2019'])).toEqual(['Ana Lima', 'Oskar Brandt']);
    expect(cleanAuthors(['Jane Doe (@janedoe)', 'JANE DOE', 'https://example.com/authors/jane'])).toEqual(['Jane Doe']);
    expect(cleanAuthors(['Published 11/18/19 11:04 PM EST'])).toEqual([]);
  });
});

describe('cleanAuthors edge cases', () => {
  it('keeps middle initials and particles, and rejects phrases and category lists', () => {
    expect(cleanAuthors(['Sarah E. Needleman'])).toEqual(['Sarah E. Needleman']);
    expect(cleanAuthors(['Maria da Silva e João Santos'])).toEqual(['Maria da Silva', 'João Santos']);
    expect(cleanAuthors(['The Associated Press November 19, 2019'])).toEqual(['The Associated Press']);
    expect(cleanAuthors(['Syrian defense ministries', 'Comment! Now'])).toEqual([]);
  });
});
