import { describe, expect, it } from 'vitest';
import { HIGHLIGHT_POST, HIGHLIGHT_PRE, escapeHtml, highlightToHtml, highlightToText } from '../../src/search/highlight.ts';

const marked = (s: string) => s.replaceAll('[', HIGHLIGHT_PRE).replaceAll(']', HIGHLIGHT_POST);

describe('highlights', () => {
  it('turns the placeholders into <mark> after escaping the text', () => {
    expect(highlightToHtml(marked('<script>alert(1)</script> [Albania] & [cyber]'))).toBe(
      '&lt;script&gt;alert(1)&lt;/script&gt; <mark>Albania</mark> &amp; <mark>cyber</mark>',
    );
  });

  it('keeps literal <mark> tags written in an article as text', () => {
    expect(highlightToHtml('<mark>fake</mark> <img src=x onerror=alert(1)>')).toBe(
      '&lt;mark&gt;fake&lt;/mark&gt; &lt;img src=x onerror=alert(1)&gt;',
    );
  });

  it('gives plain text without placeholders', () => {
    expect(highlightToText(marked('a [b] c'))).toBe('a b c');
  });

  it('escapes quotes for attribute contexts', () => {
    expect(escapeHtml(`"'`)).toBe('&quot;&#39;');
  });

  it('uses placeholders that survive escaping and are unique to the process', () => {
    expect(escapeHtml(HIGHLIGHT_PRE)).toBe(HIGHLIGHT_PRE);
    expect(HIGHLIGHT_PRE).toMatch(/^LEDEHLSTART[0-9a-f]{12}X$/);
  });
});
