/**
 * The one tokeniser topics use, for articles, evidence terms and model training alike, so that a
 * term written in the taxonomy ("cyber-attacks") matches the text ("cyber attack") exactly.
 *
 * Tokens are lower-cased runs of letters and digits; possessive "'s" is dropped and a light plural
 * rule folds "elections" into "election" and "companies" into "company".
 */

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const APOSTROPHE = 39;
const RIGHT_QUOTE = 0x2019;

function isWordChar(code: number, ch: string): boolean {
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 48 && code <= 57);
  return LETTER_OR_DIGIT.test(ch);
}

/** Folds a lower-cased word to the form used as a feature. */
export function normaliseWord(word: string): string {
  let w = word;
  const apostrophe = w.search(/['’]/);
  if (apostrophe >= 0) w = w.slice(0, apostrophe);
  return foldPlural(w);
}

function foldPlural(w: string): string {
  const n = w.length;
  if (n > 4 && w.charCodeAt(n - 1) === 115 /* s */) {
    if (w.endsWith('ies')) return `${w.slice(0, -3)}y`;
    if (w.endsWith('ss') || w.endsWith('us') || w.endsWith('is')) return w;
    return w.slice(0, -1);
  }
  return w;
}

/**
 * Lower-cased, normalised word tokens of a text, in order. A hand-written scanner (a Unicode regex
 * is the slowest step of classification otherwise); an apostrophe suffix ("'s", "'t") is dropped.
 */
export function tokenise(text: string): string[] {
  const out: string[] = [];
  const s = text.toLowerCase();
  const n = s.length;
  let i = 0;
  while (i < n) {
    let code = s.charCodeAt(i);
    if (!isWordChar(code, s[i] as string)) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && isWordChar(s.charCodeAt(i), s[i] as string)) i++;
    const end = i;
    while (i + 1 < n) {
      code = s.charCodeAt(i);
      if ((code !== APOSTROPHE && code !== RIGHT_QUOTE) || !isWordChar(s.charCodeAt(i + 1), s[i + 1] as string)) break;
      i++;
      while (i < n && isWordChar(s.charCodeAt(i), s[i] as string)) i++;
    }
    out.push(foldPlural(s.slice(start, end)));
  }
  return out;
}

/** The tokens of an evidence phrase joined by single spaces: the key it is matched by. */
export function phraseKey(phrase: string): string {
  return tokenise(phrase).join(' ');
}
