/**
 * The shapes that flow between ingest stages: source → parse → normalise → enrich → index.
 */
import type { DateSource } from '../src/article.ts';

/** Bytes read from one place, before any parsing. */
export interface RawInput {
  /** The path or URL it came from, as the user gave it (for reports). */
  input: string;
  bytes: Buffer;
  /** HTTP Content-Type header, when fetched. */
  contentType?: string;
  /** Final URL after redirects, when fetched. */
  url?: string;
}

/**
 * What a parser could read of one article: text fields not yet normalised, dates as found.
 * Parsers fill what their format offers and leave the rest undefined.
 */
export interface ParsedArticle {
  url?: string;
  source?: string;
  title?: string;
  standfirst?: string;
  body?: string;
  authors?: string[];
  /** A date string or Date as found in the input; normalise turns it into UTC ISO. */
  publishedAt?: string | Date;
  modifiedAt?: string | Date;
  dateSource?: DateSource;
  language?: string;
}

/** A parser's output for one input: articles, and problems with the items it could not take. */
export interface ParseResult {
  articles: Array<{ article: ParsedArticle; position?: string }>;
  problems: Problem[];
}

/** One thing the ingester could not take, with where it was. */
export interface Problem {
  input: string;
  /** Where inside the input: "line 12", "item 3", "byte 1048576"... */
  position?: string;
  /** A stable machine-readable code, e.g. "empty-input", "invalid-json". */
  code: string;
  message: string;
}
