/**
 * Greedy averaged-perceptron sequence tagger (IOB2 over PER, ORG, LOC, MISC). Decoding walks the
 * document's mixed-case sentences first, then its upper-case ones, remembering what it decided for
 * each word so that later mentions ("Portnoy", "PORTNOY") can lean on earlier ones.
 */
import { DYNAMIC_FEATURES, FEATURES_PER_TOKEN, STATIC_FEATURES, dynamicFeatures } from './features.ts';
import type { PreparedDocument, PreparedSentence } from './features.ts';
import { LABEL_COUNT, isInside, typeOf } from './labels.ts';

/** Something that scores features: adds a feature's LABEL_COUNT weights to the scores. */
export interface WeightTable {
  addTo(key: number, scores: Int32Array): void;
}

/** Called on a wrong decision during training: +1 for the gold label's features, −1 for the guess. */
export type UpdateFn = (features: Int32Array, gold: number, guess: number) => void;

const NO_HISTORY = 7;

function allowed(label: number, prev: number): boolean {
  if (!isInside(label)) return true;
  return prev === label || prev === label - 1;
}

/**
 * Tags a prepared document; returns one label array per sentence. With `gold` and `update`, trains
 * on it as it goes (the decisions already taken, right or wrong, feed the later features).
 */
export function decode(doc: PreparedDocument, table: WeightTable, gold?: Int8Array[], update?: UpdateFn): Int8Array[] {
  const out: Int8Array[] = doc.sentences.map((s) => new Int8Array(s.sentence.tokens.length));
  const history = new Map<number, Int32Array>();
  const feats = new Int32Array(FEATURES_PER_TOKEN);
  const scores = new Int32Array(LABEL_COUNT);
  for (const si of doc.order) {
    const s = doc.sentences[si] as PreparedSentence;
    const labels = out[si] as Int8Array;
    const n = labels.length;
    let prev = 0;
    let prev2 = 0;
    for (let i = 0; i < n; i++) {
      // Small-integer keys stay unboxed in the Map.
      const w = (s.lowerHash[i] as number) & 0x3fffffff;
      const counts = history.get(w);
      let hist = NO_HISTORY;
      if (counts !== undefined) {
        let best = -1;
        for (let t = 0; t < 5; t++) {
          if ((counts[t] as number) > best) {
            best = counts[t] as number;
            hist = t;
          }
        }
      }
      const statics = s.statics;
      const so = i * STATIC_FEATURES;
      for (let f = 0; f < STATIC_FEATURES; f++) feats[f] = statics[so + f] as number;
      dynamicFeatures(s, i, prev, prev2, hist, feats, STATIC_FEATURES);
      scores.fill(0);
      for (let f = 0; f < FEATURES_PER_TOKEN; f++) table.addTo(feats[f] as number, scores);
      let guess = 0;
      let best = -Infinity;
      for (let k = 0; k < LABEL_COUNT; k++) {
        if (!allowed(k, prev)) continue;
        if ((scores[k] as number) > best) {
          best = scores[k] as number;
          guess = k;
        }
      }
      if (gold !== undefined && update !== undefined) {
        const g = (gold[si] as Int8Array)[i] as number;
        if (g !== guess) update(feats, g, guess);
      }
      labels[i] = guess;
      let c = counts;
      if (c === undefined) {
        c = new Int32Array(5);
        history.set(w, c);
      }
      c[typeOf(guess)] = (c[typeOf(guess)] as number) + 1;
      prev2 = prev;
      prev = guess;
    }
  }
  return out;
}

export { DYNAMIC_FEATURES };
