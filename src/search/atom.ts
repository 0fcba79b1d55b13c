/**
 * A search result as an Atom 1.0 feed (RFC 4287), so any query can be followed in a feed
 * reader. All text is XML-escaped and stripped of characters XML does not allow.
 */
import type { SearchResult } from './result.ts';

export interface FeedLinks {
  /** Absolute URL of this feed. */
  self: string;
  /** Absolute URL of the same search on the page. */
  alternate: string;
  /** Absolute base URL of the API, for article links when an article has no URL of its own. */
  articleBase: string;
}

const INVALID_XML = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

export function xmlEscape(text: string): string {
  return text.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function toAtom(result: SearchResult, title: string, links: FeedLinks, now = new Date()): string {
  const dates = result.hits
    .map((h) => h.publishedAt)
    .filter((d): d is string => d !== null)
    .sort();
  const updated = dates[dates.length - 1] ?? now.toISOString();
  const entries = result.hits.map((hit) => {
    const link = hit.url ?? `${links.articleBase}/api/articles/${encodeURIComponent(hit.id)}`;
    const authors = hit.authors.map((a) => `<author><name>${xmlEscape(a)}</name></author>`).join('');
    const categories = [...hit.topics, ...hit.countries].map((c) => `<category term="${xmlEscape(c)}"/>`).join('');
    return [
      '<entry>',
      `<id>urn:lede:article:${xmlEscape(hit.id)}</id>`,
      `<title type="text">${xmlEscape(hit.title)}</title>`,
      `<link rel="alternate" href="${xmlEscape(link)}"/>`,
      `<updated>${xmlEscape(hit.publishedAt ?? updated)}</updated>`,
      hit.publishedAt ? `<published>${xmlEscape(hit.publishedAt)}</published>` : '',
      authors || `<author><name>${xmlEscape(hit.source || 'Unknown')}</name></author>`,
      `<summary type="text">${xmlEscape(hit.snippet)}</summary>`,
      `<source><title>${xmlEscape(hit.source)}</title></source>`,
      categories,
      '</entry>',
    ].join('');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `<id>${xmlEscape(links.self)}</id>`,
    `<title type="text">${xmlEscape(title)}</title>`,
    `<updated>${xmlEscape(updated)}</updated>`,
    `<link rel="self" type="application/atom+xml" href="${xmlEscape(links.self)}"/>`,
    `<link rel="alternate" type="text/html" href="${xmlEscape(links.alternate)}"/>`,
    '<generator>Lede</generator>',
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
