/**
 * JSON and NDJSON articles. A JSON file holds one article object, an array of them, or an object
 * with an `articles` / `items` array. Field names from common exports are accepted (headline,
 * text, articleBody, link, date...). A record with wrong field types is reported with its
 * position; the others still come through.
 */
import type { DateSource } from '../../src/article.ts';
import { LedeError, isLedeError } from '../../src/errors.ts';
import type { ParsedArticle, ParseResult, Problem, RawInput } from '../types.ts';

const DATE_SOURCES = new Set<string>(['json-ld', 'meta', 'time-element', 'url', 'feed', 'input'] satisfies DateSource[]);

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const ALIASES: Record<keyof Omit<ParsedArticle, 'dateSource'>, string[]> = {
  title: ['title', 'headline', 'name'],
  standfirst: ['standfirst', 'description', 'summary', 'subtitle', 'dek', 'lead'],
  body: ['body', 'text', 'content', 'articleBody', 'article_body'],
  url: ['url', 'link', 'canonicalUrl', 'canonical_url'],
  source: ['source', 'site', 'siteName', 'site_name', 'publisher'],
  authors: ['authors', 'author', 'byline', 'creator'],
  publishedAt: ['publishedAt', 'published_at', 'published', 'datePublished', 'date', 'pubDate'],
  modifiedAt: ['modifiedAt', 'modified_at', 'modified', 'dateModified', 'updated'],
  language: ['language', 'lang', 'inLanguage'],
};

function pick(record: Record<string, Json>, names: string[]): Json | undefined {
  for (const name of names) if (record[name] !== undefined && record[name] !== null) return record[name];
  return undefined;
}

function asText(value: Json | undefined, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && field !== 'title' && field !== 'body') return String(value);
  // A nested {name: ...} (JSON-LD publisher/author style).
  if (value && typeof value === 'object' && !Array.isArray(value) && typeof value['name'] === 'string') return value['name'];
  if (Array.isArray(value) && field === 'body' && value.every((v) => typeof v === 'string')) return value.join('\n\n');
  throw new LedeError('invalid-field', `field "${field}" must be a string, got ${Array.isArray(value) ? 'array' : typeof value}`);
}

function asAuthors(value: Json | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : [value];
  return list.map((item, i) => {
    const name = typeof item === 'string' ? item : item && typeof item === 'object' && !Array.isArray(item) ? item['name'] : undefined;
    if (typeof name !== 'string') throw new LedeError('invalid-field', `field "authors" item ${i + 1} must be a string or {name}`);
    return name;
  });
}

function asDate(value: Json | undefined, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  // Unix seconds or milliseconds. One outside what a Date can hold stays a string: normalise
  // then keeps the article undated, with a warning, as for any impossible date.
  if (typeof value === 'number' && Number.isFinite(value)) {
    const date = new Date(Math.abs(value) < 1e11 ? value * 1000 : value);
    return Number.isNaN(date.getTime()) ? String(value) : date.toISOString();
  }
  throw new LedeError('invalid-field', `field "${field}" must be a date string or a Unix timestamp, got ${typeof value}`);
}

/** One JSON value → an article, or throws a LedeError `invalid-field` saying which field is wrong. */
export function articleFromRecord(value: Json, url?: string): ParsedArticle {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new LedeError(
      'invalid-field',
      `an article must be a JSON object, got ${Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value}`,
    );
  }
  const publishedAt = asDate(pick(value, ALIASES.publishedAt), 'publishedAt');
  // Lede's own exports carry where the date came from; keep it so export → ingest is lossless.
  const declaredSource = value['dateSource'];
  const dateSource = typeof declaredSource === 'string' && DATE_SOURCES.has(declaredSource) ? (declaredSource as DateSource) : 'input';
  return {
    title: asText(pick(value, ALIASES.title), 'title'),
    standfirst: asText(pick(value, ALIASES.standfirst), 'standfirst'),
    body: asText(pick(value, ALIASES.body), 'body'),
    url: asText(pick(value, ALIASES.url), 'url') ?? url,
    source: asText(pick(value, ALIASES.source), 'source'),
    authors: asAuthors(pick(value, ALIASES.authors)),
    publishedAt,
    modifiedAt: asDate(pick(value, ALIASES.modifiedAt), 'modifiedAt'),
    dateSource: publishedAt ? dateSource : undefined,
    language: asText(pick(value, ALIASES.language), 'language'),
  };
}

function problem(raw: RawInput, position: string | undefined, code: string, message: string): Problem {
  return { input: raw.input, position, code, message };
}

/** Parses one record, turning any error into a problem at `position`: one bad record never sinks the others. */
export function parseRecord(value: Json, raw: RawInput, position: string, result: ParseResult): void {
  try {
    result.articles.push({ article: articleFromRecord(value, raw.url), position });
  } catch (error) {
    const code = isLedeError(error, 'invalid-field') ? 'invalid-field' : 'invalid-record';
    result.problems.push(problem(raw, position, code, (error as Error).message));
  }
}

export function parseJson(text: string, raw: RawInput): ParseResult {
  const result: ParseResult = { articles: [], problems: [] };
  let data: Json;
  try {
    data = JSON.parse(text) as Json;
  } catch (error) {
    result.problems.push(problem(raw, undefined, 'invalid-json', `Not valid JSON: ${(error as Error).message}`));
    return result;
  }
  const list = Array.isArray(data)
    ? data
    : data && typeof data === 'object' && Array.isArray(data['articles'])
      ? data['articles']
      : data && typeof data === 'object' && Array.isArray(data['items'])
        ? data['items']
        : [data];
  for (const [i, item] of list.entries()) parseRecord(item, raw, `item ${i + 1}`, result);
  return result;
}

/** Parses one NDJSON line (1-based `lineNumber`) into `result`. Blank lines are skipped. */
export function parseNdjsonLine(line: string, lineNumber: number, raw: RawInput, result: ParseResult): void {
  if (!line.trim()) return;
  let value: Json;
  try {
    value = JSON.parse(line) as Json;
  } catch (error) {
    result.problems.push(problem(raw, `line ${lineNumber}`, 'invalid-json', `Not valid JSON: ${(error as Error).message}`));
    return;
  }
  parseRecord(value, raw, `line ${lineNumber}`, result);
}

export function parseNdjson(text: string, raw: RawInput): ParseResult {
  const result: ParseResult = { articles: [], problems: [] };
  for (const [i, line] of text.split(/\r?\n/).entries()) parseNdjsonLine(line, i + 1, raw, result);
  return result;
}
