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

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Escaped HTML with <mark> around the matches Meilisearch marked. */
export function highlightToHtml(formatted: string): string {
  return escapeHtml(formatted).split(HIGHLIGHT_PRE).join('<mark>').split(HIGHLIGHT_POST).join('</mark>');
}

/** The same text without any highlight placeholders (plain text, not escaped). */
export function highlightToText(formatted: string): string {
  return formatted.split(HIGHLIGHT_PRE).join('').split(HIGHLIGHT_POST).join('');
}

export function hasHighlight(formatted: string): boolean {
  return formatted.includes(HIGHLIGHT_PRE);
}
