/**
 * Persons from the tagger's PER spans: titles and possessives stripped, headline capitals re-cased,
 * and short mentions ("Portnoy", "DG Portnoy", "Gaby") folded into the full name they refer to.
 */
import { countryGazetteer, phraseKey } from '../gazetteer/countries.ts';
import { titleCase } from '../ner/casing.ts';
import { nameKey, type EntityKnowledge } from '../knowledge.ts';
import { hasFunctionWord, isAcronym, isPlaceName, isPossessiveMark, isPostnominal, type NameCandidate } from '../names/candidates.ts';
import { isCommonWord } from '../names/common-words.ts';
import { isGivenName } from '../names/given-names.ts';
import { isCityName } from '../names/places.ts';
import type { Explanation } from '../types.ts';
import { isTitleWord } from '../names/titles.ts';
import { endsWith, startsWith } from '../names/token-runs.ts';

export interface PersonResult {
  persons: string[];
  /** One-word names the article never completes: surnames for the archive to resolve. */
  pending: string[];
  /** The forms each value was written in. */
  aliases: Record<string, string[]>;
  explanations: Explanation[];
}

interface Mention {
  tokens: string[];
  key: string;
  surface: string;
  caps: boolean;
  order: number;
  /** Written after a title ("Mr Howard"): a surname, even when it is also a given name. */
  titled: boolean;
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
  titled: boolean;
}

const DETERMINERS = /^(the|a|an)$/i;

/** The name tokens of a PER span, or undefined when nothing name-like is left. */
export function cleanPersonTokens(forms: string[], caps: boolean): string[] | undefined {
  let tokens = forms.filter((t) => !isPossessiveMark(t) && /[\p{L}\p{N}]/u.test(t));
  // A name ends before a figure: "Ian Woosnam 510,258".
  const figure = tokens.findIndex((t) => /^\p{N}/u.test(t));
  // …and a figure first is an amount ("5.45m Euros"), not a name.
  if (figure === 0) return undefined;
  if (figure > 0) tokens = tokens.slice(0, figure);
  while (tokens.length > 1 && (isTitleWord(tokens[0] as string) || DETERMINERS.test(tokens[0] as string))) tokens = tokens.slice(1);
  while (tokens.length > 0 && /^[-–—,.;:]+$/.test(tokens[tokens.length - 1] as string)) tokens = tokens.slice(0, -1);
  // "Guy Mansfield QC", "Peter Lang MP": the letters after a name are not part of it.
  while (tokens.length > 2 && isPostnominal(tokens[tokens.length - 1] as string)) tokens = tokens.slice(0, -1);
  if (tokens.length === 0) return undefined;
  if (tokens.every((t) => isTitleWord(t))) return undefined;
  if (!tokens.some((t) => /^\p{Lu}/u.test(t))) return undefined;
  if (caps) tokens = tokens.map((t) => titleCase(t));
  const gaz = countryGazetteer().phrases.get(phraseKey(tokens.join(' ')));
  if (gaz !== undefined && (gaz.rule === 'name' || gaz.rule === 'demonym')) return undefined;
  return tokens;
}

/** The longer name a short mention refers to, if any: surname(s), first name alone, or contained tokens. */
function foldTarget(short: Group, groups: Group[]): Group | undefined {
  let best: Group | undefined;
  for (const g of groups) {
    if (g === short || g.tokens.length <= short.tokens.length) continue;
    const lower = g.tokens.map((t) => t.toLowerCase());
    const s = short.tokens.map((t) => t.toLowerCase());
    const refers = endsWith(lower, s) || (s.length === 1 && lower[0] === s[0]) || s.every((t) => lower.includes(t));
    if (!refers) continue;
    if (best === undefined || g.count > best.count || (g.count === best.count && g.order < best.order)) best = g;
  }
  return best;
}

/**
 * Persons named in the candidates, most mentioned first. A name the article gives only as one
 * word ("Blair", "Chelsea") is not a value: it is pending, for the archive to resolve or leave out.
 */
