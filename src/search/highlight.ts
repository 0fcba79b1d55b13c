/**
 * Highlights that are safe in HTML: Meilisearch marks matches with placeholder tags that only
 * this process knows, the whole text is then HTML-escaped, and only then the placeholders
 * become <mark>. Markup inside articles (`<script>`, `<img onerror>`) therefore stays text.
 */
import { randomBytes } from 'node:crypto';

const token = randomBytes(6).toString('hex');
/** Placeholders made of characters HTML escaping leaves alone, unguessable by article authors. */
export const HIGHLIGHT_PRE = `LEDEHLSTART${token}X`;
export const HIGHLIGHT_POST = `LEDEHLEND${token}X`;
export const CROP_MARKER = '…';

const SPECIAL = /[&<>"']/;

/** & < > " ' as entities. A loop over the text (it runs for every value on the page and every hit). */
export function escapeHtml(text: string): string {
  if (!SPECIAL.test(text)) return text;
  let out = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    let entity: string;
    switch (text.charCodeAt(i)) {
      case 38:
        entity = '&amp;';
        break;
      case 60:
        entity = '&lt;';
        break;
      case 62:
        entity = '&gt;';
        break;
      case 34:
        entity = '&quot;';
        break;
      case 39:
        entity = '&#39;';
        break;
      default:
        continue;
    }
    out += text.slice(last, i) + entity;
    last = i + 1;
  }
  return out + text.slice(last);
}

/** Escaped HTML with <mark> around the matches Meilisearch marked. */
export function highlightToHtml(formatted: string): string {
  return escapeHtml(formatted).replaceAll(HIGHLIGHT_PRE, '<mark>').replaceAll(HIGHLIGHT_POST, '</mark>');
}

/** The same text without any highlight placeholders (plain text, not escaped). */
export function highlightToText(formatted: string): string {
  return formatted.replaceAll(HIGHLIGHT_PRE, '').replaceAll(HIGHLIGHT_POST, '');
}

export function hasHighlight(formatted: string): boolean {
  return formatted.includes(HIGHLIGHT_PRE);
}
