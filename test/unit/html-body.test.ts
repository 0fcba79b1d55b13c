import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../ingest/parse/html.ts';
import type { ParsedArticle } from '../../ingest/types.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/html');

function parseFixture(name: string, url?: string): ParsedArticle {
  const result = parseHtml({ input: name, bytes: readFileSync(path.join(FIXTURES, name)), url });
  expect(result.problems).toEqual([]);
  expect(result.articles).toHaveLength(1);
  return result.articles[0]!.article;
}

describe('parseHtml body extraction', () => {
  const article = parseFixture('boilerplate.html', 'https://courier.example/news/ferry');
  const paragraphs = article.body!.split('\n\n');

  it('keeps paragraphs, headings, list items and quotes of the article, in order', () => {
    expect(paragraphs).toEqual([
      expect.stringMatching(/^The small passenger ferry/),
      expect.stringMatching(/^Engineers replaced/),
      'Longer summer timetable',
      expect.stringMatching(/^From June/),
      'Weekday crossings every twenty minutes',
      'Weekend crossings every half hour',
      expect.stringMatching(/^We missed it/),
      expect.stringMatching(/^Fares stay the same/),
    ]);
  });

  it('drops navigation, cookie notices, share bars, ads, related links, comments, sidebars and footers', () => {
    for (const boilerplate of [
      'Accept all cookies',
      'Weather',
      'Share on',
      'Advertisement',
      'Related stories',
      'Harbour wall',
      'I take this ferry',
      'Most read',
      'newsletter',
      'All rights reserved',
      'Home',
    ]) {
      expect(article.body).not.toContain(boilerplate);
    }
  });

  it('drops hidden elements, the headline and the byline', () => {
    expect(article.body).not.toContain('This paragraph is hidden');
    expect(article.body).not.toContain('Harbour ferry returns');
    expect(article.body).not.toContain('Morgan Ellery');
  });

  it('collapses whitespace inside paragraphs and separates them by one blank line', () => {
    const text = parseFixture('entities.html').body!;
    expect(text).toContain('close an hour earlier and stop worrying');
    expect(text).not.toMatch(/\n{3,}| {2,}/);
  });

  it('does not count a standfirst, byline or date stamp as body text', () => {
    const body = parseFixture('byline.html').body!;
    expect(body.startsWith('Local beekeepers say')).toBe(true);
    expect(body).not.toContain('May 1, 2024');
    expect(body).not.toContain('A warm spring and a wet summer');
  });

  it("reports a page without anything article-like as a 'no-article-body' problem", () => {
    const result = parseHtml({ input: 'no-article.html', bytes: readFileSync(path.join(FIXTURES, 'no-article.html')) });
    expect(result.articles).toEqual([]);
    expect(result.problems).toEqual([expect.objectContaining({ input: 'no-article.html', code: 'no-article-body' })]);
  });

  it('falls back to the JSON-LD articleBody when the page renders its text with scripts', () => {
    const text = 'The whole story is only in the structured data of this page. '.repeat(8);
    const html = `<html><head><script type="application/ld+json">${JSON.stringify({
      '@type': 'NewsArticle',
      headline: 'Scripted',
      articleBody: text,
    })}</script></head><body><div id="app"></div><script>render()</script></body></html>`;
    const result = parseHtml({ input: 'scripted.html', bytes: Buffer.from(html) });
    expect(result.articles[0]?.article.body).toBe(text.trim());
  });
});