export function extractPersons(candidates: NameCandidate[], knowledge: EntityKnowledge): PersonResult {
  const mentions: Mention[] = [];
  candidates.forEach((c, order) => {
    if (c.type !== 'PER') return;
    const tokens = c.known !== undefined ? c.known.name.split(' ') : cleanPersonTokens(c.tokens, c.caps);
    if (tokens === undefined) return;
    const titled = c.titled === true || (tokens.length < c.tokens.length && isTitleWord(c.tokens[0] as string));
    mentions.push({
      tokens,
      key: tokens.join(' ').toLowerCase(),
      surface: c.surface,
      caps: c.caps && c.known === undefined,
      order,
      titled,
    });
  });
  const byKey = new Map<string, Group>();
  for (const m of mentions) {
    let g = byKey.get(m.key);
    if (g === undefined) {
      g = {
        tokens: m.tokens,
        key: m.key,
        display: m.tokens.join(' '),
        displayFromCaps: m.caps,
        mentions: [],
        count: 0,
        order: m.order,
        folded: false,
        titled: false,
      };
      byKey.set(m.key, g);
    } else if (g.displayFromCaps && !m.caps) {
      g.display = m.tokens.join(' ');
      g.displayFromCaps = false;
      g.tokens = m.tokens;
    }
    g.count++;
    g.titled ||= m.titled;
    if (!g.mentions.includes(m.surface)) g.mentions.push(m.surface);
  }
  const groups = [...byKey.values()].sort((a, b) => b.tokens.length - a.tokens.length || a.order - b.order);
  // Shortest first so that "Portnoy" folds into "Gaby Portnoy" before anything folds further.
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i] as Group;
    const target = foldTarget(
      g,
      groups.filter((x) => !x.folded),
    );
    if (target === undefined) continue;
    g.folded = true;
    target.count += g.count;
    target.order = Math.min(target.order, g.order);
    for (const m of g.mentions) if (!target.mentions.includes(m)) target.mentions.push(m);
  }
  const kept: Group[] = [];
  const pending: string[] = [];
  for (const g of groups.filter((x) => !x.folded).sort((a, b) => b.count - a.count || a.order - b.order)) {
    const verdict = judgePerson(g, knowledge);
    if (verdict === 'keep') kept.push(g);
    else if (verdict === 'pending') pending.push(g.display);
  }
  return {
    persons: kept.map((g) => g.display),
    pending,
    aliases: Object.fromEntries(kept.map((g) => [g.display, g.mentions])),
    explanations: kept.map((g) => ({
      facet: 'persons' as const,
      value: g.display,
      mentions: g.mentions,
      rule: knowledge.byForm.get(nameKey(g.display))?.facet === 'persons' ? 'tagger+known' : 'tagger',
      score: g.count,
    })),
  };
}

/** Whether a person group is a value, a surname for the archive to resolve, or not a person. */
function judgePerson(g: Group, knowledge: EntityKnowledge): 'keep' | 'pending' | 'drop' {
  const key = nameKey(g.display);
  if (knowledge.rejects.persons.has(key)) return 'drop';
  const known = knowledge.byForm.get(key);
  if (known !== undefined) return known.facet === 'persons' ? 'keep' : 'drop';
  const last = (g.tokens[g.tokens.length - 1] as string).toLowerCase();
  if (knowledge.rules.notPersonHeads.has(last)) return 'drop';
  // "Finding Nemo", "Being Julia", "Making Of": a title that starts with a verb, not a person.
  if (g.tokens.length > 1 && /^\p{Lu}\p{Ll}+ing$/u.test(g.tokens[0] as string) && !isGivenName(g.tokens[0] as string)) return 'drop';
  // "Hurricane Ivan", "Operation Desert Storm": a storm or an operation, not a person.
  if (g.tokens.length > 1 && knowledge.rules.notPersonFirstWords.has((g.tokens[0] as string).toLowerCase())) return 'drop';
  if (isPlaceName(g.tokens) || isCityName(g.display)) return 'drop';
  // A first name alone identifies nobody; a surname alone ("Mr Howard" too) waits for the archive.
  if (g.tokens.length === 1)
    return /^\p{Lu}\p{Ll}/u.test(g.display) && !isAcronym(g.display) && (g.titled || !isGivenName(g.display)) ? 'pending' : 'drop';
  if (hasFunctionWord(g.tokens)) return 'drop';
  if (isCommonPhrase(g)) return 'drop';
  return 'keep';
}

/**
 * "Garden State", "Snow Patrol", "Gold Dust": a name that opens with a common English word rather
 * than a given name is a title, a band or a thing, unless the article also calls the person by the
 * last word alone ("Stone" for Joss Stone; "Blue" for Blue Origin is no surname) or by a title ("Mr West").
 */
function isCommonPhrase(g: Group): boolean {
  const first = g.tokens[0] as string;
  // An initial ("P Dowd") is not a word; two capitals that are one ("UN Convention", "PC Pro") are an acronym.
  if (g.titled || /^\p{Lu}\.?$/u.test(first) || isGivenName(first) || isTitleWord(first) || !isCommonWord(first)) return false;
  const surname = (g.tokens[g.tokens.length - 1] as string).toLowerCase();
  return !g.mentions.some((m) => m.replace(/(['’]s?)$/u, '').toLowerCase() === surname);
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
  // "Ceres Robotics" beside the organization "Ceres Robotics Inc.": the start of an organization's name.
  const startsOrganization = (person: string): boolean => {
    const tokens = person.toLowerCase().split(' ');
    return orgs.some((org) => startsWith(org, tokens));
  };
  const keep = result.persons.filter((p) => !isOrgName(p) && !startsOrganization(p));
  if (keep.length === result.persons.length) return result;
  return { ...result, persons: keep, explanations: result.explanations.filter((e) => keep.includes(e.value)) };
}
