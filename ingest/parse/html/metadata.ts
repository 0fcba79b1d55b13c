/**
 * Article metadata from page signals and JSON-LD: title, standfirst, authors, dates (with where
 * they came from), canonical URL, site name and declared language. Nothing is invented: a field
 * the page does not give stays undefined.
 */
import type { DateSource } from '../../../src/article.ts';
import { normaliseDate } from '../../normalise/dates.ts';
import { normaliseInline } from '../../normalise/text.ts';
import { cleanAuthors } from './authors.ts';
import { textOf } from './dom.ts';
import type { JsonLdArticle } from './json-ld.ts';
import { languageFromTag } from '../../normalise/language.ts';
import type { PageSignals } from './page-signals.ts';

export interface PageMetadata {
  title?: string;
  standfirst?: string;
  authors: string[];
  publishedAt?: string;
  modifiedAt?: string;
  dateSource?: DateSource;
  url?: string;
  source?: string;
  /** Declared language (ISO 639-1), when the page declares one. */
  language?: string;
}

const PUBLISHED_META = [
  'article:published_time',
  'og:published_time',
  'og:article:published_time',
  'datepublished',
  'publishdate',
  'publish-date',
  'publish_date',
  'pubdate',
  'date',
  'dc.date.issued',
  'dc.date',
  'dcterms.created',
  'dcterms.date',
  'sailthru.date',
  'parsely-pub-date',
  'article.published',
  'cxenseparse:recs:publishtime',
  'originalpublicationdate',
];
const MODIFIED_META = ['article:modified_time', 'og:updated_time', 'datemodified', 'dcterms.modified', 'lastmod', 'last-modified'];

/** Reads every metadata field. `pageUrl` is the URL the page was fetched from, when known. */
export function readMetadata(signals: PageSignals, ld: JsonLdArticle | undefined, pageUrl: string | undefined): PageMetadata {
  const url = canonicalUrl(signals, ld, pageUrl);
  const source = siteName(signals, ld, url);
  const dates = readDates(signals, ld, url);
  return {
    title: readTitle(signals, ld, source),
    standfirst: readStandfirst(signals, ld),
    authors: readAuthors(signals, ld),
    ...dates,
    url,
    source,
    language:
      languageFromTag(signals.htmlLang) ??
      languageFromTag(firstMeta(signals, 'og:locale')) ??
      languageFromTag(ld?.inLanguage) ??
      languageFromTag(firstMeta(signals, 'content-language')),
  };
}

function firstMeta(signals: PageSignals, ...keys: string[]): string | undefined {
  for (const key of keys) {
    for (const value of signals.metas.get(key) ?? []) {
      const text = normaliseInline(value);
      if (text) return text;
    }
  }
  return undefined;
}

/** Headline: JSON-LD, og:title, twitter:title, the first <h1>, then <title>; a trailing " | Site" is cut. */
function readTitle(signals: PageSignals, ld: JsonLdArticle | undefined, site: string | undefined): string | undefined {
  const declared = ld?.headline ?? firstMeta(signals, 'og:title', 'twitter:title');
  if (declared) return stripSiteSuffix(normaliseInline(declared), site, false);
  for (const h1 of signals.h1s) {
    const text = normaliseInline(textOf(h1, ' '));
    if (text.length >= 5) return text;
  }
  const title = signals.title ? normaliseInline(signals.title) : '';
  return title ? stripSiteSuffix(title, site, true) : undefined;
}

const TITLE_SEPARATOR = /\s+(?:\||-|–|—|::|«|»|·|•)\s+/;

/**
 * Cuts a site name off a title: "Headline | Site" → "Headline". The last part is cut when it is
 * the site name, or (for <title>, `loose`) when it is short compared with the rest.
 */
export function stripSiteSuffix(title: string, site: string | undefined, loose: boolean): string {
  const parts = title.split(TITLE_SEPARATOR);
  if (parts.length < 2) return title;
  const siteKey = site ? squeeze(site) : '';
  const last = parts[parts.length - 1]!;
  const first = parts[0]!;
  const rest = title
    .slice(0, title.length - last.length)
    .replace(/\s+\S+\s*$/, '')
    .trim();
  if (siteKey && (squeeze(last) === siteKey || squeeze(last).includes(siteKey) || siteKey.includes(squeeze(last)))) return rest;
  if (siteKey && squeeze(first) === siteKey)
    return title
      .slice(first.length)
      .replace(/^\s+\S+\s+/, '')
      .trim();
  if (loose && wordCount(last) <= 4 && wordCount(rest) > wordCount(last)) return rest;
  return title;
}

