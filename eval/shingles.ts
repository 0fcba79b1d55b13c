/**
 * The extraction-dev scorer (see ../shared/corpora/README.md): texts → word tokens → multisets
 * of 4-token shingles; per page precision/recall from shared vs. predicted-only vs. truth-only
 * shingles; averages over pages; F1 is the harmonic mean of the two averages.
 */

/** Maximal runs of word characters (letters, digits, underscore), Unicode-aware. */
const TOKEN = /[\p{L}\p{N}_]+/gu;

/** The shingle size the benchmark uses. */
export const SHINGLE_SIZE = 4;

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** The multiset of consecutive `size`-token shingles of a text. */
export function shingles(text: string, size = SHINGLE_SIZE): Map<string, number> {
  const tokens = tokenize(text);
  const counts = new Map<string, number>();
  for (let i = 0; i + size <= tokens.length; i++) {
    const key = tokens.slice(i, i + size).join('\u0001');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export interface PageScore {
  precision: number;
  recall: number;
}

/** Scores one page. An empty prediction scores 0; so does a prediction against an empty truth. */
export function scorePage(predicted: string, truth: string): PageScore {
  const pred = shingles(predicted);
  const gold = shingles(truth);
  let tp = 0;
  let predTotal = 0;
  let goldTotal = 0;
  for (const count of gold.values()) goldTotal += count;
  for (const [key, count] of pred) {
    predTotal += count;
    tp += Math.min(count, gold.get(key) ?? 0);
  }
  const fp = predTotal - tp;
  const fn = goldTotal - tp;
  const all = tp + fp + fn;
  if (all === 0 || predTotal === 0) return { precision: 0, recall: 0 };
  // tp, fp and fn are each divided by tp+fp+fn; the ratios below are unchanged by that.
  return {
    precision: tp + fp > 0 ? tp / (tp + fp) : 0,
    recall: tp + fn > 0 ? tp / (tp + fn) : 0,
  };
}

export interface CorpusScore {
  f1: number;
  precision: number;
  recall: number;
  pages: number;
}

/** Averages precision and recall over pages, then takes their harmonic mean. */
export function scoreCorpus(pages: PageScore[]): CorpusScore {
  if (pages.length === 0) return { f1: 0, precision: 0, recall: 0, pages: 0 };
  const precision = pages.reduce((sum, p) => sum + p.precision, 0) / pages.length;
  const recall = pages.reduce((sum, p) => sum + p.recall, 0) / pages.length;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { f1, precision, recall, pages: pages.length };
}
