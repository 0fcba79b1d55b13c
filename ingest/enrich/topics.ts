/**
 * IPTC Media Topics for an article: the primary top-level topic first, at most three top-level
 * topics, then finer subtopics. Wiring only: the taxonomy (index-config/topics.json) and the
 * learned model (index-config/topic-model.json) are read once; the logic is in ./topics/.
 */
import { readFileSync } from 'node:fs';
import { projectFile } from '../../src/project-files.ts';
import { createTopicClassifier, type TopicClassifier, type TopicResult } from './topics/classify.ts';
import { loadModel } from './topics/model.ts';
import { compileTaxonomy, parseTaxonomy } from './topics/taxonomy.ts';
import type { EnrichInput } from './types.ts';

export type { TopicResult } from './topics/classify.ts';

const taxonomyUrl = projectFile('index-config', 'topics.json');
const modelUrl = projectFile('index-config', 'topic-model.json');

let classifier: TopicClassifier | undefined;

function defaultClassifier(): TopicClassifier {
  classifier ??= createTopicClassifier(
    compileTaxonomy(parseTaxonomy(JSON.parse(readFileSync(taxonomyUrl, 'utf8')))),
    loadModel(JSON.parse(readFileSync(modelUrl, 'utf8'))),
  );
  return classifier;
}

/** Topics of one article, with an explanation per topic. */
export function classifyTopics(doc: EnrichInput): TopicResult {
  return defaultClassifier()(doc);
}
