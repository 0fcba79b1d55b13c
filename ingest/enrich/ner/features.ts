/**
 * Feature extraction for the tagger. Static features (word, context, shape, affixes, gazetteer,
 * document casing) are hashed once per token into an Int32Array; dynamic ones (previous labels,
 * the document's earlier decisions for the same word) are added while decoding.
 */
import { countryGazetteer } from '../gazetteer/countries.ts';
import { feature, hashSlice, hashString, mix } from './hash.ts';
import type { Sentence } from './tokenize.ts';

export const STATIC_FEATURES = 30;
export const DYNAMIC_FEATURES = 6;
export const FEATURES_PER_TOKEN = STATIC_FEATURES + DYNAMIC_FEATURES;

export interface PreparedSentence {
  sentence: Sentence;
  /** The token as the tagger reads it: upper-case headline words re-cased from the body when possible. */
  forms: string[];
  /** Hash of each lower-cased token (keys the document history). */
  lowerHash: Int32Array;
  shapeHash: Int32Array;
  /** STATIC_FEATURES keys per token. */
  statics: Int32Array;
}

export interface PreparedDocument {
  sentences: PreparedSentence[];
  /** Decoding order: mixed-case sentences first so that headlines can use what the body said. */
  order: number[];
}

const BOS = hashString('<s>');
const BOS2 = hashString('<s2>');
const EOS = hashString('</s>');
const EOS2 = hashString('</s2>');
const NONE = hashString('<none>');

/** Compressed word shape: "Xx", "X.X.", "Xx-Xx", "d.d", "x". */
export function shapeOf(s: string): string {
  let out = '';
  let last = '';
  for (let i = 0; i < s.length && out.length < 12; i++) {
    const c = s.charCodeAt(i);
    let k: string;
    if (c >= 65 && c <= 90) k = 'X';
    else if (c >= 97 && c <= 122) k = 'x';
    else if (c >= 48 && c <= 57) k = 'd';
    else if (c > 127) {
      const ch = s[i] as string;
      k = ch !== ch.toLowerCase() ? 'X' : ch !== ch.toUpperCase() ? 'x' : ch;
    } else k = s[i] as string;
    if (k !== last || (k !== 'X' && k !== 'x' && k !== 'd')) out += k;
    last = k;
  }
  return out;
}

function hasLetter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return true;
    if (c > 127 && /\p{L}/u.test(s[i] as string)) return true;
  }
  return false;
}

/** Everything about a word form that does not depend on its context, hashed once. */
interface WordInfo {
  lower: string;
  formHash: number;
  lowerHash: number;
  shapeHash: number;
  prefix2: number;
  prefix3: number;
  prefix4: number;
  suffix2: number;
  suffix3: number;
  suffix4: number;
}

const WORD_CACHE_LIMIT = 200_000;
const wordCache = new Map<string, WordInfo>();

function wordInfo(form: string): WordInfo {
  let info = wordCache.get(form);
  if (info !== undefined) return info;
  const lower = form.toLowerCase();
  const len = form.length;
  info = {
    lower,
    formHash: hashString(form),
    lowerHash: hashString(lower),
    shapeHash: hashString(shapeOf(form)),
    prefix2: feature(12, hashSlice(form, 0, Math.min(2, len))),
    prefix3: feature(13, hashSlice(form, 0, Math.min(3, len))),
    prefix4: feature(28, hashSlice(form, 0, Math.min(4, len))),
    suffix2: feature(14, hashSlice(lower, Math.max(0, len - 2), len)),
    suffix3: feature(15, hashSlice(lower, Math.max(0, len - 3), len)),
    suffix4: feature(16, hashSlice(lower, Math.max(0, len - 4), len)),
  };
  if (wordCache.size >= WORD_CACHE_LIMIT) wordCache.clear();
  wordCache.set(form, info);
  return info;
}

interface CaseEvidence {
  /** The most frequent mid-sentence form, e.g. "Leicestershire". */
  form: string;
  count: number;
  lowerMid: boolean;
  capMid: boolean;
}

/** How each word is written in the document's mixed-case sentences (not counting sentence starts). */
function caseEvidence(sentences: Sentence[]): Map<string, CaseEvidence> {
  const seen = new Map<string, Map<string, number>>();
  const info = new Map<string, CaseEvidence>();
  for (const s of sentences) {
    if (s.caps) continue;
    for (let i = 1; i < s.tokens.length; i++) {
      const text = (s.tokens[i] as { text: string }).text;
      if (!hasLetter(text)) continue;
      const lower = text.toLowerCase();
      let forms = seen.get(lower);
      if (forms === undefined) {
        forms = new Map();
        seen.set(lower, forms);
      }
      forms.set(text, (forms.get(text) ?? 0) + 1);
    }
  }
  for (const [lower, forms] of seen) {
    let best = '';
    let count = 0;
    let lowerMid = false;
    let capMid = false;
    for (const [form, n] of forms) {
      if (n > count) {
        best = form;
        count = n;
      }
      if (form === lower) lowerMid = true;
      else capMid = true;
    }
    info.set(lower, { form: best, count, lowerMid, capMid });
  }
  return info;
}

/** Gazetteer tags per token: 0 none, else hash of "B-name", "I-demonym"... */
function gazetteerTags(lowers: string[]): Int32Array {
  const gaz = countryGazetteer();
  const tags = new Int32Array(lowers.length);
  for (let i = 0; i < lowers.length; i++) {
    if (!gaz.firstTokens.has(lowers[i] as string)) continue;
    let key = '';
    let found = 0;
    let foundKind = '';
    const max = Math.min(gaz.maxTokens, lowers.length - i);
    for (let n = 1; n <= max; n++) {
      key = n === 1 ? (lowers[i] as string) : `${key} ${lowers[i + n - 1] as string}`;
      const entry = gaz.phrases.get(key);
      if (entry !== undefined) {
        found = n;
        foundKind = entry.rule;
      }
    }
    if (found > 0) {
      tags[i] = hashString(`B-${foundKind}`);
      for (let j = 1; j < found; j++) tags[i + j] = hashString(`I-${foundKind}`);
      i += found - 1;
    }
  }
  return tags;
}

