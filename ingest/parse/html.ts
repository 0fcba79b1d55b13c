/**
 * HTML page → one article: bytes are decoded (charset.ts), parsed with cheerio's htmlparser2
 * backend, the body is extracted (html/extract-body.ts) and the metadata read (html/metadata.ts).
 * Never throws: a page without an article body, or one that cannot be read, becomes a Problem.
 */
import { load } from 'cheerio/slim';
import { decodeBytes } from '../normalise/charset.ts';
import { joinParagraphs, normaliseBody } from '../normalise/text.ts';
import type { ParsedArticle, ParseResult, Problem, RawInput } from '../types.ts';
import { extractBody } from './html/extract-body.ts';
import { readJsonLd } from './html/json-ld.ts';
import { detectLanguage } from '../normalise/language.ts';
import { limitNesting } from './html/limit-nesting.ts';
import { readMetadata } from './html/metadata.ts';
import { collectSignals } from './html/page-signals.ts';

/** A body shorter than this (in characters) is not an article. */
const MIN_BODY_LENGTH = 50;

/** JSON-LD articleBody is trusted as a signal from this length on. */
const MIN_HINT_BODY_LENGTH = 200;

/** Parses one HTML page into one article, or a problem saying why there is none. */
export function parseHtml(raw: RawInput): ParseResult {
  try {
    return parsePage(raw);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { articles: [], problems: [problem(raw, 'unreadable-html', `Could not read the page: ${message}`)] };
  }
}

function parsePage(raw: RawInput): ParseResult {
  if (raw.bytes.length === 0) return { articles: [], problems: [problem(raw, 'empty-input', 'The page is empty.')] };
  const $ = load(limitNesting(decodeBytes(raw.bytes, raw.contentType)));
  const root = $.root()[0]!;
  const signals = collectSignals(root);
  const ld = readJsonLd(signals.jsonLd);
  const meta = readMetadata(signals, ld, raw.url);
  const hintBody = ld?.articleBody && ld.articleBody.length >= MIN_HINT_BODY_LENGTH ? ld.articleBody : undefined;
  const extracted = extractBody(root, { title: meta.title, hintBody });
  let body = joinParagraphs(extracted.paragraphs);
  // Pages that render their text with scripts often still carry it in JSON-LD.
  if (hintBody && body.length < hintBody.length * 0.5) body = normaliseBody(hintBody.replace(/\n/g, '\n\n'));
  if (body.length < MIN_BODY_LENGTH) {
    return { articles: [], problems: [problem(raw, 'no-article-body', 'No article body was found on the page.')] };
  }
  const article: ParsedArticle = {
    url: meta.url,
    source: meta.source,
    title: meta.title,
    standfirst: meta.standfirst,
    body,
    authors: meta.authors,
    publishedAt: meta.publishedAt,
    modifiedAt: meta.modifiedAt,
    dateSource: meta.dateSource,
    language: meta.language ?? detectLanguage(body),
  };
  return { articles: [{ article }], problems: [] };
}

function problem(raw: RawInput, code: string, message: string): Problem {
  return { input: raw.input, code, message };
}
