/**
 * RSS 2.0, RSS 1.0 (RDF) and Atom feeds → one article per item.
 *
 * Parsed with cheerio in XML mode: already a dependency, fast, and lenient the way feed readers
 * must be (stray `&`, undeclared prefixes). Its leniency hides truncated or broken structure, so
 * a separate scan (feed/well-formed.ts) locates those errors: a damaged item becomes a problem
 * at "item N" while the others come through, and damage outside the items is reported as
 * `invalid-feed` without discarding the good items.
 */
import * as cheerio from 'cheerio/slim';
import type { Element } from 'domhandler';
import type { ParsedArticle, ParseResult, Problem, RawInput } from '../types.ts';
import { normaliseInline } from '../normalise/text.ts';
import { authorNames } from './feed/authors.ts';
import { decodeBytes } from '../normalise/charset.ts';
import { htmlToText } from './feed/html-text.ts';
import { findXmlErrors, lineOf, type XmlError } from './feed/well-formed.ts';

export type FeedFormat = 'rss' | 'rdf' | 'atom';

/** One feed item as an article, with the item's stable key (guid / Atom id / link). */
export interface FeedItem {
  article: ParsedArticle;
  /** "item 3" (1-based, in document order). */
  position: string;
  /** guid, Atom id or RDF about; else the link; else a key from title and date. Used to tell new items from seen ones. */
  id: string;
}

/** A ParseResult whose articles also carry the item keys. */
export interface FeedParseResult extends ParseResult {
  articles: FeedItem[];
  /** The feed's own title, when it has one. */
  title?: string;
  format?: FeedFormat;
}

/** Body length under which a feed item is taken as a teaser whose full text is on its page. */
export const FOLLOW_MIN_BODY_CHARS = 400;

const FEED_ROOT =
  /^(?:\uFEFF)?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*|<\?[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*)*<(rss\b|rdf:RDF\b|(?:[\w-]+:)?feed\b[^>]*http:\/\/www\.w3\.org\/2005\/Atom)/i;

/** True when the text looks like an RSS, RDF or Atom feed (sniffs the root element). */
export function isFeed(text: string): boolean {
  return FEED_ROOT.test(text.slice(0, 4096));
}

/**
 * True when a feed item lacks its full text and should be fetched from its link (`--follow`):
 * no body, a body shorter than `minChars`, or a body that only repeats the description.
 */
export function needsFollow(article: ParsedArticle, minChars: number = FOLLOW_MIN_BODY_CHARS): boolean {
  const body = article.body?.trim() ?? '';
  if (!body || body.length < minChars) return true;
  return article.standfirst !== undefined && normaliseInline(article.standfirst) === normaliseInline(body);
}

