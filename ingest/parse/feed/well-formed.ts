/**
 * A small XML structure check: finds unbalanced, mismatched and unclosed tags, and
 * unterminated comments, CDATA sections and processing instructions.
 *
 * cheerio's XML mode (htmlparser2) is deliberately lenient and silently closes what a truncated
 * or broken feed left open; this scan says where the structure broke so the feed parser can
 * drop the items that were damaged and keep the others. Entities and stray `&` / `<` in text
 * are not checked: real feeds are full of them and every feed reader tolerates them.
 */

export interface XmlError {
  /** Index in the text where the problem is (the `<` of the offending tag). */
  offset: number;
  message: string;
}

const NAME_START = /[A-Za-z_:\u00C0-\uFFFF]/;

/** Returns every structural error, in document order; an empty array for well-formed text. */
export function findXmlErrors(text: string): XmlError[] {
  const errors: XmlError[] = [];
  const stack: Array<{ name: string; offset: number }> = [];
  let i = text.indexOf('<');
  while (i !== -1 && i < text.length) {
    let next: number;
    if (text.startsWith('<!--', i)) {
      next = skipTo(text, '-->', i, 'comment', errors);
    } else if (text.startsWith('<![CDATA[', i)) {
      next = skipTo(text, ']]>', i, 'CDATA section', errors);
    } else if (text.startsWith('<?', i)) {
      next = skipTo(text, '?>', i, 'processing instruction', errors);
    } else if (text.startsWith('<!', i)) {
      next = skipDeclaration(text, i, errors);
    } else if (text[i + 1] === '/') {
      const end = text.indexOf('>', i);
      if (end === -1) {
        errors.push({ offset: i, message: 'closing tag is cut off' });
        break;
      }
      const name = text.slice(i + 2, end).trim();
      closeTag(name, i, stack, errors);
      next = end + 1;
    } else if (NAME_START.test(text[i + 1] ?? '')) {
      const end = tagEnd(text, i);
      if (end === -1) {
        errors.push({ offset: i, message: 'tag is cut off' });
        break;
      }
      const name = /^<([^\s/>]+)/.exec(text.slice(i, end + 1))?.[1] ?? '';
      if (text[end - 1] !== '/') stack.push({ name, offset: i });
      next = end + 1;
    } else {
      next = i + 1; // a stray "<" in text: tolerated, like the parser does
    }
    if (next === -1) break;
    i = text.indexOf('<', next);
  }
  for (const open of stack) errors.push({ offset: open.offset, message: `<${open.name}> is never closed` });
  return errors.sort((a, b) => a.offset - b.offset);
}

/** 1-based line number of an offset, for messages. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function closeTag(name: string, offset: number, stack: Array<{ name: string; offset: number }>, errors: XmlError[]): void {
  const top = stack.at(-1);
  if (top?.name === name) {
    stack.pop();
    return;
  }
  const at = stack.map((open) => open.name).lastIndexOf(name);
  if (at === -1) {
    errors.push({ offset, message: `</${name}> closes nothing${top ? ` (inside <${top.name}>)` : ''}` });
    return;
  }
  // Close what the mismatched tag implicitly ends, the way the lenient parser recovers.
  for (const open of stack.splice(at + 1)) {
    errors.push({ offset: open.offset, message: `<${open.name}> is closed by </${name}>` });
  }
  stack.pop();
}

/** Index of the `>` ending a start tag, skipping quoted attribute values; -1 when cut off. */
function tagEnd(text: string, start: number): number {
  let quote: string | null = null;
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return i;
    } else if (c === '<') {
      return -1;
    }
  }
  return -1;
}

function skipTo(text: string, terminator: string, start: number, what: string, errors: XmlError[]): number {
  const end = text.indexOf(terminator, start);
  if (end === -1) {
    errors.push({ offset: start, message: `${what} is never closed` });
    return -1;
  }
  return end + terminator.length;
}

/** Skips `<!DOCTYPE ...>`, including an internal subset in brackets. */
function skipDeclaration(text: string, start: number, errors: XmlError[]): number {
  let depth = 0;
  for (let i = start + 2; i < text.length; i++) {
    const c = text[i];
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '>' && depth <= 0) return i + 1;
  }
  errors.push({ offset: start, message: 'declaration is never closed' });
  return -1;
}
