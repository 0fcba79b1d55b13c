/**
 * The article document: the one shape stored in Meilisearch, produced by the ingester and
 * served by the API. Its facet fields come from the facet registry (facets.ts), the only module
 * of the project it depends on, and only for types.
 */
import { createHash } from 'node:crypto';
import type { FacetDocumentFields } from './facets.ts';

/** Where an article's publication date came from; `none` means the article is undated. */
export type DateSource = 'json-ld' | 'meta' | 'time-element' | 'url' | 'feed' | 'input' | 'none';

/**
 * The facet fields (see FACETS in facets.ts): `countries`, `persons`, `organizations`, `topics`
 * (string[]; topics: the primary IPTC top-level topic first, at most three top-level topics, then
 * subtopics), `source` (publisher or site name, e.g. "BBC News", or a name derived from the
 * input), `language` (ISO 639-1, "und" when unknown), and the hidden, optional keys fields of
 * facet-value search (`countryKeys`, `personKeys`, `organizationKeys`).
 */
export interface Article extends FacetDocumentFields {
  /** Stable id: hash of the canonical URL, else of source + title + body. */
  id: string;
  /** Canonical URL, when known. */
  url: string | null;
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
  /** ISO 3166-1 alpha-2 codes, in the same order as `countries`. */
  countryCodes: string[];
  /** The other names of the article's persons, organizations and countries: full-text search finds the article by them. */
  entityAliases: string[];
  /**
   * Surnames the article names a person by without saying who ("Mr Blair"): not in `persons` until
   * the archive resolves them (`lede resolve`, run after every ingest). Filterable.
   */
  pendingPersons: string[];
  /**
   * Organization-like names the article mentions once with nothing else to tell: not in
   * `organizations` until other articles of the archive name them too (`lede resolve`). Filterable.
   */
  pendingOrganizations: string[];
  /**
   * Names the article announces as the title of a work ("the film Vera Drake"): `lede resolve`
   * takes them out of the persons and organizations of every article. Filterable; absent on
   * documents indexed before the field existed.
   */
  workTitles?: string[];
  /** Near-duplicate cluster: syndicated copies of one story share it. */
  cluster: string;
  /**
   * When a writer last sent this document to Meilisearch (Unix ms, the sink's clock): what the
   * alert loop polls for. Kept when `lede reindex` rebuilds a stored document; absent on
   * documents indexed before the field existed. Filterable and sortable.
   */
  indexedTs?: number;
}

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
