import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../ingest/parse/html.ts';
import { decodeEntities } from '../../ingest/normalise/text.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/html');

describe('text normalisation of HTML pages', () => {
  const article = parseHtml({ input: 'entities.html', bytes: readFileSync(path.join(FIXTURES, 'entities.html')) }).articles[0]!.article;

  it('decodes entities and keeps typographic quotes and dashes', () => {
    expect(article.title).toBe('Café owners & the new “quiet hours” rule');
    expect(article.body).toContain('Café owners say the rule — which starts in June — is ‘unworkable’');
    expect(article.body).toContain('The council’s notice ran to twelve pages…');
  });

  it('removes soft hyphens and zero-width spaces', () => {
    expect(article.body).toContain('residents call it overdue');
    expect(article.body).not.toMatch(/[\u00AD\u200B]/);
  });

  it('composes decomposed characters (NFC)', () => {
    expect(article.body).toContain('runs a caf\u00e9 near');
    expect(article.body).not.toContain('e\u0301');
  });
});

describe('decodeEntities', () => {
  it('decodes numeric and common named references, and C1 numbers as windows-1252', () => {
    expect(decodeEntities('Tom &amp; Jerry &#8211; &#x2019;s &eacute;t&eacute; &#150; &hellip;')).toBe('Tom & Jerry – ’s été – …');
  });

  it('leaves unknown names and plain ampersands alone, and drops invalid code points', () => {
    expect(decodeEntities('AT&T &madeup; R&D &#xD800;x')).toBe('AT&T &madeup; R&D x');
  });
});
