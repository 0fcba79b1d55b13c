/**
 * The one tokeniser topics use, for articles, evidence terms and model training alike, so that a
 * term written in the taxonomy ("cyber-attacks") matches the text ("cyber attack") exactly.
 *
 * Tokens are lower-cased runs of letters and digits; possessive "'s" is dropped and a light plural
 * rule folds "elections" into "election" and "companies" into "company".
 */

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** Folds a lower-cased word to the form used as a feature. */
export function normaliseWord(word: string): string {
  let w = word;
  const apostrophe = w.search(/['’]/);
  if (apostrophe >= 0) w = w.slice(0, apostrophe);
  const n = w.length;
  if (n > 4 && w.charCodeAt(n - 1) === 115 /* s */) {
    if (w.endsWith('ies')) return `${w.slice(0, -3)}y`;
    if (w.endsWith('ss') || w.endsWith('us') || w.endsWith('is')) return w;
    return w.slice(0, -1);
  }
  return w;
}

/** Lower-cased, normalised word tokens of a text, in order. */
export function tokenise(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(WORD)) {
    const w = normaliseWord(m[0]);
    if (w.length > 0) out.push(w);
  }
  return out;
}

/** The tokens of an evidence phrase joined by single spaces: the key it is matched by. */
export function phraseKey(phrase: string): string {
  return tokenise(phrase).join(' ');
}