/** Prepares a tokenized document for tagging. */
export function prepareDocument(sentences: Sentence[]): PreparedDocument {
  const evidence = caseEvidence(sentences);
  const prepared: PreparedSentence[] = [];
  const first: number[] = [];
  const last: number[] = [];
  sentences.forEach((sentence, si) => {
    const n = sentence.tokens.length;
    const forms: string[] = new Array<string>(n);
    const lowers: string[] = new Array<string>(n);
    const lowerHash = new Int32Array(n);
    const shapeHash = new Int32Array(n);
    const infos: WordInfo[] = new Array<WordInfo>(n);
    const docInfo = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const text = (sentence.tokens[i] as { text: string }).text;
      const lower = text.toLowerCase();
      const ev = evidence.get(lower);
      let form = text;
      if (sentence.caps && ev !== undefined) form = ev.form;
      const info = wordInfo(form);
      infos[i] = info;
      forms[i] = form;
      lowers[i] = lower;
      lowerHash[i] = info.lowerHash;
      shapeHash[i] = info.shapeHash;
      docInfo[i] = ev === undefined ? 0 : (ev.lowerMid ? 1 : 0) | (ev.capMid ? 2 : 0);
    }
    const gaz = gazetteerTags(lowers);
    const statics = new Int32Array(n * STATIC_FEATURES);
    const caps = sentence.caps ? 1 : 0;
    for (let i = 0; i < n; i++) {
      const o = i * STATIC_FEATURES;
      const w = lowerHash[i] as number;
      const sh = shapeHash[i] as number;
      const wm1 = i > 0 ? (lowerHash[i - 1] as number) : BOS;
      const wm2 = i > 1 ? (lowerHash[i - 2] as number) : i > 0 ? BOS : BOS2;
      const wp1 = i + 1 < n ? (lowerHash[i + 1] as number) : EOS;
      const wp2 = i + 2 < n ? (lowerHash[i + 2] as number) : i + 1 < n ? EOS : EOS2;
      const sm1 = i > 0 ? (shapeHash[i - 1] as number) : BOS;
      const sm2 = i > 1 ? (shapeHash[i - 2] as number) : BOS2;
      const sp1 = i + 1 < n ? (shapeHash[i + 1] as number) : EOS;
      const info = infos[i] as WordInfo;
      const g = gaz[i] as number;
      const gm1 = i > 0 ? (gaz[i - 1] as number) : BOS;
      const gp1 = i + 1 < n ? (gaz[i + 1] as number) : EOS;
      statics[o] = feature(0, 0);
      statics[o + 1] = feature(1, info.formHash);
      statics[o + 2] = feature(2, w);
      statics[o + 3] = feature(3, wm1);
      statics[o + 4] = feature(4, wp1);
      statics[o + 5] = feature(5, wm2);
      statics[o + 6] = feature(6, wp2);
      statics[o + 7] = feature(7, sh);
      statics[o + 8] = feature(8, sm1);
      statics[o + 9] = feature(9, sp1);
      statics[o + 10] = feature(10, sm1, sh);
      statics[o + 11] = feature(11, sh, sp1);
      statics[o + 12] = info.prefix2;
      statics[o + 13] = info.prefix3;
      statics[o + 14] = info.suffix2;
      statics[o + 15] = info.suffix3;
      statics[o + 16] = info.suffix4;
      statics[o + 17] = feature(17, wm1, w);
      statics[o + 18] = feature(18, w, wp1);
      statics[o + 19] = feature(19, wm1, sh);
      statics[o + 20] = feature(20, sh, wp1);
      statics[o + 21] = feature(21, caps * 4 + (sentence.caps && forms[i] !== sentence.tokens[i]?.text ? 2 : 0), sh);
      statics[o + 22] = feature(22, i === 0 ? 1 : 0, sh);
      statics[o + 23] = feature(23, g === 0 ? NONE : g);
      statics[o + 24] = feature(24, g === 0 ? NONE : g, sh);
      statics[o + 25] = feature(25, mix(sm2, sm1), sh);
      statics[o + 26] = feature(26, gm1 === 0 ? NONE : gm1, gp1 === 0 ? NONE : gp1);
      statics[o + 27] = feature(27, docInfo[i] as number, mix(sh, i === 0 ? 1 : 0));
      statics[o + 28] = info.prefix4;
      statics[o + 29] = feature(29, si === 0 ? 1 : 0, sh);
    }
    prepared.push({ sentence, forms, lowerHash, shapeHash, statics });
    (sentence.caps ? last : first).push(si);
  });
  return { sentences: prepared, order: [...first, ...last] };
}

/** Fills the dynamic features of token `i` into `out` at `offset`. */
export function dynamicFeatures(
  s: PreparedSentence,
  i: number,
  prev: number,
  prev2: number,
  history: number,
  out: Int32Array,
  offset: number,
): void {
  const w = s.lowerHash[i] as number;
  const sh = s.shapeHash[i] as number;
  out[offset] = feature(40, prev);
  out[offset + 1] = feature(41, prev, prev2);
  out[offset + 2] = feature(42, prev, w);
  out[offset + 3] = feature(43, prev, sh);
  out[offset + 4] = feature(44, history);
  out[offset + 5] = feature(45, history, sh);
}
