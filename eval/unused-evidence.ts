/**
 * Lists the evidence terms of index-config/topics.json that occur in no bbc-dev article, matched
 * the way the classifier matches them (ingest/enrich/topics: the topics tokeniser, a phrase
 * matched within the title, the standfirst or the body), and says which of them occur in the seed
 * article (../shared/seeds/*.txt).
 *
 *   npx tsx eval/unused-evidence.ts [--json]
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { EnrichInput } from '../ingest/enrich/types.ts';
import { parseTaxonomy } from '../ingest/enrich/topics/taxonomy.ts';
import { phraseKey, tokenise } from '../ingest/enrich/topics/tokenise.ts';
import { parsePlainArticle, readBbcCorpus, repoRoot } from './train-topics.ts';

export interface EvidenceUse {
  topic: string;
  term: string;
  weak: boolean;
  /** bbc-dev articles it occurs in. */
  articles: number;
  /** Whether it occurs in the seed article. */
  seed: boolean;
}

/** The phrase keys (tokens joined by spaces) of every contiguous run of 1..maxTokens tokens of the document's parts. */
function phrasesOf(doc: EnrichInput, maxTokens: number): Set<string> {
  const out = new Set<string>();
  for (const part of [doc.title, doc.standfirst, doc.body]) {
    const tokens = tokenise(part);
    for (let i = 0; i < tokens.length; i++) {
      let key = '';
      for (let n = 1; n <= maxTokens && i + n <= tokens.length; n++) {
        key = n === 1 ? (tokens[i] as string) : `${key} ${tokens[i + n - 1] as string}`;
        out.add(key);
      }
    }
  }
  return out;
}

/** Every evidence term of the taxonomy with the number of documents it occurs in. */
export function evidenceUse(taxonomyJson: unknown, corpus: readonly EnrichInput[], seed: readonly EnrichInput[]): EvidenceUse[] {
  const taxonomy = parseTaxonomy(taxonomyJson);
  const terms: Array<Omit<EvidenceUse, 'articles' | 'seed'> & { key: string }> = [];
  for (const t of [...taxonomy.topLevel, ...taxonomy.subtopics]) {
    for (const term of t.evidence) terms.push({ topic: t.name, term, weak: false, key: phraseKey(term) });
    for (const term of t.weakEvidence) terms.push({ topic: t.name, term, weak: true, key: phraseKey(term) });
  }
  const maxTokens = Math.max(1, ...terms.map((t) => t.key.split(' ').length));
  const counts = new Map<string, number>();
  for (const doc of corpus) for (const key of phrasesOf(doc, maxTokens)) counts.set(key, (counts.get(key) ?? 0) + 1);
  const inSeed = new Set<string>();
  for (const doc of seed) for (const key of phrasesOf(doc, maxTokens)) inSeed.add(key);
  return terms.map(({ key, ...t }) => ({ ...t, articles: counts.get(key) ?? 0, seed: inSeed.has(key) }));
}

function main(): void {
  const taxonomy: unknown = JSON.parse(readFileSync(path.join(repoRoot, 'index-config/topics.json'), 'utf8'));
  const corpus = readBbcCorpus().map((a) => a.doc);
  const seedDir = path.resolve(repoRoot, '../shared/seeds');
  const seed = readdirSync(seedDir)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => parsePlainArticle(readFileSync(path.join(seedDir, f))));
  const uses = evidenceUse(taxonomy, corpus, seed);
  const unused = uses.filter((u) => u.articles === 0);
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(unused, null, 2));
    return;
  }
  console.log(
    `${uses.length} evidence terms; ${unused.length} occur in no bbc-dev article (${unused.filter((u) => u.seed).length} of those occur in the seed):\n`,
  );
  for (const u of unused) console.log(`${u.seed ? 'seed' : '    '}\t${u.weak ? 'weak' : 'strong'}\t${u.topic}\t${u.term}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