function squeeze(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** Standfirst: og:description, meta description, JSON-LD description, then a dek element. */
function readStandfirst(signals: PageSignals, ld: JsonLdArticle | undefined): string | undefined {
  const declared = firstMeta(signals, 'og:description', 'description', 'twitter:description') ?? ld?.description;
  if (declared) return normaliseInline(declared);
  for (const dek of signals.deks) {
    const text = normaliseInline(textOf(dek, ' '));
    if (text.length >= 20 && text.length <= 600) return text;
  }
  return undefined;
}

/** Authors: JSON-LD, then <meta name=author> and similar, then byline elements. */
function readAuthors(signals: PageSignals, ld: JsonLdArticle | undefined): string[] {
  if (ld && ld.authors.length > 0) {
    const names = cleanAuthors(ld.authors);
    if (names.length > 0) return names;
  }
  const metas = [
    ...(signals.metas.get('author') ?? []),
    ...(signals.metas.get('article:author') ?? []),
    ...(signals.metas.get('parsely-author') ?? []),
    ...(signals.metas.get('sailthru.author') ?? []),
    ...(signals.metas.get('dc.creator') ?? []),
  ];
  const fromMeta = cleanAuthors(metas);
  if (fromMeta.length > 0) return fromMeta;
  for (const byline of signals.bylines) {
    const text = byline.attribs['content'] ?? textOf(byline, ' ');
    if (text.length > 200) continue;
    const names = cleanAuthors([text]);
    if (names.length > 0) return names;
  }
  return [];
}

interface Dates {
  publishedAt?: string;
  modifiedAt?: string;
  dateSource?: DateSource;
}

/** Only dates that parse and are plausible are taken; they are passed on as found. */
function valid(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const text = value.trim();
  return normaliseDate(text) ? text : undefined;
}

/** Publication and modification dates: JSON-LD, then <meta>, then <time>, then the URL. */
function readDates(signals: PageSignals, ld: JsonLdArticle | undefined, url: string | undefined): Dates {
  const metaModified = MODIFIED_META.map((key) => valid(firstMeta(signals, key))).find(Boolean);
  const ldPublished = valid(ld?.datePublished);
  if (ldPublished) return { publishedAt: ldPublished, modifiedAt: valid(ld?.dateModified) ?? metaModified, dateSource: 'json-ld' };
  const metaPublished = PUBLISHED_META.map((key) => valid(firstMeta(signals, key))).find(Boolean);
  if (metaPublished) return { publishedAt: metaPublished, modifiedAt: metaModified ?? valid(ld?.dateModified), dateSource: 'meta' };
  let timePublished: string | undefined;
  let timeModified: string | undefined;
  for (const element of signals.times) {
    const value = valid(element.attribs['datetime'] ?? element.attribs['content']);
    if (!value) continue;
    const prop = element.attribs['itemprop'];
    if (prop === 'dateModified') timeModified ??= value;
    else if (!timePublished || prop === 'datePublished') timePublished ??= value;
  }
  if (timePublished) return { publishedAt: timePublished, modifiedAt: timeModified ?? metaModified, dateSource: 'time-element' };
  const fromUrl = url ? dateFromUrl(url) : undefined;
  if (fromUrl) return { publishedAt: fromUrl, dateSource: 'url' };
  return {};
}

/** A full date in a URL path (/2024/05/01/, /2024-05-01-, /20240501/) as YYYY-MM-DD; never a partial one. */
export function dateFromUrl(url: string): string | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const patterns = [
    /(?:^|\/)((?:19|20)\d{2})\/(0?[1-9]|1[0-2])\/(0?[1-9]|[12]\d|3[01])(?=\/|$|[-_.])/,
    /(?:^|[/_-])((?:19|20)\d{2})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?=\/|$|[-_.])/,
    /(?:^|\/)((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=\/|$)/,
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(path);
    if (!match) continue;
    const date = `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}`;
    if (valid(date)) return date;
  }
  return undefined;
}

/** The page's canonical URL: <link rel=canonical>, og:url, JSON-LD url, else the fetched URL. Always absolute http(s). */
function canonicalUrl(signals: PageSignals, ld: JsonLdArticle | undefined, pageUrl: string | undefined): string | undefined {
  const candidates = [signals.links.get('canonical')?.[0], firstMeta(signals, 'og:url'), ld?.url, pageUrl];
  for (const candidate of candidates) {
    const absolute = candidate ? absoluteUrl(candidate.trim(), pageUrl) : undefined;
    if (absolute) return absolute;
  }
  return undefined;
}

function absoluteUrl(href: string, base: string | undefined): string | undefined {
  if (!href) return undefined;
  try {
    const url = base ? new URL(href, base) : new URL(href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Site name: og:site_name, JSON-LD publisher, application-name, else the host without "www.". */
function siteName(signals: PageSignals, ld: JsonLdArticle | undefined, url: string | undefined): string | undefined {
  const declared = firstMeta(signals, 'og:site_name') ?? ld?.publisher ?? firstMeta(signals, 'application-name', 'twitter:site');
  if (declared && /^https?:\/\//i.test(declared)) return hostOf(declared) ?? declared;
  if (declared && !/^@/.test(declared)) return normaliseInline(declared);
  if (!url) return declared ? declared.replace(/^@/, '') : undefined;
  return hostOf(url);
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^www\./, '') || undefined;
  } catch {
    return undefined;
  }
}
