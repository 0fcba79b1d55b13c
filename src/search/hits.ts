/**
 * Meilisearch hits → API hits: highlighted, HTML-escaped title and a cropped snippet taken
 * from the standfirst or body, whichever holds a match.
 */
import type { Hit } from 'meilisearch';
import type { Article } from '../article.ts';
import { hasHighlight, highlightToHtml, highlightToText } from './highlight.ts';

export interface SearchHit {
  id: string;
  url: string | null;
  source: string;
  /** Plain text. */
  title: string;
  /** Title as HTML: escaped text with <mark> around matches. */
  titleHtml: string;
  /** Cropped passage as HTML: escaped text with <mark> around matches. */
  snippetHtml: string;
  /** The same passage as plain text. */
  snippet: string;
  authors: string[];
  publishedAt: string | null;
  language: string;
  countries: string[];
  persons: string[];
  organizations: string[];
  topics: string[];
  cluster: string;
  /** With collapse=true: how many other articles share this one's cluster. */
  duplicates?: number;
}

/**
 * Attributes fetched for hits. Standfirst and body come back only as cropped passages in
 * `_formatted` (Meilisearch includes highlighted/cropped attributes there even when they are
 * not retrieved), so whole bodies never travel.
 */
export const HIT_ATTRIBUTES = [
  'id',
  'url',
  'source',
  'title',
  'authors',
  'publishedAt',
  'language',
  'countries',
  'persons',
  'organizations',
  'topics',
  'cluster',
] as const satisfies readonly (keyof Article)[];

type Formatted = Partial<Record<'title' | 'standfirst' | 'body', string>>;

/** The passage to show: the first of standfirst/body with a match, else the standfirst, else the body. */
function pickSnippet(formatted: Formatted): string {
  const candidates = [formatted.standfirst ?? '', formatted.body ?? ''];
  return candidates.find(hasHighlight) ?? candidates.find((c) => c.trim() !== '') ?? '';
}

export function toSearchHit(hit: Hit<Article>): SearchHit {
  const formatted = (hit._formatted ?? {}) as Formatted;
  const title = formatted.title ?? hit.title ?? '';
  const snippet = pickSnippet(formatted);
  return {
    id: hit.id,
    url: hit.url ?? null,
    source: hit.source ?? '',
    title: hit.title ?? '',
    titleHtml: highlightToHtml(title),
    snippetHtml: highlightToHtml(snippet),
    snippet: highlightToText(snippet),
    authors: hit.authors ?? [],
    publishedAt: hit.publishedAt ?? null,
    language: hit.language ?? 'und',
    countries: hit.countries ?? [],
    persons: hit.persons ?? [],
    organizations: hit.organizations ?? [],
    topics: hit.topics ?? [],
    cluster: hit.cluster ?? hit.id,
  };
}
