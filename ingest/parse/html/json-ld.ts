/**
 * JSON-LD (schema.org) in <script type="application/ld+json">: parses every block leniently and
 * picks the node that describes the article (NewsArticle, BlogPosting...), with the fields Lede reads.
 */
import { decodeEntities } from '../../normalise/text.ts';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** The article fields JSON-LD can give. Strings are entity-decoded but not otherwise normalised. */
export interface JsonLdArticle {
  headline?: string;
  description?: string;
  articleBody?: string;
  authors: string[];
  datePublished?: string;
  dateModified?: string;
  publisher?: string;
  url?: string;
  inLanguage?: string;
}

/** Most nodes visited across all blocks of one page (guards against huge or hostile JSON). */
const MAX_NODES = 5000;

const ARTICLE_TYPE = /(Article|BlogPosting|Report|NewsArticle|LiveBlogPosting|SocialMediaPosting)$/;

/** Reads the article node out of the page's JSON-LD blocks (raw script texts), if there is one. */
export function readJsonLd(scripts: string[]): JsonLdArticle | undefined {
  const nodes: JsonObject[] = [];
  for (const script of scripts) {
    const parsed = parseLenient(script);
    if (parsed !== undefined) flatten(parsed, nodes);
  }
  const article = nodes.find((node) => typesOf(node).some((type) => ARTICLE_TYPE.test(type)));
  if (!article) return undefined;
  const publisherNode = nodes.find((node) => typesOf(node).some((type) => type === 'Organization' || type === 'NewsMediaOrganization'));
  return {
    headline: stringOf(article['headline']) ?? stringOf(article['name']),
    description: stringOf(article['description']),
    articleBody: stringOf(article['articleBody']) ?? stringOf(article['text']),
    authors: namesOf(article['author'] ?? article['creator'] ?? null),
    datePublished: stringOf(article['datePublished']) ?? stringOf(article['dateCreated']),
    dateModified: stringOf(article['dateModified']),
    publisher: nameOf(article['publisher'] ?? null) ?? (publisherNode ? stringOf(publisherNode['name']) : undefined),
    url: stringOf(article['url']) ?? idOf(article['mainEntityOfPage'] ?? null),
    inLanguage: stringOf(article['inLanguage']) ?? nameOf(article['inLanguage'] ?? null),
  };
}

/** JSON.parse, retried once without the control characters and trailing commas pages often leave in. */
function parseLenient(text: string): Json | undefined {
  const trimmed = text.trim().replace(/^<!--|-->$/g, '');
  try {
    return JSON.parse(trimmed) as Json;
  } catch {
    try {
      return JSON.parse(trimmed.replace(/[\u0000-\u001F]+/g, ' ').replace(/,\s*([}\]])/g, '$1')) as Json;
    } catch {
      return undefined;
    }
  }
}

/** Every object in the value, breadth first: top-level arrays and @graph members come before nested ones. */
function flatten(value: Json, into: JsonObject[]): void {
  const queue: Json[] = [value];
  for (let i = 0; i < queue.length && into.length < MAX_NODES; i++) {
    const item = queue[i]!;
    if (Array.isArray(item)) {
      queue.push(...item);
    } else if (item !== null && typeof item === 'object') {
      into.push(item);
      const graph = item['@graph'];
      if (graph !== undefined) queue.push(graph);
    }
  }
}

function typesOf(node: JsonObject): string[] {
  const type = node['@type'];
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === 'string');
  return [];
}

function stringOf(value: Json | undefined): string | undefined {
  if (typeof value === 'string') {
    const text = decodeEntities(value).trim();
    return text || undefined;
  }
  if (Array.isArray(value)) return stringOf(value[0]);
  return undefined;
}

function nameOf(value: Json): string | undefined {
  if (typeof value === 'string') return stringOf(value);
  if (Array.isArray(value)) return value.length > 0 ? nameOf(value[0]!) : undefined;
  if (value !== null && typeof value === 'object') return stringOf(value['name']);
  return undefined;
}

function idOf(value: Json): string | undefined {
  if (typeof value === 'string') return stringOf(value);
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return stringOf(value['@id']) ?? stringOf(value['url']);
  return undefined;
}

/** Author names from a string, an object with a name, or a list of either. */
function namesOf(value: Json): string[] {
  const list = Array.isArray(value) ? value : [value];
  const names: string[] = [];
  for (const item of list) {
    const name = nameOf(item);
    if (name) names.push(name);
  }
  return names;
}
