/**
 * Text normalisation shared by every parser: Unicode NFC, no soft hyphens or zero-width
 * characters, whitespace collapsed inside paragraphs, paragraphs separated by one blank line.
 * Quotes and dashes are kept as they are.
 */

// Soft hyphen, zero-width space/non-joiner/joiner, word joiner, BOM.
// biome-ignore lint/suspicious/noMisleadingCharacterClass: each invisible character (the joiners included) is removed on its own
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

/** Named character references common in news text; the rest are left as they are. */
// biome-ignore format: a word list, laid out by hand
const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00A0', shy: '\u00AD',
  ndash: '\u2013', mdash: '\u2014', hellip: '\u2026', lsquo: '\u2018', rsquo: '\u2019',
  sbquo: '\u201A', ldquo: '\u201C', rdquo: '\u201D', bdquo: '\u201E', laquo: '\u00AB',
  raquo: '\u00BB', lsaquo: '\u2039', rsaquo: '\u203A', middot: '\u00B7', bull: '\u2022',
  copy: '\u00A9', reg: '\u00AE', trade: '\u2122', deg: '\u00B0', euro: '\u20AC',
  pound: '\u00A3', yen: '\u00A5', cent: '\u00A2', sect: '\u00A7', para: '\u00B6',
  times: '\u00D7', divide: '\u00F7', frac12: '\u00BD', frac14: '\u00BC', frac34: '\u00BE',
  eacute: '\u00E9', egrave: '\u00E8', ecirc: '\u00EA', euml: '\u00EB', aacute: '\u00E1',
  agrave: '\u00E0', acirc: '\u00E2', auml: '\u00E4', aring: '\u00E5', atilde: '\u00E3',
  ccedil: '\u00E7', iacute: '\u00ED', igrave: '\u00EC', icirc: '\u00EE', iuml: '\u00EF',
  ntilde: '\u00F1', oacute: '\u00F3', ograve: '\u00F2', ocirc: '\u00F4', ouml: '\u00F6',
  otilde: '\u00F5', oslash: '\u00F8', uacute: '\u00FA', ugrave: '\u00F9', ucirc: '\u00FB',
  uuml: '\u00FC', szlig: '\u00DF', Eacute: '\u00C9', Auml: '\u00C4', Ouml: '\u00D6',
  Uuml: '\u00DC', Ccedil: '\u00C7', Ntilde: '\u00D1', thinsp: '\u2009', ensp: '\u2002',
  emsp: '\u2003', zwj: '\u200D', zwnj: '\u200C', iexcl: '\u00A1', iquest: '\u00BF',
};

/**
 * Decodes HTML character references (numeric, and the common named ones) in text that did not
 * go through an HTML parser, such as JSON-LD strings. Invalid code points are dropped.
 */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[A-Za-z][A-Za-z0-9]{1,31});?/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '';
      // The C1 range is windows-1252 in practice (&#150; is an en dash).
      if (code >= 0x80 && code <= 0x9f) return WINDOWS_1252_C1[code - 0x80] ?? '';
      return String.fromCodePoint(code);
    }
    return NAMED_ENTITIES[ref] ?? whole;
  });
}

/** windows-1252 characters for the bytes 0x80–0x9F (empty where the byte is undefined). */
// biome-ignore format: a word list, laid out by hand
const WINDOWS_1252_C1 = [
  '\u20AC', '', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021', '\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '', '\u017D', '',
  '', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014', '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '', '\u017E', '\u0178',
];
