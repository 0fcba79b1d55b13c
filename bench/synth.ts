/**
 * Synthetic news corpus for benchmarks: articles recombined from the sentences, headlines,
 * standfirsts and names of the bbc-dev corpus (read at run time from ../shared/corpora, never
 * copied into the repository), with dates spread over ten years and a handful of made-up
 * publishers. Deterministic: the same seed and size give the same bytes.
 *
 * CLI: `tsx bench/synth.ts --size 100000 [--seed 1] [--out file.ndjson] [--corpus dir]`
 * (without --out the file goes to a temp dir and its path is printed).
 */
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { prng } from './prng.ts';

/** One synthetic article, in the NDJSON shape Lede's JSON parser reads. */
export interface SynthArticle {
  url: string;
  source: string;
  title: string;
  standfirst: string;
  body: string;
  authors: string[];
  publishedAt: string;
  language: 'en';
  /** The bbc-dev section the parts came from (ground truth for the primary topic). */
  section: string;
}

interface Section {
  name: string;
  headlines: string[];
  standfirsts: string[];
  sentences: string[];
}

export interface SourceMaterial {
  sections: Section[];
  /** Capitalised two-word names seen at least twice (people, places, organisations alike). */
  names: string[];
}

export interface SynthOptions {
  /** Articles to generate. */
  size: number;
  /** PRNG seed. Default: 1. */
  seed?: number;
  /** Index of the first article (for generating a slice of a bigger corpus). Default: 0. */
  offset?: number;
}

/** Where bbc-dev is expected: beside the checkout, as in CI. Override with LEDE_BBC_DEV. */
export const DEFAULT_CORPUS = fileURLToPath(new URL('../../shared/corpora/bbc-dev/', import.meta.url));

const PUBLISHERS = [
  'Harbour Herald',
  'The Northern Ledger',
  'Capital Dispatch',
  'Evening Bulletin',
  'Coastline Times',
  'Metro Wire',
  'Valley Courier',
  'The Daily Register',
];
/** Dates between 2015-01-01 and 2025-01-01 (UTC). */
const DATE_FROM = Date.UTC(2015, 0, 1) / 1000;
const DATE_SPAN = Date.UTC(2025, 0, 1) / 1000 - DATE_FROM;
const NAME = /\b[A-Z][a-z]{2,} [A-Z][a-z]{2,}\b/g;

function splitSentences(paragraph: string): string[] {
  return paragraph
    .split(/(?<=[.!?]["'”’]?)\s+(?=["“‘]?[A-Z0-9])/)
    .map((s) => s.trim())
    .filter((s) => s.length >= 25 && s.length <= 400);
}

/** Reads bbc-dev into headlines, standfirsts, sentences per section and a pool of names. */
export function loadSourceMaterial(corpusDir = process.env['LEDE_BBC_DEV'] ?? DEFAULT_CORPUS): SourceMaterial {
  let sectionNames: string[];
  try {
    sectionNames = readdirSync(corpusDir)
      .filter((name) => statSync(path.join(corpusDir, name)).isDirectory())
      .sort();
  } catch (error) {
    throw new Error(`Cannot read the bbc-dev corpus at ${corpusDir} (set LEDE_BBC_DEV or --corpus): ${(error as Error).message}`);
  }
  const nameCounts = new Map<string, number>();
  const sections: Section[] = [];
  for (const name of sectionNames) {
    const dir = path.join(corpusDir, name);
    const section: Section = { name, headlines: [], standfirsts: [], sentences: [] };
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith('.txt'))
      .sort()) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      if (text.includes('\uFFFD')) continue; // Not valid UTF-8 (kept on purpose in bbc-dev).
      const [headline, ...rest] = text.replace(/\r\n?/g, '\n').split('\n');
      const paragraphs = rest
        .join('\n')
        .split(/\n\s*\n/)
        .map((p) => p.replace(/\s+/g, ' ').trim())
        .filter(Boolean);
      if (!headline?.trim() || paragraphs.length < 2) continue;
      section.headlines.push(headline.trim());
      section.standfirsts.push(paragraphs[0]!);
      for (const paragraph of paragraphs.slice(1)) {
        for (const sentence of splitSentences(paragraph)) {
          section.sentences.push(sentence);
          for (const match of sentence.matchAll(NAME)) nameCounts.set(match[0], (nameCounts.get(match[0]) ?? 0) + 1);
        }
      }
    }
    if (section.sentences.length > 0) sections.push(section);
  }
  if (sections.length === 0) throw new Error(`No articles found in ${corpusDir}.`);
  const names = [...nameCounts]
    .filter(([, count]) => count >= 2)
    .map(([n]) => n)
    .sort();
  return { sections, names };
}

