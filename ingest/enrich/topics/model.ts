/**
 * The learned part of topic classification: a multinomial naive Bayes model over words and
 * bigrams (index-config/topic-model.json, trained by eval/train-topics.ts). Features are computed
 * here, for training and classification alike.
 */
import { LedeError } from '../../../src/errors.ts';

export interface TopicModel {
  /** What the model was trained on, for the README and `--explain`. */
  trainedOn: string;
  /** Class names: IPTC top-level topic names. */
  classes: string[];
  /** Log prior of each class. */
  logPriors: number[];
  /** How many times a title token counts (the standfirst and body count once). */
  titleWeight: number;
  /**
   * Per term (word, or two words joined by a space), the log-likelihood of the term under each
   * class minus its mean over classes: only differences between classes matter to the decision.
   */
  weights: Record<string, number[]>;
}

/** A model ready for lookups: bigrams are indexed by first then second word, so no string is built per lookup. */
export interface LoadedModel {
  model: TopicModel;
  /** Every term: word or bigram. */
  weights: Map<string, number[]>;
  unigrams: Map<string, number[]>;
  bigrams: Map<string, Map<string, number[]>>;
  /** The term of each weight row. */
  termOf: Map<number[], string>;
}

/** Checks the shape of a parsed model file and indexes it. */
export function loadModel(json: unknown): LoadedModel {
  if (typeof json !== 'object' || json === null)
    throw new LedeError('invalid_topic_model', `Expected the topic model to be an object, got ${typeof json}`);
  const m = json as Partial<TopicModel>;
  const k = Array.isArray(m.classes) ? m.classes.length : 0;
  if (k < 2 || !Array.isArray(m.logPriors) || m.logPriors.length !== k) {
    throw new LedeError(
      'invalid_topic_model',
      `Expected the topic model to have at least 2 \`classes\` and one log prior each, got ${k} classes`,
    );
  }
  if (typeof m.weights !== 'object' || m.weights === null)
    throw new LedeError('invalid_topic_model', 'Expected the topic model to have `weights`');
  const weights = new Map<string, number[]>();
  const unigrams = new Map<string, number[]>();
  const bigrams = new Map<string, Map<string, number[]>>();
  const termOf = new Map<number[], string>();
  for (const [term, w] of Object.entries(m.weights)) {
    if (!Array.isArray(w) || w.length !== k || w.some((x) => typeof x !== 'number')) {
      throw new LedeError('invalid_topic_model', `Expected ${k} weights for term "${term}", got ${JSON.stringify(w)}`);
    }
    weights.set(term, w);
    termOf.set(w, term);
    const space = term.indexOf(' ');
    if (space < 0) unigrams.set(term, w);
    else {
      const first = term.slice(0, space);
      let seconds = bigrams.get(first);
      if (!seconds) bigrams.set(first, (seconds = new Map()));
      seconds.set(term.slice(space + 1), w);
    }
  }
  const model: TopicModel = {
    trainedOn: typeof m.trainedOn === 'string' ? m.trainedOn : '',
    classes: m.classes as string[],
    logPriors: m.logPriors,
    titleWeight: typeof m.titleWeight === 'number' ? m.titleWeight : 1,
    weights: m.weights,
  };
  return { model, weights, unigrams, bigrams, termOf };
}

/**
 * Adds the features of one run of tokens (words and adjacent-word bigrams) to `counts`,
 * each counted `times` times.
 */
export function addFeatures(tokens: readonly string[], times: number, counts: Map<string, number>): void {
  let prev = '';
  for (const t of tokens) {
    counts.set(t, (counts.get(t) ?? 0) + times);
    if (prev) {
      const bigram = `${prev} ${t}`;
      counts.set(bigram, (counts.get(bigram) ?? 0) + times);
    }
    prev = t;
  }
}

export interface ModelScores {
  /** Unnormalised log posterior of each class. */
  scores: number[];
  /** How many feature occurrences the model knew. */
  matched: number;
  /** How often each known feature was found, keyed by its weight row (see `LoadedModel.termOf`). */
  found: Map<number[], number>;
}

/**
 * Naive Bayes scores of an article given its runs of tokens, each counted `times` times. Same
 * features as `addFeatures`, without building a map of every feature.
 */
export function scoreTokens(loaded: LoadedModel, parts: ReadonlyArray<{ tokens: readonly string[]; times: number }>): ModelScores {
  const scores = [...loaded.model.logPriors];
  const k = scores.length;
  const found = new Map<number[], number>();
  let matched = 0;
  const add = (w: number[], n: number): void => {
    matched += n;
    for (let c = 0; c < k; c++) scores[c] = (scores[c] as number) + n * (w[c] as number);
    found.set(w, (found.get(w) ?? 0) + n);
  };
  for (const { tokens, times } of parts) {
    let seconds: Map<string, number[]> | undefined;
    for (const t of tokens) {
      const w = loaded.unigrams.get(t);
      if (w) add(w, times);
      if (seconds) {
        const bw = seconds.get(t);
        if (bw) add(bw, times);
      }
      seconds = loaded.bigrams.get(t);
    }
  }
  return { scores, matched, found };
}
