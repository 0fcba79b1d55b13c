/**
 * The country gazetteer: every way an article may name a country (name, alias, demonym, capital,
 * major city), built once from the `world-countries` package and the curated `gazetteer/country-data.json`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Country } from 'world-countries';
import { projectFile } from '../../../src/project-files.ts';

// The package is CommonJS (`module.exports = [...]`) while its types declare a default export.
const worldCountries = createRequire(import.meta.url)('world-countries') as Country[];
const curated: unknown = JSON.parse(readFileSync(projectFile('ingest', 'enrich', 'gazetteer', 'country-data.json'), 'utf8'));

export type CountryRule = 'name' | 'demonym' | 'capital' | 'city';

export interface CountryEntry {
  code: string;
  /** Readable common English name. */
  name: string;
  rule: CountryRule;
  /** Needs the tagger to call it a location ("Jordan", "Georgia", "Chad"). */
  ambiguous: boolean;
}

export interface CountryGazetteer {
  /** Lower-cased phrase (tokens joined by one space) → entry. */
  phrases: Map<string, CountryEntry>;
  /** Lower-cased first tokens of every phrase, to skip most tokens at once. */
  firstTokens: Set<string>;
  /** Longest phrase in tokens. */
  maxTokens: number;
  /** Readable name for an alpha-2 code. */
  names: Map<string, string>;
  /** Other names and demonyms of each alpha-2 code ("UK", "Britain", "British"), for search. */
  aliases: Map<string, string[]>;
}

interface CuratedCountries {
  names: Record<string, string>;
  aliases: Record<string, string[]>;
  demonyms: Record<string, string[]>;
  cities: Record<string, string[]>;
  ambiguous: string[];
  /** Names the package gives a country that news uses for something else ("Emirates": the airline, Arsenal's ground). */
  notCountryNames: string[];
  stateHomonyms: Record<string, { stateCities: string[]; countryCities: string[] } | string>;
}

/** A country name that is also a US state, and the cities that tell which is meant. */
export interface StateHomonym {
  stateCities: string[];
  countryCities: string[];
}

/** Lower-cased country names that are also US states ("georgia"). */
export function stateHomonyms(): Map<string, StateHomonym> {
  const out = new Map<string, StateHomonym>();
  for (const [name, v] of Object.entries((curated as CuratedCountries).stateHomonyms)) {
    if (typeof v !== 'string') out.set(name, { stateCities: v.stateCities.map(phraseKey), countryCities: v.countryCities.map(phraseKey) });
  }
  return out;
}

const RULE_RANK: Record<CountryRule, number> = { name: 0, demonym: 1, capital: 2, city: 3 };

/** Lower-cased, with the phrase's tokens separated by single spaces ("u.s.", "cote d'ivoire"). */
export function phraseKey(phrase: string): string {
  return phrase.toLowerCase().replace(/[’]/g, "'").replace(/\s+/g, ' ').trim();
}

let cached: CountryGazetteer | undefined;

/** The gazetteer, built on first use. */
export function countryGazetteer(): CountryGazetteer {
  if (cached !== undefined) return cached;
  const data = curated as CuratedCountries;
  const ambiguous = new Set(data.ambiguous.map(phraseKey));
  const refused = new Set(data.notCountryNames.map(phraseKey));
  const names = new Map<string, string>();
  const phrases = new Map<string, CountryEntry>();
  const aliases = new Map<string, string[]>();
  const add = (phrase: string, code: string, rule: CountryRule): void => {
    const key = phraseKey(phrase);
    if (refused.has(key)) return;
    if (key.length < 2) return;
    const name = names.get(code);
    if (name === undefined) return;
    if (rule === 'name' || rule === 'demonym') {
      const list = aliases.get(code) ?? [];
      if (!list.includes(phrase) && phrase !== name) list.push(phrase);
      aliases.set(code, list);
    }
    const existing = phrases.get(key);
    // A name beats a demonym beats a capital beats a city; an earlier (independent) country wins ties.
    if (existing !== undefined && RULE_RANK[existing.rule] <= RULE_RANK[rule]) return;
    phrases.set(key, { code, name, rule, ambiguous: ambiguous.has(key) });
  };
  const sorted = [...worldCountries].sort((a, b) => Number(b.independent) - Number(a.independent));
  for (const c of sorted) names.set(c.cca2, data.names[c.cca2] ?? c.name.common);
  for (const c of sorted) {
    add(c.name.common, c.cca2, 'name');
    add(c.name.official, c.cca2, 'name');
    for (const alt of c.altSpellings) {
      // Two- and three-letter codes ("IT", "IN", "CAN") are words more often than countries.
      if (alt.length > 3 && /^[\p{Script=Latin}\p{P}\s]+$/u.test(alt) && !alt.includes(',')) add(alt, c.cca2, 'name');
    }
  }
  for (const [code, aliases] of Object.entries(data.aliases)) for (const a of aliases) add(a, code, 'name');
  for (const c of sorted) {
    const eng = c.demonyms['eng'];
    if (eng !== undefined) {
      for (const d of [...eng.m.split(', '), ...eng.f.split(', ')]) add(d, c.cca2, 'demonym');
    }
  }
  for (const [code, list] of Object.entries(data.demonyms)) for (const d of list) add(d, code, 'demonym');
  for (const c of sorted) {
    if (!c.independent) continue;
    for (const cap of c.capital) add(cap, c.cca2, 'capital');
  }
  for (const [code, list] of Object.entries(data.cities)) for (const city of list) add(city, code, 'city');
  // Phrases are matched against tokens: "washington d.c." → "washington d.c.", "cote d'ivoire" stays one token.
  const firstTokens = new Set<string>();
  let maxTokens = 1;
  for (const key of phrases.keys()) {
    const parts = key.split(' ');
    firstTokens.add(parts[0] as string);
    if (parts.length > maxTokens) maxTokens = parts.length;
  }
  cached = { phrases, firstTokens, maxTokens: Math.min(maxTokens, 6), names, aliases };
  return cached;
}
