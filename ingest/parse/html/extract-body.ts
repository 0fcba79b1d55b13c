/**
 * Finds the article body of a news page: the DOM is cut into text blocks (paragraphs, headings,
 * list items...), boilerplate subtrees are set aside by their class/id/tag hints, every element is
 * scored by the paragraph text under it (commas, length, link density, hints), the best container
 * and its article-like siblings are kept, and their blocks are filtered and returned in order.
 */
import { normaliseInline } from '../../normalise/text.ts';
import type { AnyNode, Element } from './dom.ts';
import { childrenOf, isElement, isHidden, isText, NON_TEXT_TAGS } from './dom.ts';
import { hintOf } from './hints.ts';

/** Tags that start a new text block. Every other tag is inline and its text joins the current block. */
// biome-ignore format: a word list, laid out by hand
const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'center', 'dd', 'details', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header',
  'hgroup', 'hr', 'html', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table',
  'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'br', 'menu',
]);

/** Block tags whose text is a paragraph of their parent (their parent is the container scored first). */
const PARAGRAPH_TAGS = new Set(['p', 'li', 'dd', 'dt', 'blockquote', 'pre', 'td', 'th', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'address']);

const HEADING = /^h[1-6]$/;

/** Initial score of a container by tag, as in Readability. */
// biome-ignore format: a word list, laid out by hand
const TAG_SCORES: Record<string, number> = {
  div: 5, article: 10, main: 5, section: 3, pre: 3, td: 3, blockquote: 3,
  address: -3, ol: -3, ul: -3, dl: -3, dd: -3, dt: -3, li: -3, form: -3,
  h1: -5, h2: -5, h3: -5, h4: -5, h5: -5, h6: -5, th: -5,
};

/** A paragraph-like block shorter than this does not score its containers. */
const MIN_SCORING_LENGTH = 25;

/** Per-element facts gathered in one walk. Indexes are document (pre-)order. */
interface Info {
  element: Element;
  parent: number;
  /** Index of the last descendant (the subtree is [index, end]). */
  end: number;
  weight: number;
  negative: boolean;
  drop: boolean;
  removed: boolean;
  textLength: number;
  linkLength: number;
  /** Characters in good paragraphs (long enough, few links) under this element. */
  goodLength: number;
  score: number;
  scored: boolean;
}

/** One run of text between block boundaries. */
export interface Block {
  text: string;
  /** Index (in the walk) of the nearest block-level element containing the text. */
  owner: number;
  /** Tag of that element. */
  tag: string;
  length: number;
  linkLength: number;
}

export interface BodyOptions {
  /** The article's title: a block repeating it is not body text. */
  title?: string;
  /** JSON-LD articleBody, when the page has one: used as a signal, not as the output. */
  hintBody?: string;
}

export interface ExtractedBody {
  /** Paragraphs, in order, normalised. */
  paragraphs: string[];
  /** The text of all blocks on the page (a fallback for language detection). */
  pageText: string;
}

/** Extracts the article body under `root` (a document or body element). */
export function extractBody(root: AnyNode, options: BodyOptions = {}): ExtractedBody {
  const { infos, blocks } = collect(root);
  markRemoved(infos, blocks);
  aggregate(infos, blocks);
  const hint = options.hintBody ? hintMatcher(options.hintBody) : undefined;
  score(infos, blocks, hint);
  const chosen = choose(infos);
  const paragraphs = chosen.length > 0 ? select(infos, blocks, chosen, options, hint) : [];
  return { paragraphs, pageText: blocks.map((block) => block.text).join('\n') };
}