/**
 * Generates `size` articles. Article i depends only on (seed, i), so a slice (`offset`) is the
 * same as the matching part of a bigger run.
 */
export function* synthArticles(material: SourceMaterial, options: SynthOptions): Generator<SynthArticle> {
  const seed = options.seed ?? 1;
  const nameSet = new Set(material.names);
  const start = options.offset ?? 0;
  for (let i = start; i < start + options.size; i++) {
    const random = prng(seed * 0x9e3779b1 + i);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const section = pick(material.sections);
    // Names are swapped for others from the whole pool now and then, so the facets of a large
    // corpus have many more values than bbc-dev alone.
    const swapNames = (text: string) => text.replace(NAME, (name) => (nameSet.has(name) && random() < 0.35 ? pick(material.names) : name));
    const paragraphs: string[] = [];
    const paragraphCount = 4 + Math.floor(random() * 8);
    for (let p = 0; p < paragraphCount; p++) {
      const sentenceCount = 1 + Math.floor(random() * 3);
      const sentences: string[] = [];
      for (let s = 0; s < sentenceCount; s++) sentences.push(swapNames(pick(section.sentences)));
      paragraphs.push(sentences.join(' '));
    }
    const ts = DATE_FROM + Math.floor(random() * DATE_SPAN);
    const publishedAt = new Date(ts * 1000).toISOString().replace('.000Z', 'Z');
    const authors = random() < 0.6 ? [pick(material.names)] : [];
    yield {
      url: `https://synthetic.lede.invalid/${section.name}/${publishedAt.slice(0, 4)}/${seed}-${i}`,
      source: pick(PUBLISHERS),
      title: swapNames(pick(section.headlines)),
      standfirst: swapNames(pick(section.standfirsts)),
      body: paragraphs.join('\n\n'),
      authors,
      publishedAt,
      language: 'en',
      section: section.name,
    };
  }
}

/** Writes `size` articles as NDJSON to `file`; returns the bytes written. */
export async function writeSynthNdjson(file: string, material: SourceMaterial, options: SynthOptions): Promise<number> {
  const out = createWriteStream(file);
  let bytes = 0;
  let chunk = '';
  for (const article of synthArticles(material, options)) {
    chunk += `${JSON.stringify(article)}\n`;
    if (chunk.length >= 1 << 20) {
      bytes += Buffer.byteLength(chunk);
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  bytes += Buffer.byteLength(chunk);
  out.end(chunk);
  await once(out, 'finish');
  return bytes;
}

async function main(argv: string[]): Promise<void> {
  const arg = (name: string) => {
    const at = argv.indexOf(`--${name}`);
    return at === -1 ? undefined : argv[at + 1];
  };
  const size = Number(arg('size') ?? 10_000);
  const seed = Number(arg('seed') ?? 1);
  if (!Number.isInteger(size) || size <= 0) throw new Error(`Expected \`--size\` to be a positive integer, got \`${arg('size')}\`.`);
  if (!Number.isInteger(seed)) throw new Error(`Expected \`--seed\` to be an integer, got \`${arg('seed')}\`.`);
  const out = arg('out') ?? path.join(mkdtempSync(path.join(os.tmpdir(), 'lede-synth-')), `synth-${size}.ndjson`);
  const started = performance.now();
  const bytes = await writeSynthNdjson(out, loadSourceMaterial(arg('corpus')), { size, seed });
  const seconds = (performance.now() - started) / 1000;
  console.log(`${size} articles, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s → ${out}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error((error as Error).message);
    process.exit(1);
  });
}
