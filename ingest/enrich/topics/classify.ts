/**
 * Topic classification: the learned model decides among the top-level topics it knows; curated
 * evidence terms decide the other top-level topics and the subtopics. Pure: the taxonomy and the
 * model are passed in.
 *
 * The model and the evidence terms are English: an article in another language gets no topics
 * (see `looksEnglish`). Primary topic: the model's best class, unless an evidence-only topic
 * (crime, weather, health...) has both a high evidence score and a high density of evidence terms
 * (score / √tokens); then that topic leads and the model adds nothing more. Output order: the primary top-level topic, up to two more top-level
 * topics with strong evidence, then subtopics (those under the listed top-level topics first, in
 * that order).
 */
import type { EnrichInput, Explanation } from '../types.ts';
import { scoreTokens, type LoadedModel } from './model.ts';
import type { CompiledTaxonomy, EvidenceTerm } from './taxonomy.ts';
import { tokenise } from './tokenise.ts';

export interface TopicResult {
  topics: string[];
  explanations: Explanation[];
}

export interface ClassifierOptions {
  /** Scale of the length-normalised model scores before the softmax. Default 5. */
  sharpness: number;
  /** Tempered model probability a second model topic needs to be listed. Default 0.2. */
  secondaryProbability: number;
  /** Keyword score an evidence-only top-level topic needs to be listed after the primary. Default 6. */
  keywordSecondaryScore: number;
  /** ... and its density: score / √(tokens in the article). Default 0.35. */
  keywordSecondaryDensity: number;
  /** Keyword score an evidence-only top-level topic needs to become the primary. Default 6. */
  keywordPrimaryScore: number;
  /** ... and its density: score / √(tokens in the article). Default 1 (a 400-word article needs 20). */
  keywordPrimaryDensity: number;
  /** Keyword score a subtopic needs when its parent is listed. Default 2.5. */
  subtopicScore: number;
  /** Keyword score a subtopic needs when its parent is not listed. Default 4. */
  orphanSubtopicScore: number;
  /**
   * Model terms (occurrences) an article needs before the model's topic is trusted; below it only
   * evidence terms can give topics. Default 8.
   */
  minModelEvidence: number;
  /** At most this many top-level topics. Default 3. */
  maxTopLevel: number;
  /** At most this many subtopics. Default 6. */
  maxSubtopics: number;
  /** At most this many mentions per explanation. Default 5. */
  maxMentions: number;
}

export const defaultClassifierOptions: Readonly<ClassifierOptions> = {
  sharpness: 5,
  secondaryProbability: 0.2,
  keywordSecondaryScore: 6,
  keywordSecondaryDensity: 0.35,
  keywordPrimaryScore: 6,
  keywordPrimaryDensity: 1,
  subtopicScore: 2.5,
  orphanSubtopicScore: 4,
  minModelEvidence: 8,
  maxTopLevel: 3,
  maxSubtopics: 6,
  maxMentions: 5,
};

export type TopicClassifier = (doc: EnrichInput) => TopicResult;

interface KeywordEvidence {
  score: number[];
  strong: boolean[];
  /** Per topic: matched term labels with their contribution. */
  mentions: Array<Array<[string, number]>>;
}

const HEAD_BONUS = 0.5;

function matchEvidence(taxonomy: CompiledTaxonomy, parts: ReadonlyArray<{ tokens: string[]; head: boolean }>): KeywordEvidence {
  const hits = new Map<EvidenceTerm, { count: number; head: boolean }>();
  for (const { tokens, head } of parts) {
    for (let i = 0; i < tokens.length; i++) {
      const candidates = taxonomy.byFirstToken.get(tokens[i] as string);
      if (!candidates) continue;
      for (const term of candidates) {
        const len = term.tokens.length;
        if (i + len > tokens.length) continue;
        let ok = true;
        for (let j = 1; j < len; j++) {
          if (tokens[i + j] !== term.tokens[j]) {
            ok = false;
            break;
          }
        }
        if (!ok) continue;
        const hit = hits.get(term);
        if (hit) {
          hit.count++;
          hit.head ||= head;
        } else hits.set(term, { count: 1, head });
      }
    }
  }
  const n = taxonomy.names.length;
  const score = new Array<number>(n).fill(0);
  const strong = new Array<boolean>(n).fill(false);
  const mentions: Array<Array<[string, number]>> = Array.from({ length: n }, () => []);
  for (const [term, { count, head }] of hits) {
    for (const { topic, weight } of term.targets) {
      const contribution = weight * (1 + Math.log(count) + (head ? HEAD_BONUS : 0));
      score[topic] = (score[topic] as number) + contribution;
      if (weight >= 1) strong[topic] = true;
      (mentions[topic] as Array<[string, number]>).push([term.label, contribution]);
    }
  }
  for (let t = 0; t < n; t++) if (!strong[t]) score[t] = 0;
  return { score, strong, mentions };
}

