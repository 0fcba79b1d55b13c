/**
 * Newswire tokenizer and sentence splitter, close to the CoNLL-2003 / Penn conventions the tagger
 * was trained on: punctuation split off, "'s" and "n't" separate, abbreviations ("U.S.", "Mr.",
 * initials "C.") and hyphenated words ("al-Assad", "1996-12-06") kept whole.
 */

export interface Token {
  text: string;
  /** Offsets in the tokenized text. */
  start: number;
  end: number;
}

export interface Sentence {
  tokens: Token[];
  /** Upper-case sentence (newswire headline): casing carries no information. */
  caps: boolean;
}

// biome-ignore format: a word list, laid out by hand
const ABBREVIATIONS = new Set(
  [
    'mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'jr', 'sr', 'inc', 'corp', 'co', 'ltd', 'bros', 'gen', 'col',
    'lt', 'sgt', 'capt', 'cmdr', 'adm', 'maj', 'rep', 'sen', 'gov', 'rev', 'hon', 'messrs', 'mt', 'ft',
    'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
    'vs', 'etc', 'no', 'nos', 'approx', 'dept', 'est', 'fig', 'plc', 'pty', 'cie', 'ave', 'blvd',
  ],
);

const OPENERS = '"\'([{“‘«<`';
const CLOSERS = '"\')]}”’»>,;:!?%';
const CLITICS = /^(.+?)('s|'S|'re|'ve|'ll|'d|'m|'RE|'VE|'LL|'D|'M|’s|’re|’ve|’ll|’d|’m)$/;
const NEGATION = /^(.+)(n't|N'T|n’t)$/;
const DOTTED = /^(?:[A-Za-z]\.)+[A-Za-z]?\.?$/;
const DASHES = /(—|–|--)/;

/** True when `word` (with its final period) is an abbreviation that keeps the period. */
function keepsPeriod(word: string): boolean {
  const core = word.slice(0, -1);
  if (core.length === 0) return false;
  if (core.length === 1 && /[A-Za-z]/.test(core)) return true;
  if (DOTTED.test(word)) return true;
  return ABBREVIATIONS.has(core.toLowerCase());
}

function pushCore(word: string, start: number, out: Token[]): void {
  if (word.length === 0) return;
  const dash = DASHES.exec(word);
  if (dash !== null && word !== dash[0]) {
    const at = dash.index;
    pushCore(word.slice(0, at), start, out);
    out.push({ text: dash[0], start: start + at, end: start + at + dash[0].length });
    pushCore(word.slice(at + dash[0].length), start + at + dash[0].length, out);
    return;
  }
  const neg = NEGATION.exec(word);
  if (neg !== null && neg[1] !== undefined && neg[2] !== undefined && /[A-Za-z]$/.test(neg[1])) {
    out.push({ text: neg[1], start, end: start + neg[1].length });
    out.push({ text: neg[2], start: start + neg[1].length, end: start + word.length });
    return;
  }
  const clitic = CLITICS.exec(word);
  if (clitic !== null && clitic[1] !== undefined && clitic[2] !== undefined) {
    out.push({ text: clitic[1], start, end: start + clitic[1].length });
    out.push({ text: clitic[2], start: start + clitic[1].length, end: start + word.length });
    return;
  }
  out.push({ text: word, start, end: start + word.length });
}

