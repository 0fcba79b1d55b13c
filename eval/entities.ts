/**
 * Entity evaluation: persons, countries and organizations on CoNLL-2003 valid.txt (document-level
 * scoring of the corpora README) and on the hand-annotated real-news set (eval/real-news.ts),
 * topics from eval/topics.ts, and the speed of the whole enrich() over bbc-dev.
 *
 *   npm run eval:entities [-- --baseline] [-- --no-topics] [-- --no-speed] [-- --no-real-news]
 *                         [-- --errors persons|countries|organizations]
 *
 * `--errors` lists the CoNLL errors per document, then the real-news errors per article.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { enrich } from '../ingest/enrich/enrich.ts';
import { MemoryArchive, type ArticleEntities } from '../ingest/enrich/resolve.ts';
import type { EnrichInput } from '../ingest/enrich/types.ts';
import { conllPath, corporaDir, readConll, toEnrichInput } from './conll.ts';
import type { ConllDocument } from './conll.ts';
import {
  addCounts,
  emptyCounts,
  goldCountries,
  goldNames,
  impliedCountries,
  namesMatch,
  score,
  scoreCountries,
  scoreNames,
} from './conll-score.ts';
import type { Counts, Score } from './conll-score.ts';
import { evaluateRealNews, formatErrors, formatRealNews, isFacet, type RealNewsEvaluation } from './real-news.ts';

export interface EntityPredictions {
  persons: string[];
  organizations: string[];
  /** ISO alpha-2 codes. */
  countries: string[];
}

export interface EntityEvaluation {
  documents: number;
  persons: Score;
  countries: Score;
  organizations: Score;
}

/** Scores a predictor over CoNLL documents; `onDocument` sees each document's counts (for error lists). */
export function evaluateEntities(
  docs: ConllDocument[],
  predict: (doc: ConllDocument) => EntityPredictions,
  onDocument?: (doc: ConllDocument, p: EntityPredictions) => void,
): EntityEvaluation {
  const persons = emptyCounts();
  const countries = emptyCounts();
  const organizations = emptyCounts();
  for (const doc of docs) {
    const p = predict(doc);
    addCounts(persons, scoreNames(p.persons, goldNames(doc, 'PER')));
    addCounts(organizations, scoreNames(p.organizations, goldNames(doc, 'ORG')));
    addCounts(countries, scoreCountries(p.countries, doc));
    onDocument?.(doc, p);
  }
  return { documents: docs.length, persons: score(persons), countries: score(countries), organizations: score(organizations) };
}

/**
 * Lede on rebuilt CoNLL documents, as the product tags an archive: each document is enriched, then
 * its lone surnames are resolved against the other documents of the set (ingest/enrich/resolve.ts).
 */
export function ledePredictor(docs: ConllDocument[]): (doc: ConllDocument) => EntityPredictions {
  const archive = new MemoryArchive();
  const results = new Map<ConllDocument, { article: ArticleEntities; countries: string[] }>();
  for (const doc of docs) {
    const input = toEnrichInput(doc);
    const { facets, pendingPersons, pendingOrganizations, workTitles } = enrich(input);
    const article = {
      persons: facets.persons,
      organizations: facets.organizations,
      topics: facets.topics,
      pendingPersons,
      pendingOrganizations,
      workTitles,
    };
    archive.add(article);
    results.set(doc, { article, countries: facets.countryCodes });
  }
  return (doc) => {
    const r = results.get(doc);
    if (r === undefined) throw new Error('document outside the archive');
    return { persons: archive.resolved(r.article), organizations: archive.confirmedOrganizations(r.article), countries: r.countries };
  };
}

/** The compromise library's people()/places()/organizations(), places mapped through the gazetteer. */
async function compromisePredictor(): Promise<(doc: ConllDocument) => EntityPredictions> {
  const { default: nlp } = await import('compromise');
  const { countryGazetteer, phraseKey } = await import('../ingest/enrich/gazetteer/countries.ts');
  const gaz = countryGazetteer();
  const texts = (list: unknown): string[] => (Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : []);
  return (doc) => {
    const d = nlp(doc.text);
    const places = texts(d.places().out('array'));
    const codes = places
      .map((p) => gaz.phrases.get(phraseKey(p.replace(/[.,;:]+$/, ''))))
      .filter((e) => e !== undefined && e.rule === 'name');
    return {
      persons: texts(d.people().out('array')),
      organizations: texts(d.organizations().out('array')),
      countries: codes.map((e) => e?.code ?? ''),
    };
  };
}

export interface BbcArticle {
  id: string;
  doc: EnrichInput;
  bytes: number;
}

/** bbc-dev as enrich inputs: headline, first paragraph as standfirst, the rest as body. */
export function readBbcArticles(): BbcArticle[] {
  const root = path.join(corporaDir, 'bbc-dev');
  const out: BbcArticle[] = [];
  for (const section of readdirSync(root).sort()) {
    const dir = path.join(root, section);
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith('.txt'))
      .sort()) {
      const raw = readFileSync(path.join(dir, file));
      const paragraphs = raw
        .toString('utf8')
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter(Boolean);
      const [title = '', standfirst = '', ...rest] = paragraphs;
      out.push({ id: `${section}/${file}`, doc: { title, standfirst, body: rest.join('\n\n') }, bytes: raw.length });
    }
  }
  return out;
}

/** Articles per second of the full enrich() on one core, after a warm-up. */
export function measureEnrichSpeed(articles: BbcArticle[], rounds = 2): number {
  for (const a of articles.slice(0, 100)) enrich(a.doc);
  const start = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) for (const a of articles) enrich(a.doc);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return (rounds * articles.length) / seconds;
}

