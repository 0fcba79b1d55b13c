/**
 * Topic evaluation on bbc-dev: primary-topic accuracy against the section → IPTC mapping, measured
 * by stratified 5-fold cross-validation (the model is retrained on 4/5 and tested on the other 1/5),
 * and the average number of top-level topics per article.
 *
 *   npx tsx eval/topics.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { classifyTopics } from '../ingest/enrich/topics.ts';
import { createTopicClassifier, type ClassifierOptions } from '../ingest/enrich/topics/classify.ts';
import { loadModel } from '../ingest/enrich/topics/model.ts';
import { compileTaxonomy, parseTaxonomy, type CompiledTaxonomy } from '../ingest/enrich/topics/taxonomy.ts';
import { readBbcCorpus, repoRoot, trainTopicModel, type LabelledArticle, type TrainOptions } from './train-topics.ts';

export interface TopicEvaluation {
  /** Cross-validated primary-topic accuracy. */
  accuracy: number;
  /** Average number of top-level topics per article. */
  topLevelPerArticle: number;
  articles: number;
  /** Cross-validated primary-topic accuracy per BBC section. */
  perSection: Record<string, number>;
}

export const FOLDS = 5;

function loadTaxonomy(): CompiledTaxonomy {
  return compileTaxonomy(parseTaxonomy(JSON.parse(readFileSync(join(repoRoot, 'index-config/topics.json'), 'utf8'))));
}

/** Cross-validates training options and classifier options on bbc-dev. */
export function crossValidate(
  corpus: readonly LabelledArticle[],
  train: Partial<TrainOptions> = {},
  classify: Partial<ClassifierOptions> = {},
  taxonomy: CompiledTaxonomy = loadTaxonomy(),
): TopicEvaluation & { confusions: Array<{ id: string; expected: string; got: string[] }> } {
  const fold = new Map<LabelledArticle, number>();
  const seen = new Map<string, number>();
  for (const a of corpus) {
    const i = seen.get(a.section) ?? 0;
    seen.set(a.section, i + 1);
    fold.set(a, i % FOLDS);
  }
  let correct = 0;
  let topLevel = 0;
  const perSectionHits = new Map<string, [number, number]>();
  const confusions: Array<{ id: string; expected: string; got: string[] }> = [];
  for (let f = 0; f < FOLDS; f++) {
    const trainSet = corpus.filter((a) => fold.get(a) !== f);
    const model = loadModel(trainTopicModel(trainSet, `bbc-dev folds other than ${f}`, train));
    const classifier = createTopicClassifier(taxonomy, model, classify);
    const topLevelNames = new Set(taxonomy.names.slice(0, taxonomy.topLevelCount));
    for (const a of corpus) {
      if (fold.get(a) !== f) continue;
      const { topics } = classifier(a.doc);
      const hit = topics[0] === a.label;
      if (hit) correct++;
      else confusions.push({ id: a.id, expected: a.label, got: topics });
      topLevel += topics.filter((t) => topLevelNames.has(t)).length;
      const s = perSectionHits.get(a.section) ?? [0, 0];
      perSectionHits.set(a.section, [s[0] + (hit ? 1 : 0), s[1] + 1]);
    }
  }
  const perSection: Record<string, number> = {};
  for (const [section, [hits, n]] of [...perSectionHits].sort()) perSection[section] = hits / n;
  return {
    accuracy: correct / corpus.length,
    topLevelPerArticle: topLevel / corpus.length,
    articles: corpus.length,
    perSection,
    confusions,
  };
}

/** Cross-validated primary-topic accuracy and top-level topics per article on bbc-dev. */
export async function evaluateTopics(): Promise<TopicEvaluation> {
  const { accuracy, topLevelPerArticle, articles, perSection } = crossValidate(readBbcCorpus());
  return { accuracy, topLevelPerArticle, articles, perSection };
}

/** Articles per second of the shipped classifier (index-config model) over the given corpus. */
export function measureSpeed(corpus: readonly LabelledArticle[], rounds = 3): number {
  for (const a of corpus.slice(0, 200)) classifyTopics(a.doc);
  const start = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) for (const a of corpus) classifyTopics(a.doc);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return (rounds * corpus.length) / seconds;
}

function main(): void {
  const corpus = readBbcCorpus();
  const cv = crossValidate(corpus);
  const shipped = corpus.filter((a) => classifyTopics(a.doc).topics[0] === a.label).length / corpus.length;
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  console.log(`Topics on bbc-dev (${cv.articles} articles), primary-topic accuracy, ${FOLDS}-fold cross-validated:\n`);
  console.log('| section | accuracy |\n|---|---|');
  for (const [section, acc] of Object.entries(cv.perSection)) console.log(`| ${section} | ${pct(acc)} |`);
  console.log(`| **all (cross-validated)** | **${pct(cv.accuracy)}** |`);
  console.log(`\ntop-level topics per article: ${cv.topLevelPerArticle.toFixed(2)}`);
  console.log(`shipped model (trained on all of bbc-dev) on bbc-dev itself, training accuracy: ${pct(shipped)}`);
  console.log(`speed, shipped classifier, one core: ${Math.round(measureSpeed(corpus))} articles/s`);
  if (process.argv.includes('--errors')) {
    for (const c of cv.confusions) console.log(`${c.id}\texpected ${c.expected}\tgot ${c.got.join(' | ')}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