/** Walks the tree once (iteratively) and records element infos and text blocks. */
function collect(root: AnyNode): { infos: Info[]; blocks: Block[] } {
  const infos: Info[] = [];
  const blocks: Block[] = [];
  // The stack holds nodes to enter and, as numbers, elements to leave.
  const stack: Array<AnyNode | number> = [root];
  const owners: number[] = [-1];
  let parts: string[] = [];
  let linkLength = 0;
  let linkDepth = 0;
  let current = -1;

  const flush = (): void => {
    if (parts.length > 0) {
      const text = normaliseInline(parts.join(''));
      if (text) {
        const owner = owners[owners.length - 1]!;
        const tag = owner >= 0 ? infos[owner]!.element.name : 'body';
        blocks.push({ text, owner, tag, length: text.length, linkLength: Math.min(linkLength, text.length) });
      }
    }
    parts = [];
    linkLength = 0;
  };

  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item === 'number') {
      const info = infos[item]!;
      info.end = infos.length - 1;
      const name = info.element.name;
      if (name === 'a') linkDepth--;
      if (BLOCK_TAGS.has(name)) {
        flush();
        owners.pop();
      }
      current = info.parent;
      continue;
    }
    if (isText(item)) {
      parts.push(item.data);
      if (linkDepth > 0) linkLength += item.data.trim().length;
      continue;
    }
    if (isElement(item)) {
      const name = item.name;
      if (NON_TEXT_TAGS.has(name) || isHidden(item)) continue;
      if (name === 'br' || name === 'hr') {
        flush();
        continue;
      }
      const hint = hintOf(item);
      const index = infos.length;
      infos.push({
        element: item,
        parent: current,
        end: index,
        weight: hint.weight,
        negative: hint.negative,
        drop: hint.drop,
        removed: false,
        textLength: 0,
        linkLength: 0,
        goodLength: 0,
        score: 0,
        scored: false,
      });
      if (BLOCK_TAGS.has(name)) {
        flush();
        owners.push(index);
      }
      if (name === 'a') linkDepth++;
      current = index;
      stack.push(index);
      const children = item.children;
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
      continue;
    }
    // Document, CDATA: descend.
    const children = childrenOf(item);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  flush();
  return { infos, blocks };
}

/** Sums block text into every element (post-order, in one reverse pass). Removed blocks do not count. */
function aggregate(infos: Info[], blocks: Block[]): void {
  for (const info of infos) {
    info.textLength = 0;
    info.linkLength = 0;
    info.goodLength = 0;
  }
  for (const block of blocks) {
    if (block.owner < 0) continue;
    const info = infos[block.owner]!;
    if (info.removed) continue;
    info.textLength += block.length;
    info.linkLength += block.linkLength;
    if (isGoodParagraph(block)) info.goodLength += block.length;
  }
  for (let i = infos.length - 1; i >= 0; i--) {
    const info = infos[i]!;
    if (info.parent >= 0) {
      const parent = infos[info.parent]!;
      parent.textLength += info.textLength;
      parent.linkLength += info.linkLength;
      parent.goodLength += info.goodLength;
    }
  }
}

function isGoodParagraph(block: Block): boolean {
  return block.length >= MIN_SCORING_LENGTH && block.linkLength < block.length * 0.33 && !HEADING.test(block.tag);
}

/**
 * Sets aside boilerplate subtrees. An element hinted as boilerplate is kept anyway when it holds
 * most of the page's good paragraphs: then the hint is a wrapper's misleading class, not a widget.
 */
function markRemoved(infos: Info[], blocks: Block[]): void {
  aggregate(infos, blocks);
  let total = 0;
  for (const info of infos) if (info.parent < 0) total += info.goodLength;
  for (const info of infos) {
    if (info.parent >= 0 && infos[info.parent]!.removed) {
      info.removed = true;
    } else if (info.drop && info.goodLength < total * 0.5) {
      info.removed = true;
    }
  }
}

/** Tells whether a block's text occurs in the JSON-LD articleBody. */
type HintMatcher = (text: string) => boolean;

function hintMatcher(hintBody: string): HintMatcher {
  const squeezed = squeeze(hintBody);
  return (text) => {
    const key = squeeze(text);
    return key.length >= 10 && squeezed.includes(key.length > 200 ? key.slice(0, 200) : key);
  };
}

/** Letters and digits only, lower-cased: robust to whitespace, entity and punctuation differences. */
function squeeze(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Readability-style scoring: each good paragraph adds to its container and, decaying, to ancestors. */
function score(infos: Info[], blocks: Block[], hint: HintMatcher | undefined): void {
  for (const block of blocks) {
    if (block.owner < 0) continue;
    const owner = infos[block.owner]!;
    if (owner.removed || !isGoodParagraph(block)) continue;
    const commas = countCommas(block.text);
    let points = 1 + commas + Math.min(Math.floor(block.length / 100), 3);
    if (hint?.(block.text)) points *= 2;
    let index = PARAGRAPH_TAGS.has(block.tag) ? owner.parent : block.owner;
    for (let level = 0; level < 5 && index >= 0; level++) {
      const info = infos[index]!;
      if (!info.scored) {
        info.scored = true;
        // A hint counts fully only for a container with a real amount of text: a positive class
        // on a one-line title box must not outweigh the paragraphs of the article.
        info.score = (TAG_SCORES[info.element.name] ?? 0) + info.weight * Math.min(1, info.goodLength / 500);
      }
      info.score += points / (level === 0 ? 1 : level === 1 ? 2 : level * 3);
      index = info.parent;
    }
  }
  for (const info of infos) {
    if (!info.scored) continue;
    const density = info.textLength > 0 ? info.linkLength / info.textLength : 0;
    info.score *= 1 - density;
  }
}

function countCommas(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 44 || c === 0xff0c || c === 0x3001 || c === 0x060c) count++;
  }
  return count;
}