function topMentions(list: Array<[string, number]>, max: number): string[] {
  return [...list]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, max)
    .map(([label]) => label);
}

/** Function words never shown as model evidence. */
const STOPWORDS = new Set(
  'a an and are as at be but by for from had has have he her his i in is it its of on or our said say she that the their them they this to was we were which who will with would you yesterday'.split(
    ' ',
  ),
);

/**
 * The model and evidence terms are English. An article declared in another language, or a longer
 * one in which under 1 token in 10 is a common English function word (BBC articles: never below
 * 0.13), gets no topics rather than a guess.
 */
function looksEnglish(language: string | undefined, parts: ReadonlyArray<{ tokens: string[] }>): boolean {
  if (language !== undefined && language !== '' && !/^en\b/i.test(language)) return false;
  let total = 0;
  let functionWords = 0;
  for (const { tokens } of parts) {
    total += tokens.length;
    for (const t of tokens) if (STOPWORDS.has(t)) functionWords++;
  }
  return total < 40 || functionWords >= 0.1 * total;
}

/** The strongest model terms, skipping a word already shown inside a stronger bigram. */
function modelMentions(list: Array<[string, number]>, max: number): string[] {
  const out: string[] = [];
  const shownWords = new Set<string>();
  for (const [term] of [...list].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) {
    if (out.length >= max) break;
    const words = term.split(' ');
    if (words.length === 1 && shownWords.has(term)) continue;
    out.push(term);
    for (const w of words) shownWords.add(w);
  }
  return out;
}

