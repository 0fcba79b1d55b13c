import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../ingest/parse/html.ts';
import { limitNesting } from '../../ingest/parse/html/limit-nesting.ts';

const PARAGRAPH = '<p>This is an ordinary paragraph of article text, long enough to count, with a comma or two, and a full stop.</p>';

describe('parseHtml on hostile or broken input', () => {
  it('survives 100,000 nested divs without overflowing the stack', () => {
    const depth = 100_000;
    const html = `<html><body>${'<div>'.repeat(depth)}${PARAGRAPH.repeat(3)}${'</div>'.repeat(depth)}</body></html>`;
    const result = parseHtml({ input: 'deep.html', bytes: Buffer.from(html) });
    expect(result.articles[0]?.article.body).toContain('This is an ordinary paragraph');
  });

  it('survives deep nesting inside metadata elements (h1, byline, JSON-LD)', () => {
    const deep = `${'<span>'.repeat(20_000)}Deep${'</span>'.repeat(20_000)}`;
    const html = `<html><body><h1>${deep}</h1><div class="byline">${deep}</div><article>${PARAGRAPH.repeat(2)}</article></body></html>`;
    expect(() => parseHtml({ input: 'deep-meta.html', bytes: Buffer.from(html) })).not.toThrow();
  });

  it('reads unclosed tags, stray end tags and broken JSON-LD', () => {
    const html = `<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>
      <title>Broken page</title></head><body><div><p>Unclosed paragraph of text that goes on for a while, with commas, and more words
      <p>Another one, also unclosed, but long enough to be a paragraph of the article</span></td></div></div></div>`;
    const result = parseHtml({ input: 'broken.html', bytes: Buffer.from(html) });
    expect(result.articles[0]?.article.body).toContain('Another one, also unclosed');
    expect(result.articles[0]?.article.title).toBe('Broken page');
  });

  it('turns empty, binary and text-only inputs into problems, never exceptions', () => {
    expect(parseHtml({ input: 'empty.html', bytes: Buffer.alloc(0) }).problems[0]?.code).toBe('empty-input');
    const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131) % 256));
    expect(() => parseHtml({ input: 'binary.bin', bytes: binary })).not.toThrow();
    expect(
      parseHtml({ input: 'binary.bin', bytes: binary }).articles.length + parseHtml({ input: 'binary.bin', bytes: binary }).problems.length,
    ).toBe(1);
  });
});

describe('limitNesting', () => {
  it('leaves ordinary pages untouched', () => {
    const html = `<html><body>${'<div><p>text</p><br><img src="x">'.repeat(3000)}${'</div>'.repeat(3000)}</body></html>`;
    expect(limitNesting(html, 5000)).toBe(html);
  });

  it('removes tags nested deeper than the limit and keeps their text', () => {
    const html = `${'<div>'.repeat(10)}<b>deep</b> text${'</div>'.repeat(10)}`.padEnd(200, ' ');
    const limited = limitNesting(html, 3);
    expect(limited.startsWith('<div><div><div>deep text</div></div></div>')).toBe(true);
  });
});
