/**
 * Text normalisation shared by every parser: Unicode NFC, no soft hyphens or zero-width
 * characters, whitespace collapsed inside paragraphs, paragraphs separated by one blank line.
 * Quotes and dashes are kept as they are.
 */

// Soft hyphen, zero-width space/non-joiner/joiner, word joiner, BOM.
const INVISIBLE = /[\u00AD\u200B\u200C\u200D\u2060\uFEFF]/g;
// Every horizontal whitespace, including no-break and the typographic spaces.
const INLINE_SPACE = /[\t\v\f \u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]+/g;
// Control characters other than tab and newlines.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Normalises one line or paragraph: NFC, invisibles removed, all whitespace collapsed to one space. */
export function normaliseInline(text: string): string {
  return text
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(CONTROL, '')
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(INLINE_SPACE, ' ')
    .trim();
}

/** Normalises paragraphs and joins the non-empty ones with a blank line. */
export function joinParagraphs(paragraphs: Iterable<string>): string {
  const kept: string[] = [];
  for (const paragraph of paragraphs) {
    const clean = normaliseInline(paragraph);
    if (clean) kept.push(clean);
  }
  return kept.join('\n\n');
}

/** Normalises a multi-paragraph text whose paragraphs are separated by blank lines. */
export function normaliseBody(text: string): string {
  return joinParagraphs(text.replace(/\r\n?/g, '\n').split(/\n[ \t\u00A0]*\n/));
}
