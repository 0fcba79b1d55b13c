/**
 * Organizations from the tagger's ORG spans. An acronym the article defines in parentheses
 * ("Israel National Cyber Directorate (INCD)") folds into the long form, and so does a shorter
 * mention that ends the long one ("the Cyber Directorate").
 */
import { countryGazetteer, phraseKey } from '../countries/gazetteer.ts';
import { titleCase } from '../ner/casing.ts';
import type { EntitySpan, TaggedText } from '../ner/tag.ts';
import type { Explanation } from '../types.ts';

export interface OrganizationResult {
  organizations: string[];
  explanations: Explanation[];
}

interface Group {
  key: string;
  display: string;
  fromCaps: boolean;
  tokens: string[];
  mentions: string[];
  count: number;
  order: number;
  rule: string;
  folded: boolean;
}

const STOP = new Set(['of', 'the', 'and', 'for', '&', 'de', 'la', 'du', 'des', 'der', 'für', 'on', 'in']);
const ACRONYM = /^\p{Lu}[\p{Lu}\d&.-]{1,9}$/u;

function cleanTokens(span: EntitySpan): string[] | undefined {
  let tokens = span.forms.filter((t) => !/^('s|’s)$/i.test(t));
  if (tokens.length > 1 && /^the$/i.test(tokens[0] as string)) tokens = tokens.slice(1);
  if (tokens.length === 0 || !/\p{L}/u.test(tokens.join(''))) return undefined;
  if (span.caps) tokens = tokens.map((t) => titleCase(t, true));
  const gaz = countryGazetteer().phrases.get(phraseKey(tokens.join(' ')));
  if (gaz !== undefined && gaz.rule === 'name') return undefined;
  return tokens;
}

/** True when `acronym`'s letters are the initials of `tokens` (stop words optional). */
export function isAcronymOf(acronym: string, tokens: string[]): boolean {
  const letters = acronym.replace(/[^\p{L}]/gu, '').toUpperCase();
  const words = tokens.filter((t) => /\p{L}/u.test(t));
  if (letters.length < 2 || words.length < 2) return false;
  const match = (li: number, wi: number): boolean => {
    if (li === letters.length) return words.slice(wi).every((w) => STOP.has(w.toLowerCase()));
    if (wi === words.length) return false;
    const w = words[wi] as string;
    if (STOP.has(w.toLowerCase()) && match(li, wi + 1)) return true;
    return (w[0] ?? '').toUpperCase() === letters[li] && match(li + 1, wi + 1);
  };
  return match(0, 0);
}

/** Acronyms the text defines: an ORG span followed by "(ACRONYM)" whose letters fit. */
function definedAcronyms(tagged: TaggedText, spans: EntitySpan[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const span of spans) {
    if (span.type !== 'ORG') continue;
    const tokens = tagged.sentences[span.sentence]?.tokens;
    if (tokens === undefined) continue;
    if (tokens[span.to]?.text !== '(' || tokens[span.to + 2]?.text !== ')') continue;
    const acronym = tokens[span.to + 1]?.text ?? '';
    if (ACRONYM.test(acronym) && isAcronymOf(acronym, span.forms)) out.set(acronym.toLowerCase(), span.forms.join(' ').toLowerCase().replace(/^the /, ''));
  }
  return out;
}

function endsWith(long: string[], short: string[]): boolean {
  if (short.length >= long.length) return false;
  const off = long.length - short.length;
  return short.every((t, i) => long[off + i] === t);
}

/** Organizations named in the tagged text, most mentioned first. */
export function extractOrganizations(tagged: TaggedText): OrganizationResult {
  const spans = tagged.spans;
  const acronyms = definedAcronyms(tagged, spans);
  const byKey = new Map<string, Group>();
  spans.forEach((span, order) => {
    if (span.type !== 'ORG') return;
    const tokens = cleanTokens(span);
    if (tokens === undefined) return;
    const key = tokens.join(' ').toLowerCase();
    let g = byKey.get(key);
    if (g === undefined) {
      g = { key, display: tokens.join(' '), fromCaps: span.caps, tokens, mentions: [], count: 0, order, rule: 'tagger', folded: false };
      byKey.set(key, g);
    } else if (g.fromCaps && !span.caps) {
      g.display = tokens.join(' ');
      g.fromCaps = false;
    }
    g.count++;
    if (!g.mentions.includes(span.text)) g.mentions.push(span.text);
  });
  const groups = [...byKey.values()];
  for (const g of groups) {
    const longKey = acronyms.get(g.key);
    let target = longKey === undefined ? undefined : byKey.get(longKey);
    let rule = 'acronym';
    if (target === undefined) {
      const lower = g.tokens.map((t) => t.toLowerCase());
      rule = 'tagger';
      target = groups
        .filter((o) => o !== g && !o.folded && o.tokens.length > g.tokens.length && lower.length > 1)
        .find((o) => endsWith(o.tokens.map((t) => t.toLowerCase()), lower));
    }
    if (target === undefined || target.folded) continue;
    g.folded = true;
    target.count += g.count;
    target.order = Math.min(target.order, g.order);
    if (rule === 'acronym') target.rule = 'tagger+acronym';
    for (const m of g.mentions) if (!target.mentions.includes(m)) target.mentions.push(m);
  }
  const kept = groups.filter((g) => !g.folded).sort((a, b) => b.count - a.count || a.order - b.order);
  return {
    organizations: kept.map((g) => g.display),
    explanations: kept.map((g) => ({
      facet: 'organizations' as const,
      value: g.display,
      mentions: g.mentions,
      rule: g.rule,
      score: g.count,
    })),
  };
}
