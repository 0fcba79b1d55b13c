/**
 * Author names as pages give them ("By Jane Doe and John Roe, Staff Writers | May 1, 2024") →
 * a clean list of names: no "By", no dates, no roles, no "and", no URLs, no duplicates.
 */
import { normaliseInline } from '../../normalise/text.ts';

const ROLE =
  /\b(staff|writer|writers|reporter|reporters|editor|editors|correspondent|columnist|contributor|contributing|producer|analyst|photographer|senior|chief|bureau|associate|special to|published|updated|posted)\b/i;
const MONTH = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b/i;
const DATE_LIKE = /\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}|\b\d{1,2}:\d{2}\b|\b(am|pm|edt|est|gmt|utc|bst|cet)\b/i;

/** Lower-case words that belong inside names ("Ludwig van Beethoven", "Maria da Silva"). */
// biome-ignore format: a word list, laid out by hand
const PARTICLES = new Set(['van', 'von', 'der', 'den', 'del', 'della', 'des', 'dos', 'das', 'bin', 'binti', 'ibn', 'ter', 'ten', 'zum', 'zur', 'mac']);

/** Longest plausible author name, in characters. */
const MAX_NAME_LENGTH = 60;

/** Splits and cleans one or more raw author strings into names, in order, without duplicates. */
export function cleanAuthors(raws: Iterable<string>): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const raw of raws) {
    for (const name of splitNames(raw)) {
      const key = name.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      names.push(name);
    }
  }
  return names;
}

function splitNames(raw: string): string[] {
  let text = normaliseInline(raw);
  if (!text || /^https?:\/\//i.test(text)) return [];
  // Cut at the first date, time or separator that usually precedes one.
  const cut = text.search(/\s[|•·]\s|\s[-–—]\s|\bon\s+(?=\w+\s+\d)|\bupdated\b|\bpublished\b/i);
  if (cut > 0) text = text.slice(0, cut);
  text = text.replace(/^(written\s+)?(by|from|author|authors|posted by|words by|story by|text by|von|par|por|di|door)\s*:?\s+/i, '');
  const month = MONTH.exec(text);
  if (month && month.index > 0) text = text.slice(0, month.index);
  // Conjunctions are matched lower-case only, so that initials ("Sarah E. Needleman") survive.
  const parts = text.split(/\s*(?:[,;/&|]|\s(?:and|And|AND|und|et|y|e|with)\s)\s*/);
  const names: string[] = [];
  for (let part of parts) {
    part = part
      .replace(/^(?:by|and|und|et|y|e|with)\s+/i, '')
      .replace(/\s*\(.*?\)\s*/g, ' ')
      .replace(/@\w+/g, '')
      .trim();
    part = part.replace(/^[^\p{L}]+|[^\p{L}.]+$/gu, '');
    if (!isName(part)) continue;
    names.push(part);
  }
  return names;
}

function isName(text: string): boolean {
  if (text.length < 2 || text.length > MAX_NAME_LENGTH) return false;
  if (!/\p{L}/u.test(text) || /\d/.test(text)) return false;
  if (/@|https?:|www\./i.test(text)) return false;
  if (ROLE.test(text) || MONTH.test(text) || DATE_LIKE.test(text)) return false;
  if (/[!?:"“”]/.test(text)) return false;
  const words = text.split(/\s+/);
  // Names are capitalised; a longer lower-case word that is not a particle means a phrase, not a name.
  if (words.some((word) => word.length >= 4 && /^\p{Ll}/u.test(word) && !PARTICLES.has(word))) return false;
  return words.length <= 6;
}