/** Parses a feed; never throws. */
export function parseFeed(raw: RawInput): FeedParseResult {
  const text = decodeBytes(raw.bytes, raw.contentType);
  const problems: Problem[] = [];
  const problem = (code: string, message: string, position?: string): void => {
    problems.push(position ? { input: raw.input, position, code, message } : { input: raw.input, code, message });
  };

  if (!text.trim()) {
    problem('empty-input', 'The feed is empty.');
    return { articles: [], problems };
  }
  const $ = cheerio.load(text, { xml: { xmlMode: true, withStartIndices: true, withEndIndices: true } });
  const root = $.root()
    .children()
    .toArray()
    .find((el) => ['rss', 'rdf:rdf', 'feed'].includes(localRoot(el.name)));
  if (!root) {
    const first = $.root().children().first().prop('tagName');
    problem(
      'invalid-feed',
      first ? `Expected an <rss>, <rdf:RDF> or <feed> root element, got <${first.toLowerCase()}>.` : 'No XML element found: not a feed.',
    );
    return { articles: [], problems };
  }

  const format: FeedFormat = localRoot(root.name) === 'feed' ? 'atom' : localRoot(root.name) === 'rss' ? 'rss' : 'rdf';
  const channel = format === 'atom' ? root : (childElements(root).find((el) => local(el.name) === 'channel') ?? root);
  const feedTitle = clean(textOf(channel, ['title']));
  const language = languageOf(channel, root);
  const base = raw.url ?? (/^https?:\/\//i.test(raw.input) ? raw.input : undefined);
  const feedBase = format === 'atom' ? (attr(root, 'xml:base') ?? base) : base;

  const itemElements =
    format === 'atom'
      ? childElements(root).filter((el) => local(el.name) === 'entry')
      : (format === 'rss' ? childElements(channel) : childElements(root)).filter((el) => local(el.name) === 'item');
  // Items nested deeper (e.g. a non-standard wrapper) are still items.
  const allItems = itemElements.length > 0 ? itemElements : $(format === 'atom' ? 'entry' : 'item').toArray();

  const errors = findXmlErrors(text);
  const used = new Set<XmlError>();
  const articles: FeedItem[] = [];
  allItems.forEach((el, index) => {
    const position = `item ${index + 1}`;
    const inside = errors.filter((e) => e.offset >= (el.startIndex ?? 0) && e.offset <= (el.endIndex ?? text.length));
    if (inside.length > 0) {
      for (const e of inside) used.add(e);
      const first = inside[0] as XmlError;
      problem('invalid-item', `Broken XML in this item at line ${lineOf(text, first.offset)}: ${first.message}.`, position);
      return;
    }
    const item = format === 'atom' ? readAtomEntry(el, feedBase) : readRssItem(el, base);
    if (!item.article.title && !item.article.url && !item.article.body) {
      problem('invalid-item', 'The item has no title, link or text.', position);
      return;
    }
    if (feedTitle) item.article.source = feedTitle;
    if (language && !item.article.language) item.article.language = language;
    articles.push({ article: item.article, position, id: item.id });
  });

  const outside = errors.filter((e) => !used.has(e));
  if (outside.length > 0) {
    const first = outside[0] as XmlError;
    problem(
      'invalid-feed',
      `Malformed feed at line ${lineOf(text, first.offset)}: ${first.message}` +
        (outside.length > 1 ? ` (and ${outside.length - 1} more structural errors)` : '') +
        `; ${articles.length} intact items kept.`,
    );
  }
  return { articles, problems, format, ...(feedTitle ? { title: feedTitle } : {}) };
}

interface ReadItem {
  article: ParsedArticle;
  id: string;
}

function readRssItem(el: Element, base: string | undefined): ReadItem {
  const rawTitle = textOf(el, ['title']);
  // RSS titles are plain text, but some feeds put (escaped) markup in them.
  const title = clean(rawTitle && /<\/?[a-z][^>]*>/i.test(rawTitle) ? htmlToText(rawTitle) : rawTitle);
  const guidEl = childElements(el).find((c) => local(c.name) === 'guid');
  const guid = guidEl ? clean(text(guidEl)) : undefined;
  const guidIsLink = guidEl !== undefined && attr(guidEl, 'isPermaLink') !== 'false' && guid !== undefined && /^https?:\/\//i.test(guid);
  const link = absolute(clean(textOf(el, ['link'])) ?? (guidIsLink ? guid : undefined) ?? attr(el, 'rdf:about'), base);
  const content = textOf(el, ['content:encoded', 'encoded']);
  const description = textOf(el, ['description', 'dc:description']);
  const article: ParsedArticle = bodyAndStandfirst(content, description);
  if (title) article.title = title;
  if (link) article.url = link;
  const authors = authorNames(
    childElements(el)
      .filter((c) => ['author', 'dc:creator', 'creator'].includes(c.name))
      .map(text),
  );
  if (authors.length > 0) article.authors = authors;
  const published = clean(textOf(el, ['pubDate', 'dc:date', 'date', 'published']));
  if (published) {
    article.publishedAt = published;
    article.dateSource = 'feed';
  }
  const modified = clean(textOf(el, ['dc:modified', 'dcterms:modified', 'atom:updated', 'updated']));
  if (modified) article.modifiedAt = modified;
  const language = clean(textOf(el, ['dc:language']));
  if (language) article.language = primaryLanguage(language);
  return { article, id: guid ?? attr(el, 'rdf:about') ?? link ?? `${title ?? ''}|${published ?? ''}` };
}

function readAtomEntry(el: Element, base: string | undefined): ReadItem {
  const entryBase = absolute(attr(el, 'xml:base'), base) ?? base;
  const title = atomText(childElements(el).find((c) => local(c.name) === 'title'));
  const links = childElements(el).filter((c) => local(c.name) === 'link');
  const alternate = links.find((l) => (attr(l, 'rel') ?? 'alternate') === 'alternate') ?? links[0];
  const link = absolute(alternate ? attr(alternate, 'href') : undefined, entryBase);
  const content = childElements(el).find((c) => local(c.name) === 'content' && !attr(c, 'src'));
  const summary = childElements(el).find((c) => local(c.name) === 'summary');
  const article = bodyAndStandfirst(atomHtml(content), atomHtml(summary));
  if (title) article.title = title;
  if (link) article.url = link;
  const names = childElements(el)
    .filter((c) => local(c.name) === 'author' || local(c.name) === 'contributor')
    .map((a) => textOf(a, ['name']) ?? '');
  const authors = authorNames(names);
  if (authors.length > 0) article.authors = authors;
  const published = clean(textOf(el, ['published', 'atom:published', 'issued']));
  const updated = clean(textOf(el, ['updated', 'atom:updated', 'modified']));
  if (published ?? updated) {
    article.publishedAt = (published ?? updated) as string;
    article.dateSource = 'feed';
  }
  if (updated && published) article.modifiedAt = updated;
  const language = attr(el, 'xml:lang');
  if (language) article.language = primaryLanguage(language);
  const id = clean(textOf(el, ['id', 'atom:id']));
  return { article, id: id ?? link ?? `${title ?? ''}|${published ?? updated ?? ''}` };
}

/** Body from the full content; the description as standfirst when it says something else. */
function bodyAndStandfirst(contentHtml: string | undefined, descriptionHtml: string | undefined): ParsedArticle {
  const body = contentHtml ? htmlToText(contentHtml) : '';
  const description = descriptionHtml ? htmlToText(descriptionHtml) : '';
  const article: ParsedArticle = {};
  if (body) {
    article.body = body;
    if (description && !sameText(body, description) && !body.startsWith(description)) article.standfirst = description;
  } else if (description) {
    // No full text: the description is all there is. needsFollow() flags it as a teaser.
    article.body = description;
  }
  return article;
}

/** Atom text constructs: type="text" (default), "html" (escaped markup) or "xhtml" (inline div). */
function atomText(el: Element | undefined): string | undefined {
  if (!el) return undefined;
  const type = attr(el, 'type') ?? 'text';
  if (type === 'html' || type === 'xhtml' || type === 'text/html') return clean(htmlToText(atomHtml(el) ?? '')) ?? undefined;
  return clean(text(el));
}

/** The markup of an Atom content/summary element, or its text escaped as HTML-safe text. */
function atomHtml(el: Element | undefined): string | undefined {
  if (!el) return undefined;
  const type = attr(el, 'type') ?? 'text';
  if (type === 'xhtml') return cheerio.load(el.children, { xml: true }).xml();
  if (type === 'html' || type === 'text/html' || type.endsWith('+xml')) return text(el);
  return text(el)
    .split(/\n[ \t]*\n/)
    .map((paragraph) => `<p>${paragraph.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`)
    .join('');
}

function languageOf(channel: Element, root: Element): string | undefined {
  const declared = clean(textOf(channel, ['language', 'dc:language'])) ?? attr(channel, 'xml:lang') ?? attr(root, 'xml:lang');
  return declared ? primaryLanguage(declared) : undefined;
}

/** "en-US" → "en". */
function primaryLanguage(tag: string): string {
  return tag.trim().split(/[-_]/)[0]?.toLowerCase() ?? tag;
}

function childElements(el: Element): Element[] {
  return el.children.filter((c): c is Element => c.type === 'tag');
}

/** Text of the first child element with one of the names (exact qualified name, e.g. "dc:creator"). */
function textOf(el: Element, names: string[]): string | undefined {
  for (const name of names) {
    const found = childElements(el).find((c) => c.name === name);
    if (found) return text(found);
  }
  return undefined;
}

function text(el: Element): string {
  let out = '';
  for (const c of el.children) {
    if (c.type === 'text') out += c.data;
    else if (c.type === 'cdata' || c.type === 'tag')
      out += c.type === 'tag' ? text(c) : c.children.map((t) => (t.type === 'text' ? t.data : '')).join('');
  }
  return out;
}

function attr(el: Element, name: string): string | undefined {
  const value = el.attribs[name];
  return value === undefined ? undefined : value.trim() || undefined;
}

function clean(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return normaliseInline(value) || undefined;
}

function absolute(link: string | undefined, base: string | undefined): string | undefined {
  if (!link) return undefined;
  try {
    const url = new URL(link, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function sameText(a: string, b: string): boolean {
  return normaliseInline(a) === normaliseInline(b);
}

function local(name: string): string {
  return name.includes(':') ? (name.split(':').pop() as string) : name;
}

function localRoot(name: string): string {
  const lower = name.toLowerCase();
  return lower === 'rdf:rdf' ? lower : local(lower);
}
