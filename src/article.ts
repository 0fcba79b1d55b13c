/**
 * The article document: the one shape stored in Meilisearch, produced by the ingester and
 * served by the API. This module imports nothing of the project.
 */
import { createHash } from 'node:crypto';

/** Where an article's publication date came from; `none` means the article is undated. */
export type DateSource =
  | 'json-ld'
  | 'meta'
  | 'time-element'
  | 'url'
  | 'feed'
  | 'input'
  | 'none';

export interface Article {
  /** Stable id: hash of the canonical URL, else of source + title + body. */
  id: string;
  /** Canonical URL, when known. */
  url: string | null;
  /** Publisher or site name (e.g. "BBC News"), or a name derived from the input. */
  source: string;
  title: string;
  /** The standfirst (dek, summary) under the headline; empty when there is none. */
  standfirst: string;
  /** Plain text, paragraphs separated by a blank line. */
  body: string;
  authors: string[];
  /** ISO 8601 in UTC, or null when undated. */
  publishedAt: string | null;
  /** `publishedAt` as Unix seconds: what filters and sorts use. Null when undated. */
  publishedTs: number | null;
  /** ISO 8601 in UTC, or null. */
  modifiedAt: string | null;
  /** UTC calendar periods of `publishedAt` ("2024-05-01", "2024-W18", "2024-05"), for timelines. */
  publishedDay: string | null;
  publishedWeek: string | null;
  publishedMonth: string | null;
  dateSource: DateSource;
  /** ISO 639-1 code, e.g. "en"; "und" when unknown. */
  language: string;
  /** Common English country names, e.g. "Albania". */
  countries: string[];
  /** ISO 3166-1 alpha-2 codes, in the same order as `countries`. */
  countryCodes: string[];
  persons: string[];
  organizations: string[];
  /** Primary IPTC top-level topic first, at most three top-level topics, then subtopics. */
  topics: string[];
  /**
   * Lookup keys of `persons`, as "<key> ⇒ <Canonical>" ("blair ⇒ Tony Blair", "anthony blair ⇒ Tony
   * Blair"): every token suffix of the name and every alias, lower-cased. Filterable with facet
   * search, not searchable: facet-value search finds a person by surname or alias through them.
   */
  personKeys: string[];
  /** Lookup keys of `organizations`, as for `personKeys` ("un ⇒ United Nations"). */
  organizationKeys: string[];
  /** Lookup keys of `countries`, as for `personKeys` ("uk ⇒ United Kingdom"). */
  countryKeys: string[];
  /** The other names of the article's persons, organizations and countries: full-text search finds the article by them. */
  entityAliases: string[];
  /**
   * Surnames the article names a person by without saying who ("Mr Blair"): not in `persons` until
   * the archive resolves them (`lede resolve`, run after every ingest). Filterable.
   */
  pendingPersons: string[];
  /** Near-duplicate cluster: syndicated copies of one story share it. */
  cluster: string;
}

/** The facets Lede computes and filters on. */
export const FACETS = ['countries', 'persons', 'organizations', 'topics', 'source', 'language'] as const;
export type Facet = (typeof FACETS)[number];

/** A short, Meilisearch-safe id (`[a-f0-9]{20}`) from any strings. */
export function hashId(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\u0000');
  return hash.digest('hex').slice(0, 20);
}

/** The article id: the canonical URL when there is one, else source + title + body. */
export function articleId(fields: { url: string | null; source: string; title: string; body: string }): string {
  return fields.url ? hashId('url', fields.url) : hashId('text', fields.source, fields.title, fields.body);
}

/** The UTC day, ISO week and month of a Unix timestamp (seconds). */
export function periodsOf(ts: number): { day: string; week: string; month: string } {
  const date = new Date(ts * 1000);
  const day = date.toISOString().slice(0, 10);
  // ISO 8601 week: the week with the year's first Thursday is week 1.
  const thursday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  thursday.setUTCDate(thursday.getUTCDate() + 3 - ((thursday.getUTCDay() + 6) % 7));
  const weekYear = thursday.getUTCFullYear();
  const week = Math.ceil(((thursday.getTime() - Date.UTC(weekYear, 0, 1)) / 86_400_000 + 1) / 7);
  return { day, week: `${weekYear}-W${String(week).padStart(2, '0')}`, month: day.slice(0, 7) };
}