type TopicRow = { accuracy: number; topLevelPerArticle: number; articles: number };

async function topicsRow(): Promise<TopicRow | undefined> {
  try {
    const mod: { evaluateTopics?: () => Promise<TopicRow> } = await import('./topics.ts');
    return mod.evaluateTopics === undefined ? undefined : await mod.evaluateTopics();
  } catch (error) {
    console.error(`topics: n/a (${error instanceof Error ? error.message : String(error)})`);
    return undefined;
  }
}

function printErrors(facet: string, doc: ConllDocument, p: EntityPredictions): void {
  const headline = doc.text.slice(0, doc.text.indexOf('\n')).slice(0, 60);
  if (facet === 'countries') {
    const gold = goldCountries(doc);
    const implied = impliedCountries(doc);
    const fp = p.countries.filter((c) => !gold.has(c) && !implied.has(c));
    const fn = [...gold].filter((c) => !p.countries.includes(c));
    if (fp.length + fn.length > 0) console.log(`[${headline}] FP ${fp.join(',')} | FN ${fn.join(',')}`);
    return;
  }
  const gold = goldNames(doc, facet === 'persons' ? 'PER' : 'ORG');
  const predicted = facet === 'persons' ? p.persons : p.organizations;
  const fp = predicted.filter((x) => !gold.some((g) => namesMatch(x, g)));
  const fn = gold.filter((g) => !predicted.some((x) => namesMatch(x, g)));
  if (fp.length + fn.length > 0) console.log(`[${headline}] FP ${fp.join(' ; ')} | FN ${fn.join(' ; ')}`);
}

const fmt = (x: number): string => x.toFixed(3);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      baseline: { type: 'boolean', default: false },
      'no-topics': { type: 'boolean', default: false },
      'no-speed': { type: 'boolean', default: false },
      'no-real-news': { type: 'boolean', default: false },
      errors: { type: 'string' },
    },
  });
  const errors = values.errors;
  if (errors !== undefined && !isFacet(errors)) throw new Error('--errors takes persons, countries or organizations');
  const docs = readConll(conllPath('valid'));
  if (errors !== undefined) console.log(`CoNLL-2003 ${errors} errors per document:`);
  const lede = evaluateEntities(docs, ledePredictor(docs), errors === undefined ? undefined : (d, p) => printErrors(errors, d, p));
  const rows: string[] = [];
  const row = (what: string, s: Score, target: string, baseline?: Score): void => {
    rows.push(
      `| ${what} | ${fmt(s.precision)} | ${fmt(s.recall)} | **${fmt(s.f1)}** | ${target} | ${baseline === undefined ? '' : fmt(baseline.f1)} |`,
    );
  };
  const base = values.baseline ? evaluateEntities(docs, await compromisePredictor()) : undefined;
  row('persons (CoNLL)', lede.persons, '≥ 0.90', base?.persons);
  row('countries (CoNLL)', lede.countries, '≥ 0.95', base?.countries);
  row('organizations (CoNLL)', lede.organizations, '(informative)', base?.organizations);
  console.log(`CoNLL-2003 valid.txt, ${lede.documents} documents, document-level scoring:\n`);
  for (const [facet, s] of Object.entries({ persons: lede.persons, countries: lede.countries, organizations: lede.organizations })) {
    console.log(`${facet.padEnd(14)} P ${fmt(s.precision)}  R ${fmt(s.recall)}  F1 ${fmt(s.f1)}`);
  }
  let realNews: RealNewsEvaluation | undefined;
  if (!values['no-real-news']) {
    try {
      realNews = evaluateRealNews();
      console.log(`\n${formatRealNews(realNews)}`);
      if (errors !== undefined) console.log(`\nreal-news ${errors} errors per article:\n${formatErrors(realNews.errors, errors)}`);
    } catch (error) {
      console.error(`real news: n/a (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  let topics: TopicRow | undefined;
  if (!values['no-topics']) {
    topics = await topicsRow();
    if (topics === undefined) console.log('topics: n/a');
    else
      console.log(
        `topics (bbc-dev, ${topics.articles} articles): primary accuracy ${fmt(topics.accuracy)}, top-level per article ${topics.topLevelPerArticle.toFixed(2)}`,
      );
  }
  let speed: number | undefined;
  let kb = 0;
  if (!values['no-speed']) {
    const articles = readBbcArticles();
    kb = articles.reduce((s, a) => s + a.bytes, 0) / articles.length / 1024;
    speed = measureEnrichSpeed(articles);
    console.log(
      `speed: enrich() ${Math.round(speed)} articles/s on one core over ${articles.length} bbc-dev articles (avg ${kb.toFixed(2)} KB)`,
    );
  }
  console.log(`\n| facet | precision | recall | F1 | target | compromise F1 |\n|---|---|---|---|---|---|`);
  for (const r of rows) console.log(r);
  if (realNews !== undefined) {
    for (const facet of ['persons', 'countries', 'organizations'] as const) {
      const s = realNews.facets[facet];
      console.log(
        `| ${facet} (real news, ${realNews.articles} articles) | ${fmt(s.precision)} | ${fmt(s.recall)} | **${fmt(s.f1)}** | (informative) | |`,
      );
    }
  }
  if (topics !== undefined) {
    console.log(`| topics (bbc-dev) | primary accuracy ${fmt(topics.accuracy)} | | | ≥ 0.92 | |`);
    console.log(`| topics per article | ${topics.topLevelPerArticle.toFixed(2)} top-level | | | ≤ 1.5 | |`);
  }
  if (speed !== undefined)
    console.log(`| speed, enrich() | ${Math.round(speed)} articles/s (avg ${kb.toFixed(1)} KB) | | | ≥ 500 | ~100 |`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });

export type { Counts };