/** The best container and the siblings that belong with it (indexes into infos). */
function choose(infos: Info[]): number[] {
  let top = -1;
  for (let i = 0; i < infos.length; i++) {
    const info = infos[i]!;
    if (!info.scored || info.removed) continue;
    if (top < 0 || info.score > infos[top]!.score) top = i;
  }
  if (top < 0) return [];
  const topScore = infos[top]!.score;
  // A container that is nearly all of its parent's text is the same container (a wrapper around
  // one chunk of a chunked article): take the parent, so the chunks become siblings.
  while (true) {
    const info = infos[top]!;
    if (info.parent < 0) break;
    const parent = infos[info.parent]!;
    if (parent.element.name === 'body' || parent.element.name === 'html') break;
    if (parent.goodLength > info.goodLength) break;
    if (parent.textLength - info.textLength > Math.max(100, info.textLength * 0.1)) break;
    top = info.parent;
  }
  const topInfo = infos[top]!;
  if (topInfo.parent < 0) return [top];
  const threshold = Math.max(10, topScore * 0.2);
  const chosen: number[] = [];
  const parent = topInfo.parent;
  for (let i = parent + 1; i <= infos[parent]!.end; i = infos[i]!.end + 1) {
    const sibling = infos[i]!;
    if (i === top) {
      chosen.push(i);
      continue;
    }
    if (sibling.removed || sibling.negative) continue;
    const density = sibling.textLength > 0 ? sibling.linkLength / sibling.textLength : 1;
    let bonus = 0;
    if (sibling.weight > 0 && sibling.element.attribs['class'] === topInfo.element.attribs['class']) bonus = topScore * 0.2;
    if (sibling.scored && sibling.score + bonus >= threshold && density < 0.25) {
      chosen.push(i);
    } else if (sibling.element.name === 'p' && density < 0.25 && sibling.textLength > 80) {
      chosen.push(i);
    }
  }
  return chosen;
}

/** Short lines that are page furniture, not article text, wherever they appear. */
const FURNITURE =
  /^(?:advertisement|advertising|sponsored(?: content)?|story continues below|article continues below|continue reading|read more|read next|see also|share this(?: article| story)?|follow us|sign up|subscribe|click here|copyright|©)\b|^(?:ad|more|related|watch|listen|image|photo|photos|video|source|credit)\s*(?::|$)/i;

const DATE_WORDS =
  /\b(?:updated|published|posted|last|modified|on|at|am|pm|a\.m\.|p\.m\.|[ecmp][sd]t|gmt|utc|bst|cet|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|mon(?:day)?|tue(?:sday)?|wed(?:nesday)?|thu(?:rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\b|\d+/gi;

/** A short line that is only a date or time stamp ("Updated: Sat 8:31 PM, Feb 17, 2018"). */
function isDateLine(text: string): boolean {
  if (!/\d/.test(text) || !/\p{L}|\d[/.:-]\d/u.test(text)) return false;
  return text.replace(DATE_WORDS, '').replace(/[^\p{L}]+/gu, '').length <= 2;
}

/** The chosen containers' blocks, filtered and in document order. */
function select(infos: Info[], blocks: Block[], chosen: number[], options: BodyOptions, _hint: HintMatcher | undefined): string[] {
  const title = options.title ? squeeze(options.title) : '';
  const ranges = chosen.map((index) => [index, infos[index]!.end] as const);
  const inChosen = (owner: number): boolean => ranges.some(([start, end]) => owner >= start && owner <= end);
  const paragraphs: string[] = [];
  for (const block of blocks) {
    if (block.owner < 0 || !inChosen(block.owner)) continue;
    if (infos[block.owner]!.removed) continue;
    const density = block.linkLength / block.length;
    if (density > 0.5 && block.length < 300) continue;
    if (block.length < 80 && (FURNITURE.test(block.text) || isDateLine(block.text))) continue;
    if (title && block.length < 300 && squeeze(block.text) === title) continue;
    paragraphs.push(block.text);
  }
  return paragraphs;
}
