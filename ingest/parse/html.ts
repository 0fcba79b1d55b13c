/** HTML page → one article. (First version: to be replaced by the full extractor.) */
import * as cheerio from 'cheerio';
import type { ParseResult, RawInput } from '../types.ts';

export function parseHtml(raw: RawInput): ParseResult {
  const $ = cheerio.load(raw.bytes.toString('utf8'));
  const title = $('meta[property="og:title"]').attr('content') ?? $('h1').first().text() ?? $('title').text();
  const body = $('article p, body p')
    .map((_, el) => $(el).text())
    .get()
    .join('\n\n');
  return { articles: [{ article: { title, body, url: raw.url } }], problems: [] };
}
