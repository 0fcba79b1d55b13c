/**
 * Persons from the tagger's PER spans: titles and possessives stripped, headline capitals re-cased,
 * and short mentions ("Portnoy", "DG Portnoy", "Gaby") folded into the full name they refer to.
 */
import { countryGazetteer, phraseKey } from '../gazetteer/countries.ts';
import { titleCase } from '../ner/casing.ts';
import type { EntitySpan } from '../ner/tag.ts';
import type { Explanation } from '../types.ts';
import { isTitleWord } from './titles.ts';

export interface PersonResult {
  persons: string[];
  explanations: Explanation[];
}

interface Mention {
  tokens: string[];
  key: string;
  surface: string;
  caps: boolean;
  order: number;
}

interface Group {
  tokens: string[];
  key: string;
  display: string;
  displayFromCaps: boolean;
  mentions: string[];
  count: number;
  order: number;
  folded: boolean;
}

const POSSESSIVE = /^('s|’s|'|’)$/i;
const DETERMINERS = /^(the|a|an)$/i;

/** The name tokens of a PER span, or undefined when nothing name-like is left. */
export function cleanPersonTokens(forms: string[], caps: boolean): string[] | undefined {
  let tokens = forms.filter((t) => !POSSESSIVE.test(t) && /[\p{L}\p{N}]/u.test(t));
  while (tokens.length > 1 && (isTitleWord(tokens[0] as string) || DETERMINERS.test(tokens[0] as string))) tokens = tokens.slice(1);
  while (tokens.length > 0 && /^[-–—,.;:]+$/.test(tokens[tokens.length - 1] as string)) tokens = tokens.slice(0, -1);
  if (tokens.length === 0) return undefined;
  if (tokens.every((t) => isTitleWord(t))) return undefined;
  if (!tokens.some((t) => /^\p{Lu}/u.test(t))) return undefined;
  if (caps) tokens = tokens.map((t) => titleCase(t));
  const gaz = countryGazetteer().phrases.get(phraseKey(tokens.join(' ')));
  if (gaz !== undefined && (gaz.rule === 'name' || gaz.rule === 'demonym')) return undefined;
  return tokens;
}

function endsWith(long: string[], short: string[]): boolean {
  if (short.length >= long.length) return false;
  const off = long.length - short.length;
  return short.every((t, i) => long[off + i] === t);
}

/** The longer name a short mention refers to, if any: surname(s), first name alone, or contained tokens. */
function foldTarget(short: Group, groups: Group[]): Group | undefined {
  let best: Group | undefined;
  for (const g of groups) {
    if (g === short || g.tokens.length <= short.tokens.length) continue;
    const lower = g.tokens.map((t) => t.toLowerCase());
    const s = short.tokens.map((t) => t.toLowerCase());
    const refers =
      endsWith(lower, s) ||
      (s.length === 1 && lower[0] === s[0]) ||
      s.every((t) => lower.includes(t));
    if (!refers) continue;
    if (best === undefined || g.count > best.count || (g.count === best.count && g.order < best.order)) best = g;
  }
  return best;
}

/** Persons named in the tagged spans, most mentioned first. */
export function extractPersons(spans: EntitySpan[]): PersonResult {
  const mentions: Mention[] = [];
  spans.forEach((span, order) => {
    if (span.type !== 'PER') return;
    const tokens = cleanPersonTokens(span.forms, span.caps);
    if (tokens === undefined) return;
    mentions.push({ tokens, key: tokens.join(' ').toLowerCase(), surface: span.text, caps: span.caps, order });
  });
  const byKey = new Map<string, Group>();
  for (const m of mentions) {
    let g = byKey.get(m.key);
    if (g === undefined) {
      g = { tokens: m.tokens, key: m.key, display: m.tokens.join(' '), displayFromCaps: m.caps, mentions: [], count: 0, order: m.order, folded: false };
      byKey.set(m.key, g);
    } else if (g.displayFromCaps && !m.caps) {
      g.display = m.tokens.join(' ');
      g.displayFromCaps = false;
      g.tokens = m.tokens;
    }
    g.count++;
    if (!g.mentions.includes(m.surface)) g.mentions.push(m.surface);
  }
  const groups = [...byKey.values()].sort((a, b) => b.tokens.length - a.tokens.length || a.order - b.order);
  // Shortest first so that "Portnoy" folds into "Gaby Portnoy" before anything folds further.
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i] as Group;
    const target = foldTarget(g, groups.filter((x) => !x.folded));
    if (target === undefined) continue;
    g.folded = true;
    target.count += g.count;
    target.order = Math.min(target.order, g.order);
    for (const m of g.mentions) if (!target.mentions.includes(m)) target.mentions.push(m);
  }
  const kept = groups.filter((g) => !g.folded).sort((a, b) => b.count - a.count || a.order - b.order);
  return {
    persons: kept.map((g) => g.display),
    explanations: kept.map((g) => ({
      facet: 'persons' as const,
      value: g.display,
      mentions: g.mentions,
      rule: 'tagger',
      score: g.count,
    })),
  };
}

/** Head nouns of institutions, never the last word of a person's name. */
// biome-ignore format: a word list, laid out by hand
const INSTITUTION_HEADS = new Set([
  'directorate', 'ministry', 'agency', 'council', 'committee', 'commission', 'department', 'institute',
  'authority', 'corporation', 'association', 'federation', 'university', 'bureau', 'organisation',
  'organization', 'inc', 'ltd', 'plc', 'corp',
]);

/**
 * Drops "persons" that are really the tail of an organization's name ("Cyber Directorate" of the
 * "Israel National Cyber Directorate") or end with an institution's head noun.
 */
export function withoutOrganizationNames(result: PersonResult, organizations: string[]): PersonResult {
  const orgs = organizations.map((o) => o.toLowerCase().split(' '));
  const isOrgName = (person: string): boolean => {
    const tokens = person.toLowerCase().split(' ');
    if (INSTITUTION_HEADS.has(tokens[tokens.length - 1] as string)) return true;
    return orgs.some((org) => endsWith(org, tokens));
  };
  const keep = result.persons.filter((p) => !isOrgName(p));
  if (keep.length === result.persons.length) return result;
  return { persons: keep, explanations: result.explanations.filter((e) => keep.includes(e.value)) };
}