const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** Builds a classifier from a compiled taxonomy and a loaded model. */
export function createTopicClassifier(
  taxonomy: CompiledTaxonomy,
  loaded: LoadedModel,
  options: Partial<ClassifierOptions> = {},
): TopicClassifier {
  const opt: ClassifierOptions = { ...defaultClassifierOptions, ...options };
  if (!Number.isInteger(opt.maxTopLevel) || opt.maxTopLevel < 1) {
    throw new TypeError(`Expected \`maxTopLevel\` to be a positive integer, got \`${opt.maxTopLevel}\` (${typeof opt.maxTopLevel})`);
  }
  const { model } = loaded;
  const topicIdOfClass = model.classes.map((name) => {
    const id = taxonomy.names.indexOf(name);
    if (id < 0 || id >= taxonomy.topLevelCount) throw new TypeError(`Model class "${name}" is not a top-level topic of the taxonomy`);
    return id;
  });
  const modelCovered = new Set(topicIdOfClass);
  /** Model terms worth showing as evidence: no function words. */
  const shown = new Map<number[], string>();
  for (const [w, term] of loaded.termOf) if (term.split(' ').every((x) => !STOPWORDS.has(x))) shown.set(w, term);

  return (doc: EnrichInput): TopicResult => {
    const parts = [
      { tokens: tokenise(doc.title), head: true, times: model.titleWeight },
      { tokens: tokenise(doc.standfirst), head: true, times: 1 },
      { tokens: tokenise(doc.body), head: false, times: 1 },
    ];
    const tokenCount = parts.reduce((s, p) => s + p.tokens.length, 0);
    if (tokenCount === 0 || !looksEnglish(doc.language, parts)) return { topics: [], explanations: [] };

    const { scores, matched, found } = scoreTokens(loaded, parts);
    const scale = opt.sharpness / Math.max(matched, 1);
    const maxScore = Math.max(...scores);
    const exps = scores.map((s) => Math.exp((s - maxScore) * scale));
    const total = exps.reduce((a, b) => a + b, 0);
    const prob = exps.map((e) => e / total);

    const evidence = matchEvidence(taxonomy, parts);

    const density = (s: number): number => s / Math.sqrt(tokenCount);
    type Candidate = { topic: number; confidence: number; rule: 'model' | 'keywords'; score: number };
    const modelRanked: Candidate[] = prob
      .map((p, c): Candidate => ({ topic: topicIdOfClass[c] as number, confidence: p, rule: 'model', score: p }))
      .sort((a, b) => b.confidence - a.confidence);
    const keywordRanked: Candidate[] = [];
    for (let t = 0; t < taxonomy.topLevelCount; t++) {
      const s = evidence.score[t] as number;
      if (modelCovered.has(t) || s < opt.keywordSecondaryScore || density(s) < opt.keywordSecondaryDensity) continue;
      keywordRanked.push({ topic: t, confidence: Math.min(1, s / (2 * opt.keywordPrimaryScore)), rule: 'keywords', score: s });
    }
    keywordRanked.sort((a, b) => b.score - a.score);

    const bestKeyword = keywordRanked[0];
    const modelKnows = matched >= opt.minModelEvidence;
    const keywordLeads =
      bestKeyword !== undefined &&
      (!modelKnows || (bestKeyword.score >= opt.keywordPrimaryScore && density(bestKeyword.score) >= opt.keywordPrimaryDensity));
    if (!modelKnows && !keywordLeads) return { topics: [], explanations: [] };
    const primary = keywordLeads ? (bestKeyword as Candidate) : (modelRanked[0] as Candidate);

    // When evidence terms put the article outside the model's topics, the model's view of it is
    // not worth listing.
    const rest: Candidate[] = [
      ...(keywordLeads ? [] : modelRanked.filter((c) => c !== primary && c.confidence >= opt.secondaryProbability)),
      ...keywordRanked.filter((c) => c !== primary),
    ].sort((a, b) => b.confidence - a.confidence);
    const topLevel = [primary, ...rest].slice(0, opt.maxTopLevel);
    const listed = new Map(topLevel.map((c, rank) => [c.topic, rank]));

    const subs: Array<{ topic: number; score: number; parentRank: number }> = [];
    for (let t = taxonomy.topLevelCount; t < taxonomy.names.length; t++) {
      const s = evidence.score[t] as number;
      if (s <= 0) continue;
      const parentRank = listed.get(taxonomy.parentOf[t] as number);
      if (s >= (parentRank === undefined ? opt.orphanSubtopicScore : opt.subtopicScore)) {
        subs.push({ topic: t, score: s, parentRank: parentRank ?? opt.maxTopLevel });
      }
    }
    subs.sort((a, b) => a.parentRank - b.parentRank || b.score - a.score);
    const subtopics = subs.slice(0, opt.maxSubtopics);

    const explanations: Explanation[] = [];
    for (const c of topLevel) {
      const value = taxonomy.names[c.topic] as string;
      let mentions: string[];
      if (c.rule === 'model') {
        const cls = topicIdOfClass.indexOf(c.topic);
        const contributions: Array<[string, number]> = [];
        for (const [weights, count] of found) {
          const wc = weights[cls] as number;
          const term = shown.get(weights);
          if (wc > 0 && term !== undefined) contributions.push([term, count * wc]);
        }
        mentions = modelMentions(contributions, opt.maxMentions);
      } else {
        mentions = topMentions(evidence.mentions[c.topic] ?? [], opt.maxMentions);
      }
      explanations.push({ facet: 'topics', value, mentions, rule: c.rule, score: round(c.score, 3) });
    }
    for (const s of subtopics) {
      explanations.push({
        facet: 'topics',
        value: taxonomy.names[s.topic] as string,
        mentions: topMentions(evidence.mentions[s.topic] ?? [], opt.maxMentions),
        rule: 'keywords',
        score: round(s.score, 3),
      });
    }
    return { topics: explanations.map((e) => e.value), explanations };
  };
}
