/**
 * Trains the topic model (index-config/topic-model.json): multinomial naive Bayes over words and
 * bigrams, pruned to the most informative terms by a chi-square test. Deterministic: the same
 * corpus gives the same file.
 *
 *   npx tsx eval/train-topics.ts            # trains on all of ../shared/corpora/bbc-dev
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { EnrichInput } from '../ingest/enrich/types.ts';
import { addFeatures, type TopicModel } from '../ingest/enrich/topics/model.ts';
import { tokenise } from '../ingest/enrich/topics/tokenise.ts';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const bbcDevDir = resolve(repoRoot, '../shared/corpora/bbc-dev');
export const modelPath = join(repoRoot, 'index-config/topic-model.json');

/** BBC section → IPTC top-level topic (../shared/corpora/README.md). */
export const sectionTopic: Readonly<Record<string, string>> = {
  business: 'economy, business and finance',
  entertainment: 'arts, culture, entertainment and media',
  politics: 'politics',
  sport: 'sport',
  tech: 'science and technology',
};

export interface LabelledArticle {
  /** "business/001.txt" */
  id: string;
  section: string;
  label: string;
  doc: EnrichInput;
}

/**
 * Reads a plain-text article: headline line, then paragraphs separated by blank lines (or one per
 * line when the file has no blank lines, as in ../shared/seeds). The first paragraph is the standfirst.
 */
export function parsePlainArticle(bytes: Uint8Array): EnrichInput {
  const text = new TextDecoder('utf-8').decode(bytes).replace(/\r\n?/g, '\n');
  const lines = text.split('\n');
  const title = (lines.shift() ?? '').trim();
  const rest = lines.join('\n').trim();
  const paragraphs = (/\n\s*\n/.test(rest) ? rest.split(/\n\s*\n/) : rest.split('\n'))
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p.length > 0);
  return { title, standfirst: paragraphs[0] ?? '', body: paragraphs.slice(1).join('\n\n') };
}

/** All of bbc-dev, sorted by section then file name. */
export function readBbcCorpus(dir: string = bbcDevDir): LabelledArticle[] {
  const out: LabelledArticle[] = [];
  for (const section of Object.keys(sectionTopic).sort()) {
    for (const file of readdirSync(join(dir, section))
      .filter((f) => f.endsWith('.txt'))
      .sort()) {
      out.push({
        id: `${section}/${file}`,
        section,
        label: sectionTopic[section] as string,
        doc: parsePlainArticle(readFileSync(join(dir, section, file))),
      });
    }
  }
  return out;
}

export interface TrainOptions {
  /** Terms kept in the model, by chi-square. Default 4000. */
  maxTerms: number;
  /** A term must occur in at least this many training articles. Default 3. */
  minDocs: number;
  /** Additive (Laplace/Lidstone) smoothing. Default 0.1. */
  alpha: number;
  /** How many times title tokens count. Default 2. */
  titleWeight: number;
  /** Decimal places kept for weights. Default 3. */
  digits: number;
}

export const defaultTrainOptions: Readonly<TrainOptions> = { maxTerms: 4000, minDocs: 3, alpha: 0.1, titleWeight: 2, digits: 3 };

/** Feature counts of one article, as the classifier computes them. */
export function articleFeatures(doc: EnrichInput, titleWeight: number): Map<string, number> {
  const counts = new Map<string, number>();
  addFeatures(tokenise(doc.title), titleWeight, counts);
  addFeatures(tokenise(doc.standfirst), 1, counts);
  addFeatures(tokenise(doc.body), 1, counts);
  return counts;
}

/** Trains a naive Bayes topic model on labelled articles. */
export function trainTopicModel(
  articles: ReadonlyArray<{ doc: EnrichInput; label: string }>,
  trainedOn: string,
  options: Partial<TrainOptions> = {},
): TopicModel {
  const opt: TrainOptions = { ...defaultTrainOptions, ...options };
  const classes = [...new Set(articles.map((a) => a.label))].sort();
  const k = classes.length;
  const docsPerClass = new Array<number>(k).fill(0);
  const docFreq = new Map<string, number[]>();
  const termFreq = new Map<string, number[]>();
  for (const a of articles) {
    const c = classes.indexOf(a.label);
    docsPerClass[c] = (docsPerClass[c] as number) + 1;
    for (const [term, n] of articleFeatures(a.doc, opt.titleWeight)) {
      let df = docFreq.get(term);
      let tf = termFreq.get(term);
      if (!df || !tf) {
        df = new Array<number>(k).fill(0);
        tf = new Array<number>(k).fill(0);
        docFreq.set(term, df);
        termFreq.set(term, tf);
      }
      df[c] = (df[c] as number) + 1;
      tf[c] = (tf[c] as number) + n;
    }
  }
  const total = articles.length;
  const chi2 = (df: number[]): number => {
    const withTerm = df.reduce((s, x) => s + x, 0);
    let best = 0;
    for (let c = 0; c < k; c++) {
      const a = df[c] as number;
      const b = withTerm - a;
      const cc = (docsPerClass[c] as number) - a;
      const d = total - withTerm - cc;
      const den = (a + b) * (cc + d) * (a + cc) * (b + d);
      if (den > 0) best = Math.max(best, (total * (a * d - b * cc) ** 2) / den);
    }
    return best;
  };
  const ranked: Array<[string, number]> = [];
  for (const [term, df] of docFreq) {
    if (df.reduce((s, x) => s + x, 0) >= opt.minDocs) ranked.push([term, chi2(df)]);
  }
  ranked.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const vocab = ranked
    .slice(0, opt.maxTerms)
    .map(([t]) => t)
    .sort();

  const classTotals = new Array<number>(k).fill(0);
  for (const t of vocab) {
    const tf = termFreq.get(t) as number[];
    for (let c = 0; c < k; c++) classTotals[c] = (classTotals[c] as number) + (tf[c] as number);
  }
  const scale = 10 ** opt.digits;
  const weights: Record<string, number[]> = {};
  for (const t of vocab) {
    const tf = termFreq.get(t) as number[];
    const logs = tf.map((n, c) => Math.log((n + opt.alpha) / ((classTotals[c] as number) + opt.alpha * vocab.length)));
    const mean = logs.reduce((s, x) => s + x, 0) / k;
    weights[t] = logs.map((l) => Math.round((l - mean) * scale) / scale);
  }
  return {
    trainedOn,
    classes,
    logPriors: docsPerClass.map((n) => Math.round(Math.log(n / total) * scale) / scale),
    titleWeight: opt.titleWeight,
    weights,
  };
}

/** Serialises a model compactly: one term per line, so diffs stay readable. */
export function serialiseModel(model: TopicModel): string {
  const head = JSON.stringify({ ...model, weights: undefined }, null, 2).replace(/\n}$/, '');
  const lines = Object.entries(model.weights).map(([t, w]) => `    ${JSON.stringify(t)}: ${JSON.stringify(w)}`);
  return `${head},\n  "weights": {\n${lines.join(',\n')}\n  }\n}\n`;
}

function main(): void {
  const corpus = readBbcCorpus();
  const model = trainTopicModel(
    corpus,
    `All ${corpus.length} articles of bbc-dev (BBC News 2004-2005, Greene and Cunningham), section labels mapped to IPTC top-level topics; naive Bayes, words and bigrams, chi-square pruned to ${defaultTrainOptions.maxTerms} terms; eval/train-topics.ts`,
  );
  writeFileSync(modelPath, serialiseModel(model));
  console.log(`wrote ${modelPath}: ${Object.keys(model.weights).length} terms, ${model.classes.length} classes, ${corpus.length} articles`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
