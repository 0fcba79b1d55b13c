/**
 * Small helpers over the parsed DOM (domhandler nodes, as produced by cheerio/htmlparser2).
 * Everything here is iterative, never recursive, so arbitrarily deep pages cannot overflow the stack.
 */
import type { AnyNode, Element, Text } from 'domhandler';

export type { AnyNode, Element };

/** True for elements (tags, scripts, styles); false for text, comments and <!doctype> (which also has nodeType 1). */
export function isElement(node: AnyNode): node is Element {
  return node.nodeType === 1 && 'attribs' in node;
}

export function isText(node: AnyNode): node is Text {
  return node.nodeType === 3;
}

/** Children of a node that has any (elements, documents, CDATA), else an empty list. */
export function childrenOf(node: AnyNode): AnyNode[] {
  return 'children' in node ? node.children : [];
}

/** Tags whose content is never readable text. */
// biome-ignore format: a word list, laid out by hand
export const NON_TEXT_TAGS = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'math', 'canvas', 'iframe', 'object', 'embed',
  'video', 'audio', 'picture', 'source', 'track', 'map', 'head', 'select', 'option', 'textarea',
  'button', 'input', 'dialog',
]);

/** The text of a node and its descendants, skipping non-text tags; `separator` goes between text nodes. */
export function textOf(root: AnyNode, separator = ''): string {
  const parts: string[] = [];
  const stack: AnyNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isText(node)) {
      parts.push(node.data);
    } else if (node === root || !isElement(node) || !NON_TEXT_TAGS.has(node.name)) {
      const children = childrenOf(node);
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
  }
  return parts.join(separator);
}

/** Raw text content of an element (used for <script> and <title>, whose content is one text node). */
export function rawText(element: Element): string {
  let text = '';
  for (const child of element.children) if (isText(child)) text += child.data;
  return text;
}

/** All elements under `root` in document order, optionally filtered by tag name. */
export function elementsOf(root: AnyNode, tag?: string): Element[] {
  const found: Element[] = [];
  const stack: AnyNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isElement(node) && node !== root && (tag === undefined || node.name === tag)) found.push(node);
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return found;
}

/** The class and id attributes of an element, lower-cased, space separated. */
export function classAndId(element: Element): string {
  const cls = element.attribs['class'];
  const id = element.attribs['id'];
  if (!cls && !id) return '';
  return `${cls ?? ''} ${id ?? ''}`.toLowerCase();
}

/** True when the element is hidden by attribute or inline style. */
export function isHidden(element: Element): boolean {
  const attribs = element.attribs;
  if (attribs['hidden'] !== undefined) return true;
  if (attribs['aria-hidden'] === 'true') return true;
  const style = attribs['style'];
  return style !== undefined && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style);
}
