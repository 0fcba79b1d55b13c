/**
 * A guard against pathologically deep markup (tens of thousands of nested elements), which
 * htmlparser2 handles in time quadratic in the depth. Tags nested deeper than a limit are removed
 * before parsing; their text is kept. Ordinary pages are returned unchanged.
 */

/** Elements nested deeper than this are flattened into their ancestor at this depth. */
export const MAX_NESTING = 2000;

/** Tags that never contain others, or whose end tag is usually omitted: they do not add depth. */
// biome-ignore format: a word list, laid out by hand
const NO_DEPTH = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr',
  'p', 'li', 'td', 'th', 'tr', 'dt', 'dd', 'option', 'optgroup', 'thead', 'tbody', 'tfoot', 'colgroup', 'rb', 'rt', 'rp',
]);

const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)\b[^<>]*?(\/?)>/g;

/** Returns the markup with tags deeper than `maxDepth` removed (text kept), or unchanged if none are. */
export function limitNesting(html: string, maxDepth = MAX_NESTING): string {
  // Cheap exit: a page cannot be that deep with fewer tags than the limit.
  if (html.length < maxDepth * 8) return html;
  let depth = 0;
  let tooDeep = false;
  TAG.lastIndex = 0;
  for (let match = TAG.exec(html); match; match = TAG.exec(html)) {
    if (NO_DEPTH.has(match[2]!.toLowerCase()) || match[3]) continue;
    depth = match[1] ? Math.max(0, depth - 1) : depth + 1;
    if (depth > maxDepth) {
      tooDeep = true;
      break;
    }
  }
  if (!tooDeep) return html;
  depth = 0;
  return html.replace(TAG, (tag: string, close: string, name: string, selfClosing: string) => {
    if (NO_DEPTH.has(name.toLowerCase()) || selfClosing) return tag;
    if (close) {
      depth = Math.max(0, depth - 1);
      return depth >= maxDepth ? '' : tag;
    }
    depth++;
    return depth > maxDepth ? '' : tag;
  });
}
