/**
 * The real-news entity evaluation: Lede's persons, organizations and countries facets on the
 * bbc-dev articles of eval/real-news/sample.txt, against the hand-written gold of
 * eval/real-news/gold/*.json (eval/real-news/GUIDELINES.md), scored by eval/real-news-score.ts.
 *
 *   npx tsx eval/real-news.ts [--errors persons|organizations|countries] [--top N] [--json]
 *
 * Articles are read as the ingester reads a plain-text file (charset decoding, text parser,
 * normalisation), and predicted through `predictFacets` alone.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { enrich } from '../ingest/enrich/enrich.ts';
import { MemoryArchive, type ArticleEntities } from '../ingest/enrich/resolve.ts';
import type { EnrichInput } from '../ingest/enrich/types.ts';
import { normaliseArticle } from '../ingest/normalise/article.ts';
import { parseInput } from '../ingest/parse/parse-input.ts';
import { corporaDir } from './conll.ts';
import {
  FACETS,
  frequentErrors,
  normaliseValue,
  scoreRealNews,
  type ArticleErrors,
  type Facet,
  type FacetValues,
  type GoldArticle,
  type RealNewsScore,
} from './real-news-score.ts';

export const realNewsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'real-news');
export const bbcDevDir = path.join(corporaDir, 'bbc-dev');

/**
 * The facet values Lede gives one article. The one place the evaluation calls the enrichment:
 * swap this for archive-level resolution to measure that instead.
 */
export function predictFacets(input: EnrichInput): FacetValues {
  const { facets } = enrich(input);
  return { persons: facets.persons, organizations: facets.organizations, countries: facets.countries };
}

export class GoldError extends Error {
  override name = 'GoldError';
}

const entitySchema = z.strictObject({ name: z.string().trim().min(1), aliases: z.array(z.string().trim().min(1)) });
const facetsSchema = {
  persons: z.array(entitySchema),
  organizations: z.array(entitySchema),
  countries: z.array(entitySchema),
};
const articleSchema = z.strictObject({ ...facetsSchema, optional: z.strictObject(facetsSchema) });

/** The keys of a JSON object text's top level, in order, duplicates kept (JSON.parse keeps only the last). */
export function topLevelKeys(json: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  for (let i = 0; i < json.length; i++) {
    const ch = json[i];
    if (ch === '"') {
      let j = i + 1;
      while (j < json.length && json[j] !== '"') j += json[j] === '\\' ? 2 : 1;
      if (depth === 1 && /^\s*:/.test(json.slice(j + 1, j + 40))) keys.push(JSON.parse(json.slice(i, j + 1)) as string);
      i = j;
    } else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') depth--;
  }
  return keys;
}

/** Checks one article's gold: the schema, and no normalised name or alias given to two entities of one facet. */
export function parseGoldArticle(value: unknown, where: string): GoldArticle {
  const parsed = articleSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new GoldError(`${where}: malformed entry at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'}`);
  }
  const article = parsed.data;
  for (const facet of FACETS) {
    const owner = new Map<string, string>();
    for (const entity of [...article[facet], ...article.optional[facet]]) {
      for (const form of new Set([entity.name, ...entity.aliases].map(normaliseValue))) {
        const other = owner.get(form);
        if (other !== undefined) throw new GoldError(`${where}: ${facet} "${form}" names both "${other}" and "${entity.name}"`);
        owner.set(form, entity.name);
      }
    }
  }
  return article;
}

