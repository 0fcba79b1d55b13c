/**
 * The evaluation's own country lists, independent of the tagger's gazetteer (which is built from
 * `world-countries` and ingest/enrich/countries/country-data.json): which phrases name a country,
 * and which capitals and demonyms imply one. Built from
 * - `i18n-iso-countries` (English ISO 3166-1 names with their alternatives) and `countries-list`
 *   (names, aliases, capitals), for names and capitals;
 * - `i18n-nationality` (one English nationality adjective per ISO code), for demonyms, with a
 *   plural "+s" ("Germans") by rule;
 * - eval/country-alternatives.ts, a short hand-written list ("Britain", "Holland", "Zaire").
 */
import { createRequire } from 'node:module';
import { countries as countriesList } from 'countries-list';
import { CAPITAL_ALTERNATIVES, DEMONYM_ALTERNATIVES, DEMONYM_CORRECTIONS, NAME_ALTERNATIVES } from './country-alternatives.ts';

const require = createRequire(import.meta.url);

interface IsoLocale {
  countries: Record<string, string | string[]>;
}
interface NationalityLocale {
  nationalities: Record<string, string>;
}

export interface GoldCountryTable {
  /** Phrase key → the one country the phrase names. */
  names: Map<string, string>;
  /** Phrase key → countries a capital or demonym implies (a few phrases imply two: "Congolese", "Kingston"). */
  implied: Map<string, Set<string>>;
  /** Longest implied phrase, in tokens. */
  maxImpliedTokens: number;
}

/** Lower-cased, accents removed, curly apostrophes straightened, whitespace collapsed ("U.S." stays "u.s."). */
export function countryKey(phrase: string): string {
  return phrase
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** The demonyms of one `i18n-nationality` entry: "Congolese (Republic of the Congo)" → Congolese, "Bosnian - Herzegovinian" → both. */
export function splitNationality(entry: string): string[] {
  return entry
    .replace(/\s*\(.*\)\s*$/, '')
    .split(/\s+(?:-|or)\s+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 1 && !s.includes(','));
}

let cached: GoldCountryTable | undefined;

/** Builds the lists once. Throws when one phrase names two countries and no alternative settles it. */
export function goldCountryTable(): GoldCountryTable {
  if (cached !== undefined) return cached;
  const iso = require('i18n-iso-countries/langs/en.json') as IsoLocale;
  const nationality = require('i18n-nationality/langs/en.json') as NationalityLocale;

  const candidates = new Map<string, Set<string>>();
  const addName = (phrase: string, code: string): void => {
    const key = countryKey(phrase);
    if (key.length < 2) return;
    const set = candidates.get(key) ?? new Set<string>();
    set.add(code);
    candidates.set(key, set);
  };
  for (const [code, value] of Object.entries(iso.countries)) for (const name of Array.isArray(value) ? value : [value]) addName(name, code);
  for (const [code, c] of Object.entries(countriesList)) {
    addName(c.name, code);
    for (const alias of (c as { alias?: string[] }).alias ?? []) addName(alias, code);
  }
  const names = new Map<string, string>();
  const settled = new Map<string, string>();
  for (const [code, list] of Object.entries(NAME_ALTERNATIVES)) for (const a of list) settled.set(countryKey(a), code);
  for (const [key, codes] of candidates) {
    const only = codes.size === 1 ? [...codes][0] : settled.get(key);
    if (only === undefined)
      throw new Error(`gold countries: "${key}" names ${[...codes].join(' and ')}; settle it in eval/country-alternatives.ts`);
    names.set(key, only);
  }
  for (const [key, code] of settled) names.set(key, code);

  const implied = new Map<string, Set<string>>();
  const addImplied = (phrase: string, code: string): void => {
    const key = countryKey(phrase);
    if (key.length < 2) return;
    const set = implied.get(key) ?? new Set<string>();
    set.add(code);
    implied.set(key, set);
  };
  const wrong = new Set(DEMONYM_CORRECTIONS.map((c) => `${c.code} ${countryKey(c.demonym)}`));
  for (const [code, entry] of Object.entries(nationality.nationalities)) {
    for (const demonym of splitNationality(entry)) {
      if (wrong.has(`${code} ${countryKey(demonym)}`)) continue;
      addImplied(demonym, code);
      // Territories have their name as "nationality" ("Reunion"): no plural for a name.
      if (!/s$/i.test(demonym) && !names.has(countryKey(demonym))) addImplied(`${demonym}s`, code);
    }
  }
  for (const [code, list] of Object.entries(DEMONYM_ALTERNATIVES)) {
    for (const d of list) {
      addImplied(d, code);
      if (!/(s|sh|ch|men)$/i.test(d)) addImplied(`${d}s`, code);
    }
  }
  for (const [code, c] of Object.entries(countriesList)) if (c.capital) addImplied(c.capital, code);
  for (const [code, list] of Object.entries(CAPITAL_ALTERNATIVES)) for (const cap of list) addImplied(cap, code);
  let maxImpliedTokens = 1;
  for (const key of implied.keys()) maxImpliedTokens = Math.max(maxImpliedTokens, key.split(' ').length);
  cached = { names, implied, maxImpliedTokens };
  return cached;
}

/** The country a phrase names ("U.S.", "Britain", "ITALY"), if any. */
export function countryNamed(phrase: string): string | undefined {
  return goldCountryTable().names.get(countryKey(phrase));
}

/**
 * Countries whose capital or demonym occurs among the words, matched as 1- to n-word phrases that
 * start with a capital letter (capitals and demonyms are proper nouns: "Male" is the capital of
 * the Maldives, "male" is not).
 */
export function impliedCountryCodes(words: readonly string[]): Set<string> {
  const { implied, maxImpliedTokens } = goldCountryTable();
  const keys = words.map(countryKey);
  const codes = new Set<string>();
  for (let i = 0; i < keys.length; i++) {
    if (!/^\p{Lu}/u.test(words[i] as string)) continue;
    let key = '';
    for (let n = 1; n <= maxImpliedTokens && i + n <= keys.length; n++) {
      key = n === 1 ? (keys[i] as string) : `${key} ${keys[i + n - 1] as string}`;
      for (const code of implied.get(key) ?? []) codes.add(code);
    }
  }
  return codes;
}