/** Splits one whitespace-free chunk into tokens. */
function splitChunk(chunk: string, start: number, out: Token[]): void {
  let s = 0;
  let e = chunk.length;
  // A clitic standing alone ("'s") is one token, not a quote and a word.
  if (/^['’](s|S|re|ve|ll|d|m|t)$/.test(chunk) || chunk === "n't") {
    out.push({ text: chunk, start, end: start + e });
    return;
  }
  const lead: Token[] = [];
  while (s < e && OPENERS.includes(chunk[s] as string)) {
    lead.push({ text: chunk[s] as string, start: start + s, end: start + s + 1 });
    s++;
  }
  const trail: Token[] = [];
  for (;;) {
    if (s >= e) break;
    const c = chunk[e - 1] as string;
    if (CLOSERS.includes(c)) {
      // "'s" at the very end after a word is a clitic, not a closing quote.
      trail.push({ text: c, start: start + e - 1, end: start + e });
      e--;
      continue;
    }
    if (c === '.') {
      const word = chunk.slice(s, e);
      if (word.endsWith('...')) {
        trail.push({ text: '...', start: start + e - 3, end: start + e });
        e -= 3;
        continue;
      }
      if (word.length > 1 && word.endsWith('..')) {
        trail.push({ text: '.', start: start + e - 1, end: start + e });
        e--;
        continue;
      }
      if (word === '.' || !keepsPeriod(word)) {
        trail.push({ text: '.', start: start + e - 1, end: start + e });
        e--;
        continue;
      }
    }
    break;
  }
  for (const t of lead) out.push(t);
  pushCore(chunk.slice(s, e), start + s, out);
  for (let i = trail.length - 1; i >= 0; i--) out.push(trail[i] as Token);
}

/** Tokens of one paragraph (offsets relative to `offset`). */
export function tokenizeParagraph(text: string, offset = 0): Token[] {
  const out: Token[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) splitChunk(m[0], offset + m.index, out);
  return out;
}

const ENDERS = new Set(['.', '!', '?', '...']);
const CLOSING_QUOTES = new Set(['"', "'", '”', '’', ')']);

function isCapsSentence(tokens: Token[]): boolean {
  let upper = 0;
  let lower = 0;
  for (const t of tokens) {
    const s = t.text;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 65 && c <= 90) upper++;
      else if (c >= 97 && c <= 122) lower++;
    }
  }
  return (upper >= 4 && lower <= upper * 0.1) || isTitleCaseSentence(tokens);
}

/** Small words a Title Case headline capitalises ("NASA Just Confirmed There Are Water Plumes"). */
const TITLE_CASE_SMALL_WORDS = new Set([
  'a',
  'an',
  'the',
  'of',
  'to',
  'in',
  'on',
  'at',
  'for',
  'with',
  'from',
  'by',
  'and',
  'or',
  'is',
  'are',
  'was',
  'were',
  'be',
  'has',
  'have',
  'had',
  'will',
  'its',
  'their',
  'his',
  'her',
  'this',
  'that',
  'there',
  'just',
  'after',
  'over',
  'into',
  'as',
]);

/**
 * A headline in Title Case, every word capitalised: its capitals say as little as an all-caps
 * line's, so it is read the same way. Told from a list of names by a capitalised small word after
 * the first ("Are", "Of", "With"), which names and results lines do not have.
 */
function isTitleCaseSentence(tokens: Token[]): boolean {
  const words = tokens.filter((t) => /\p{L}/u.test(t.text));
  if (words.length < 4 || tokens.some((t) => /\p{N}/u.test(t.text))) return false;
  if (!words.every((w) => w.text.length < 4 || !/^\p{Ll}/u.test(w.text))) return false;
  return words.slice(1).some((w) => /^\p{Lu}\p{Ll}/u.test(w.text) && TITLE_CASE_SMALL_WORDS.has(w.text.toLowerCase()));
}

/** Splits a paragraph's tokens into sentences at . ! ? followed by a capital, digit or quote. */
function splitSentences(tokens: Token[], out: Sentence[]): void {
  let begin = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (!ENDERS.has(t.text)) continue;
    let end = i + 1;
    while (end < tokens.length && CLOSING_QUOTES.has((tokens[end] as Token).text)) end++;
    const next = tokens[end];
    if (next === undefined) break;
    const c = next.text.charCodeAt(0);
    const startsSentence = (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || next.text === '"' || next.text === '“';
    if (!startsSentence) continue;
    const sentence = tokens.slice(begin, end);
    out.push({ tokens: sentence, caps: isCapsSentence(sentence) });
    begin = end;
    i = end - 1;
  }
  if (begin < tokens.length) {
    const sentence = tokens.slice(begin);
    out.push({ tokens: sentence, caps: isCapsSentence(sentence) });
  }
}

/** Sentences of a text whose paragraphs are separated by line breaks. */
export function tokenizeText(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  const re = /[^\n]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const tokens = tokenizeParagraph(m[0], m.index);
    if (tokens.length > 0) splitSentences(tokens, sentences);
  }
  return sentences;
}
