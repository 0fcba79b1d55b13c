/** HTML page → one article. (Work in progress.) */
import { load } from 'cheerio/slim';
import { decodeBytes } from '../normalise/charset.ts';
import type { ParseResult, RawInput } from '../types.ts';
import { extractBody } from './html/extract-body.ts';

export function parseHtml(raw: RawInput): ParseResult {
  const $ = load(decodeBytes(raw.bytes, raw.contentType));
  const body = extractBody($.root()[0]!);
  return { articles: [{ article: { body: body.paragraphs.join('\n\n'), url: raw.url } }], problems: [] };
}
