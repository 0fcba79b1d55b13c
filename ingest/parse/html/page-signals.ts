/**
 * One pass over a parsed page collecting what metadata is read from: <meta> and <link> tags,
 * JSON-LD scripts, <title>, <html lang>, headings, <time> elements, byline and dek elements.
 */
import type { AnyNode, Element } from './dom.ts';
import { childrenOf, classAndId, isElement, rawText } from './dom.ts';

export interface PageSignals {
  /** <meta> contents by lower-cased name, property, itemprop or http-equiv, in document order. */
  metas: Map<string, string[]>;
  /** <link> hrefs by lower-cased rel value. */
  links: Map<string, string[]>;
  /** Raw texts of the JSON-LD scripts. */
  jsonLd: string[];
  /** The <title> text, raw. */
  title?: string;
  htmlLang?: string;
  h1s: Element[];
  /** <time> elements with a datetime attribute, and elements with itemprop=datePublished/dateModified. */
  times: Element[];
  /** Elements that look like a byline (rel/itemprop author, class byline/author). */
  bylines: Element[];
  /** Elements that look like a standfirst (class dek, standfirst, subtitle, summary...). */
  deks: Element[];
}

/** Most byline or dek candidates kept (a page of teasers would otherwise yield hundreds). */
const MAX_CANDIDATES = 10;

const BYLINE = /byline|author-?name|\bauthors?\b|\bcontributors?\b|\bwriter\b/;
const DEK =
  /\bdek\b|standfirst|subtitle|sub-?head(?:line)?|\bsummary\b|\bintro\b|\blede\b|\bexcerpt\b|article-?description|\bdeck\b|\bteaser-text\b|\bstrapline\b/;

export function collectSignals(root: AnyNode): PageSignals {
  const signals: PageSignals = { metas: new Map(), links: new Map(), jsonLd: [], h1s: [], times: [], bylines: [], deks: [] };
  const stack: AnyNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isElement(node)) visit(node, signals);
    if (isElement(node) && (node.name === 'script' || node.name === 'style')) continue;
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return signals;
}

function visit(element: Element, signals: PageSignals): void {
  const attribs = element.attribs;
  switch (element.name) {
    case 'meta': {
      const content = attribs['content'];
      if (content === undefined) break;
      for (const keyAttr of ['name', 'property', 'itemprop', 'http-equiv']) {
        const key = attribs[keyAttr];
        if (key) push(signals.metas, key.toLowerCase(), content);
      }
      if (attribs['itemprop'] === 'datePublished' || attribs['itemprop'] === 'dateModified') signals.times.push(element);
      return;
    }
    case 'link': {
      const rel = attribs['rel'];
      const href = attribs['href'];
      if (rel && href) for (const value of rel.toLowerCase().split(/\s+/)) push(signals.links, value, href);
      return;
    }
    case 'script':
      if (attribs['type']?.toLowerCase().includes('ld+json')) signals.jsonLd.push(rawText(element));
      return;
    case 'title':
      if (signals.title === undefined) signals.title = rawText(element);
      return;
    case 'html':
      if (attribs['lang']) signals.htmlLang = attribs['lang'];
      else if (attribs['xml:lang']) signals.htmlLang = attribs['xml:lang'];
      return;
    case 'h1':
      signals.h1s.push(element);
      return;
    case 'time':
      if (attribs['datetime'] !== undefined) signals.times.push(element);
      return;
  }
  if (attribs['itemprop'] === 'datePublished' || attribs['itemprop'] === 'dateModified') signals.times.push(element);
  const names = classAndId(element);
  const isByline = attribs['rel'] === 'author' || attribs['itemprop'] === 'author' || (names !== '' && BYLINE.test(names));
  if (isByline && signals.bylines.length < MAX_CANDIDATES) signals.bylines.push(element);
  else if (names !== '' && DEK.test(names) && signals.deks.length < MAX_CANDIDATES) signals.deks.push(element);
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
