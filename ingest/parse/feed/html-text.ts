/**
 * An HTML fragment from a feed (content:encoded, Atom content, a description) → plain-text
 * paragraphs. Feed content is already the article, so this keeps every text block in order and
 * drops only what is never article text: scripts, media, embeds, forms, and the footer lines
 * blog engines append ("The post … appeared first on …").
 */
import * as cheerio from 'cheerio/slim';
import type { AnyNode } from 'domhandler';
import { joinParagraphs } from '../../normalise/text.ts';

// biome-ignore format: a word list, laid out by hand
const DROPPED = new Set([
  'script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'video', 'audio', 'img',
  'picture', 'svg', 'canvas', 'figure', 'form', 'button', 'input', 'select', 'textarea', 'nav', 'head',
]);

// biome-ignore format: a word list, laid out by hand
const BLOCKS = new Set([
  'p', 'div', 'section', 'article', 'header', 'footer', 'main', 'aside', 'blockquote', 'pre',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'table', 'tr', 'td', 'th',
  'hr', 'br', 'address', 'figcaption', 'details', 'summary',
]);

/** Feed-engine boilerplate that closes many items; not part of the article. */
const FOOTERS = [/^The post .+ appeared (first )?on .+\.?$/i, /^(Continue|Keep) reading\b.{0,60}$/i, /^Read (the )?(full|more)\b.{0,60}$/i];

/** Returns the fragment's paragraphs, normalised, without empty ones. */
export function htmlToParagraphs(html: string): string[] {
  if (!/[<&]/.test(html)) return split(joinParagraphs(html.split(/\n\s*\n/)));
  // htmlparser2 in HTML mode (not parse5): several times faster on many small fragments.
  const $ = cheerio.load(html, { xml: { xmlMode: false, decodeEntities: true } }, false);
  const paragraphs: string[] = [];
  let current = '';
  const flush = (): void => {
    if (current.trim()) paragraphs.push(current);
    current = '';
  };
  const walk = (nodes: AnyNode[]): void => {
    for (const node of nodes) {
      if (node.type === 'text') {
        // A blank line inside text (plain-text descriptions) separates paragraphs.
        const parts = node.data.split(/\n[ \t]*\n/);
        parts.forEach((part, i) => {
          if (i > 0) flush();
          current += part;
        });
      } else if (node.type === 'tag' || node.type === 'script' || node.type === 'style') {
        const name = node.name.toLowerCase();
        if (DROPPED.has(name)) continue;
        const block = BLOCKS.has(name);
        if (block) flush();
        walk(node.children);
        if (block) flush();
      } else if (node.type === 'cdata' || node.type === 'root') {
        walk(node.children);
      }
    }
  };
  walk($.root().toArray());
  flush();
  const kept = split(joinParagraphs(paragraphs));
  while (kept.length > 0 && FOOTERS.some((re) => re.test(kept.at(-1) ?? ''))) kept.pop();
  return kept;
}

/** The fragment as plain text, paragraphs separated by a blank line. */
export function htmlToText(html: string): string {
  return htmlToParagraphs(html).join('\n\n');
}

function split(text: string): string[] {
  return text ? text.split('\n\n') : [];
}