/** The article keys of sample.txt. */
export function readSample(dir: string = realNewsDir): string[] {
  return readFileSync(path.join(dir, 'sample.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/**
 * All gold files merged, keyed by bbc-dev path, in sample order. Throws on malformed JSON or
 * entries, a key given twice (in one file or across files), or a key not in sample.txt.
 */
export function loadGold(dir: string = realNewsDir): Map<string, GoldArticle> {
  const sample = readSample(dir);
  const inSample = new Set(sample);
  const found = new Map<string, GoldArticle>();
  const from = new Map<string, string>();
  const goldDir = path.join(dir, 'gold');
  for (const file of readdirSync(goldDir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const text = readFileSync(path.join(goldDir, file), 'utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new GoldError(`${file}: not valid JSON (${(error as Error).message})`);
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json))
      throw new GoldError(`${file}: expected an object keyed by bbc-dev path`);
    for (const key of topLevelKeys(text)) {
      const earlier = from.get(key);
      if (earlier !== undefined) throw new GoldError(`${file}: "${key}" is annotated twice (also in ${earlier})`);
      if (!inSample.has(key)) throw new GoldError(`${file}: "${key}" is not in sample.txt`);
      from.set(key, file);
      found.set(key, parseGoldArticle((json as Record<string, unknown>)[key], `${file} "${key}"`));
    }
  }
  const ordered = new Map<string, GoldArticle>();
  for (const key of sample) {
    const article = found.get(key);
    if (article !== undefined) ordered.set(key, article);
  }
  return ordered;
}

/** A bbc-dev file as the ingester reads it: bytes → charset decoding → text parser → normalisation. */
export function readPlainArticle(file: string): EnrichInput {
  const parsed = parseInput({ input: file, bytes: readFileSync(file) });
  const first = parsed.articles[0];
  if (first === undefined) throw new Error(`${file}: ${parsed.problems.map((p) => p.message).join('; ') || 'no article'}`);
  const { article } = normaliseArticle(first.article, file);
  return { title: article.title, standfirst: article.standfirst, body: article.body, language: article.language };
}

export interface RealNewsEvaluation extends RealNewsScore {
  /** Sample articles with no gold yet (not scored). */
  unannotated: string[];
  predictions: Map<string, FacetValues>;
}

/**
 * Lede's facets for every bbc-dev article, as the product tags an archive: each article enriched
 * (through `predictFacets`), then its lone surnames and once-mentioned organizations resolved
 * against the other 1,336 (ingest/enrich/resolve.ts), the way `lede ingest` ends with `lede resolve`.
 */
export function predictArchive(corpus: string = bbcDevDir): Map<string, FacetValues> {
  const archive = new MemoryArchive();
  const articles: Array<{ key: string; entities: ArticleEntities; countries: string[] }> = [];
  for (const section of readdirSync(corpus).sort()) {
    for (const file of readdirSync(path.join(corpus, section))
      .filter((f) => f.endsWith('.txt'))
      .sort()) {
      const key = `${section}/${file}`;
      const { facets, pendingPersons, pendingOrganizations, workTitles } = enrich(readPlainArticle(path.join(corpus, key)));
      const entities = {
        persons: facets.persons,
        organizations: facets.organizations,
        topics: facets.topics,
        pendingPersons,
        pendingOrganizations,
        workTitles,
      };
      archive.add(entities);
      articles.push({ key, entities, countries: facets.countries });
    }
  }
  const out = new Map<string, FacetValues>();
  for (const a of articles) {
    out.set(a.key, {
      persons: archive.resolved(a.entities),
      organizations: archive.confirmedOrganizations(a.entities),
      countries: a.countries,
    });
  }
  return out;
}

/**
 * Scores the annotated sample articles. `predict`: facets per article on its own; without it, the
 * whole of bbc-dev is tagged as an archive (`predictArchive`).
 */
export function evaluateRealNews(
  predict?: (input: EnrichInput) => FacetValues,
  dir: string = realNewsDir,
  corpus: string = bbcDevDir,
): RealNewsEvaluation {
  const gold = loadGold(dir);
  const archive = predict === undefined ? predictArchive(corpus) : undefined;
  const predictions = new Map<string, FacetValues>();
  for (const key of gold.keys()) {
    const p = archive !== undefined ? archive.get(key) : predict?.(readPlainArticle(path.join(corpus, key)));
    if (p === undefined) throw new Error(`${key}: not in ${corpus}`);
    predictions.set(key, p);
  }
  const unannotated = readSample(dir).filter((k) => !gold.has(k));
  return { ...scoreRealNews(gold, predictions), unannotated, predictions };
}

const fmt = (x: number): string => x.toFixed(3);

/** P/R/F1 per facet with counts and values per article, one line each. */
export function formatRealNews(e: RealNewsEvaluation): string {
  const lines = [
    `Real news (bbc-dev, ${e.articles} hand-annotated articles${e.unannotated.length > 0 ? `, ${e.unannotated.length} not annotated yet` : ''}), one credit per entity:\n`,
  ];
  for (const facet of FACETS) {
    const s = e.facets[facet];
    const perArticle = (n: number): string => (e.articles === 0 ? '0' : (n / e.articles).toFixed(2));
    lines.push(
      `${facet.padEnd(14)} P ${fmt(s.precision)}  R ${fmt(s.recall)}  F1 ${fmt(s.f1)}   TP ${s.tp}  FP ${s.fp}  FN ${s.fn}  optional ${s.optional}   values/article ${perArticle(s.predicted)} (gold ${perArticle(s.gold)})`,
    );
  }
  return lines.join('\n');
}

/** The per-article error listing of one facet. */
export function formatErrors(errors: readonly ArticleErrors[], facet: Facet): string {
  const lines: string[] = [];
  for (const e of errors) {
    if (e.facet !== facet) continue;
    const fp = e.falsePositives.map((f) => (f.reason === 'repeat' ? `${f.value} (again ${f.entity ?? ''})` : f.value));
    lines.push(`[${e.key}] FP ${fp.join(' ; ') || '-'} | FN ${e.falseNegatives.join(' ; ') || '-'}`);
  }
  return lines.join('\n');
}

/** The most frequent false positives and negatives of each facet. */
export function formatFrequentErrors(errors: readonly ArticleErrors[], top: number): string {
  const lines: string[] = [];
  for (const facet of FACETS) {
    const { falsePositives, falseNegatives } = frequentErrors(errors, facet, top);
    const list = (l: Array<[string, number]>): string => l.map(([v, n]) => (n > 1 ? `${v} ×${n}` : v)).join(' ; ');
    lines.push(`${facet} FP: ${list(falsePositives)}`, `${facet} FN: ${list(falseNegatives)}`);
  }
  return lines.join('\n');
}

export function isFacet(value: string): value is Facet {
  return (FACETS as readonly string[]).includes(value);
}

function main(): void {
  const { values } = parseArgs({
    options: { errors: { type: 'string' }, top: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  if (values.errors !== undefined && !isFacet(values.errors)) throw new Error(`--errors takes one of ${FACETS.join(', ')}`);
  const top = values.top === undefined ? undefined : Number(values.top);
  const e = evaluateRealNews();
  if (values.json) {
    const { predictions, ...rest } = e;
    const frequent = top === undefined ? undefined : Object.fromEntries(FACETS.map((f) => [f, frequentErrors(e.errors, f, top)]));
    console.log(JSON.stringify({ ...rest, predictions: Object.fromEntries(predictions), ...(frequent ? { frequent } : {}) }, null, 2));
    return;
  }
  console.log(formatRealNews(e));
  if (values.errors !== undefined)
    console.log(`\nreal-news ${values.errors} errors per article:\n${formatErrors(e.errors, values.errors)}`);
  if (top !== undefined) console.log(`\nmost frequent errors (top ${top}):\n${formatFrequentErrors(e.errors, top)}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
