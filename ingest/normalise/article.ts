/**
 * ParsedArticle (as found) → the text and metadata fields of an Article (normalised), or the
 * reason it cannot be an article. Facets are added by enrich.
 */
import path from 'node:path';
import { articleId, periodsOf, type Article } from '../../src/article.ts';
import type { EnrichmentField } from '../enrich/document-fields.ts';
import { LedeError } from '../../src/errors.ts';
import type { ParsedArticle } from '../types.ts';
import { clusterId } from './cluster.ts';
import { normaliseDate } from './dates.ts';
import { detectLanguage, languageFromTag } from './language.ts';
import { normaliseBody, normaliseInline } from './text.ts';

/** An article before enrichment: every field but those enrichment produces. */
export type ArticleText = Omit<Article, EnrichmentField>;

/** Largest accepted article text (title + standfirst + body), in characters. */
export const MAX_ARTICLE_CHARS = 2_000_000;

/** The LedeError codes of a parsed article that is not one (problem codes in the report). */
export const INVALID_ARTICLE_CODES = ['empty-article', 'article-too-large'] as const;

/** A readable source name for inputs that carry none: the host of a URL, else the folder name. */
export function sourceFromInput(input: string): string {
  try {
    const url = new URL(input);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.hostname.replace(/^www\./, '');
  } catch {
    // Not a URL: a path.
  }
  return path.basename(path.dirname(path.resolve(input))) || 'local';
}

function canonicalUrl(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url.trim());
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    parsed.hash = '';
    return parsed.toString();
  } catch {
    return null;
  }
}

function cleanAuthors(authors: string[] | undefined): string[] {
  const seen = new Set<string>();
  for (const author of authors ?? []) {
    const name = normaliseInline(author);
    if (name && name.length <= 200) seen.add(name);
  }
  return [...seen];
}

export interface NormalisedArticle {
  article: ArticleText;
  /** What was dropped while keeping the article (e.g. an impossible date): code + message. */
  warnings: Array<{ code: string; message: string }>;
}

/** Normalises one parsed article; throws a LedeError with one of INVALID_ARTICLE_CODES when it is not an article. */
export function normaliseArticle(parsed: ParsedArticle, input: string, now = new Date()): NormalisedArticle {
  const warnings: NormalisedArticle['warnings'] = [];
  const body = normaliseBody(parsed.body ?? '');
  let title = normaliseInline(parsed.title ?? '');
  const standfirst = normaliseInline(parsed.standfirst ?? '');
  if (!body && !standfirst) throw new LedeError('empty-article', 'The article has no text (empty or whitespace only).');
  if (!title) {
    // A headline-less item (some feeds): its first sentence stands in, cut at a word.
    const first = (standfirst || body).split(/(?<=[.!?])\s/)[0] ?? '';
    title = first.length > 140 ? `${first.slice(0, 140).replace(/\s+\S*$/, '')}…` : first;
  }
  const size = title.length + standfirst.length + body.length;
  if (size > MAX_ARTICLE_CHARS) {
    throw new LedeError('article-too-large', `The article has ${size} characters; the limit is ${MAX_ARTICLE_CHARS}.`);
  }

  const published = normaliseDate(parsed.publishedAt, now);
  if (parsed.publishedAt !== undefined && !published) {
    // The article is kept, undated: a bad date must not sink it, and must not be made up either.
    warnings.push({
      code: 'invalid-date',
      message: `Published date "${String(parsed.publishedAt)}" is impossible or implausible; indexed as undated.`,
    });
  }
  const modified = normaliseDate(parsed.modifiedAt, now);
  const url = canonicalUrl(parsed.url);
  const source = normaliseInline(parsed.source ?? '') || sourceFromInput(url ?? input);
  const periods = published ? periodsOf(published.ts) : undefined;
  const language = languageFromTag(parsed.language) ?? detectLanguage(`${title}. ${standfirst} ${body}`);

  const article: ArticleText = {
    id: articleId({ url, source, title, body }),
    url,
    source,
    title,
    standfirst,
    body,
    authors: cleanAuthors(parsed.authors),
    publishedAt: published?.iso ?? null,
    publishedTs: published?.ts ?? null,
    modifiedAt: modified?.iso ?? null,
    publishedDay: periods?.day ?? null,
    publishedWeek: periods?.week ?? null,
    publishedMonth: periods?.month ?? null,
    dateSource: published ? (parsed.dateSource ?? 'input') : 'none',
    language,
    cluster: clusterId(title, body || standfirst),
  };
  return { article, warnings };
}
