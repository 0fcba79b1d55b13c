import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { charsetFromContentType, decodeBytes, sniffMetaCharset } from '../../ingest/normalise/charset.ts';
import { parseHtml } from '../../ingest/parse/html.ts';
import { hasSharedData, sharedPath } from '../support/shared-data.ts';

const INVALID_UTF8 = 'corpora/bbc-dev/sport/199.txt';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/html');

describe('decodeBytes', () => {
  it('decodes UTF-8 and drops a UTF-8 BOM', () => {
    expect(decodeBytes(Buffer.from('\uFEFFcafé', 'utf8'))).toBe('café');
  });

  it('decodes UTF-16 with a BOM', () => {
    expect(decodeBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('naïve', 'utf16le')]))).toBe('naïve');
    const be = Buffer.from('naïve', 'utf16le').swap16();
    expect(decodeBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toBe('naïve');
  });

  it('honours the Content-Type charset over the page', () => {
    const bytes = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x80]);
    expect(decodeBytes(bytes, 'text/html; charset=ISO-8859-1')).toBe('café €');
    expect(decodeBytes(Buffer.from('Привет', 'utf8'), 'text/plain; charset="utf-8"')).toBe('Привет');
  });

  it('decodes ISO-8859-1 labels as windows-1252, as browsers do', () => {
    const bytes = Buffer.from([0x93, 0x71, 0x94, 0x20, 0x96]);
    expect(decodeBytes(bytes, 'text/html; charset=iso-8859-1')).toBe('“q” –');
  });

  it('honours <meta charset> and <meta http-equiv> sniffed from the first bytes', () => {
    const meta = Buffer.concat([Buffer.from('<meta charset="windows-1252"><p>'), Buffer.from([0xe9, 0x92])]);
    expect(decodeBytes(meta)).toBe('<meta charset="windows-1252"><p>é’');
    expect(sniffMetaCharset(Buffer.from('<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'))).toBe('koi8-r');
    expect(charsetFromContentType('text/html')).toBeUndefined();
  });

  it('falls back to windows-1252 for bytes that are not valid UTF-8, even when labelled UTF-8', () => {
    expect(decodeBytes(Buffer.from([0x63, 0x61, 0x66, 0xe9]))).toBe('café');
    expect(decodeBytes(Buffer.from([0x63, 0x61, 0x66, 0xe9]), 'text/html; charset=utf-8')).toBe('café');
  });

  it('ignores an unknown charset label instead of failing', () => {
    expect(decodeBytes(Buffer.from('plain text'), 'text/html; charset=x-no-such-thing')).toBe('plain text');
  });

  it.skipIf(!hasSharedData(INVALID_UTF8))('gives readable text for the invalid UTF-8 file of the BBC corpus', () => {
    const text = decodeBytes(readFileSync(sharedPath(INVALID_UTF8)));
    expect(text).not.toContain('\uFFFD');
    expect(text).toMatch(/£\d/);
  });
});

describe('parseHtml charsets', () => {
  it('decodes a windows-1252 page declared by <meta http-equiv>', () => {
    const article = parseHtml({ input: 'windows-1252.html', bytes: readFileSync(path.join(FIXTURES, 'windows-1252.html')) }).articles[0]!
      .article;
    expect(article.title).toBe('Le marché de Noël ouvre ses portes');
    expect(article.body).toContain('“C’est la trentième édition”, a déclaré l’organisatrice – avec');
    expect(article.body).toContain('de toute la région…');
    expect(article.language).toBe('fr');
  });

  it('decodes a UTF-8 page with a BOM and no declaration', () => {
    const article = parseHtml({ input: 'utf8-bom.html', bytes: readFileSync(path.join(FIXTURES, 'utf8-bom.html')) }).articles[0]!.article;
    expect(article.title).toBe('Naïve questions about the résumé fair');
    expect(article.body).toContain('The résumé fair drew a crowd');
  });
});
