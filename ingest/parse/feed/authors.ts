/**
 * Feed author fields → person names. RSS `<author>` is an e-mail address with the name in
 * parentheses ("jo@example.com (Jo Bloggs)"); dc:creator and Atom names are free text that may
 * say "By A and B". Bare e-mail addresses are not names and are dropped.
 */
import { normaliseInline } from '../../normalise/text.ts';

const EMAIL = /^[^\s@()<>]+@[^\s@()<>]+\.[^\s@()<>]+$/;

/** Names from one or more author fields, de-duplicated, in order. */
export function authorNames(fields: Iterable<string>): string[] {
  const names: string[] = [];
  for (const field of fields) {
    for (const name of splitNames(field)) {
      if (!names.some((known) => known.toLowerCase() === name.toLowerCase())) names.push(name);
    }
  }
  return names;
}

function splitNames(field: string): string[] {
  let text = normaliseInline(field);
  const inParens = /^\S+@\S+\s*\((.+)\)$/.exec(text) ?? /^(.+?)\s*<\S+@\S+>$/.exec(text);
  if (inParens?.[1]) text = inParens[1];
  text = text.replace(/^by\s+/i, '');
  return text
    .split(/\s*(?:,|;|&|\band\b|\|)\s*/i)
    .map((part) => part.replace(/^by\s+/i, '').trim())
    .filter((part) => part.length > 1 && !EMAIL.test(part) && /\p{L}/u.test(part));
}
