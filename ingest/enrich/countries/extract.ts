/**
 * Countries an article names: every gazetteer phrase (name, alias, demonym, capital, major city)
 * found in the tokens, kept or dropped by what the tagger made of those tokens — "Jordan" the
 * player is PER, "Georgia" needs a LOC reading, "Bank of Japan" is an organization.
 */
import { typeOf } from '../ner/labels.ts';
import type { TaggedText } from '../ner/tag.ts';
import type { Explanation } from '../types.ts';
import { countryGazetteer, stateHomonyms } from '../gazetteer/countries.ts';
import type { StateHomonym } from '../gazetteer/countries.ts';
import type { CountryEntry, CountryRule } from '../gazetteer/countries.ts';

export interface CountryResult {
  countries: Array<{ name: string; code: string }>;
  explanations: Explanation[];
}

const PER = 1;
const LOC = 3;
const MISC = 4;

/** How the tagger read tokens [from, to): one type over exactly these tokens, inside a longer span, or O. */
type Reading = { kind: 'exact' | 'inside' | 'starts'; type: number } | { kind: 'none' };

function readingOf(labels: Int8Array, from: number, to: number): Reading {
  const t = typeOf(labels[from] as number);
  let same = true;
  let any = false;
  for (let i = from; i < to; i++) {
    const ti = typeOf(labels[i] as number);
    if (ti !== 0) any = true;
    if (ti !== t) same = false;
  }
  if (!any) return { kind: 'none' };
  if (!same) return { kind: 'inside', type: t === 0 ? typeOf(labels[to - 1] as number) : t };
  const label = labels[from] as number;
  const beginsHere = label % 2 === 1;
  const continuesAfter = to < labels.length && typeOf(labels[to] as number) === t && (labels[to] as number) % 2 === 0;
  if (beginsHere && !continuesAfter) return { kind: 'exact', type: t };
  if (beginsHere) return { kind: 'starts', type: t };
  return { kind: 'inside', type: t };
}

function accepts(entry: CountryEntry, reading: Reading, capitalised: boolean): boolean {
  if (!capitalised) return false;
  if (reading.kind === 'none') return !entry.ambiguous && entry.rule !== 'city';
  const { kind, type } = reading;
  if (type === PER) return false;
  switch (entry.rule) {
    case 'name':
      if (kind === 'exact') return type === LOC || !entry.ambiguous;
      return false;
    case 'demonym':
      return (type === MISC && kind !== 'inside') || (type === LOC && kind === 'exact');
    case 'capital':
    case 'city':
      return type === LOC && kind !== 'inside';
  }
}

const STATE_WORDS = new Set(['governor', 'state', 'senator', 'legislature', 'congressman', 'congresswoman']);
let homonyms: Map<string, StateHomonym> | undefined;

/**
 * True when a country name that is also a US state means the state here: "Atlanta, Georgia",
 * "governor of Georgia", or an article that names the state's cities and none of the country's.
 */
function meansUsState(name: string, tokens: Array<{ text: string }>, at: number, lowerText: string): boolean {
  homonyms ??= stateHomonyms();
  const h = homonyms.get(name);
  if (h === undefined) return false;
  const prev = tokens[at - 1]?.text.toLowerCase();
  const prev2 = tokens[at - 2]?.text ?? '';
  if (prev === ',' && /^\p{Lu}/u.test(prev2)) return true;
  if (prev === 'of' && STATE_WORDS.has(prev2.toLowerCase())) return true;
  if (tokens[at + 1]?.text.toLowerCase() === 'state') return true;
  const names = (list: string[]): boolean => list.some((c) => new RegExp(`\\b${c}\\b`).test(lowerText));
  return names(h.stateCities) && !names(h.countryCities);
}

const RULE_ORDER: CountryRule[] = ['name', 'demonym', 'capital', 'city'];

interface Found {
  code: string;
  name: string;
  mentions: string[];
  rules: Set<CountryRule>;
  count: number;
  order: number;
}

/** Countries named in the tagged text, most mentioned first. */
export function extractCountries(tagged: TaggedText, text: string): CountryResult {
  const gaz = countryGazetteer();
  const found = new Map<string, Found>();
  let order = 0;
  let lowerText: string | undefined;
  tagged.sentences.forEach((sentence, si) => {
    const tokens = sentence.tokens;
    const labels = tagged.labels[si] as Int8Array;
    const lowers = tokens.map((t) => t.text.toLowerCase().replace(/’/g, "'"));
    for (let i = 0; i < tokens.length; i++) {
      if (!gaz.firstTokens.has(lowers[i] as string)) continue;
      let entry: CountryEntry | undefined;
      let length = 0;
      let key = '';
      const max = Math.min(gaz.maxTokens, tokens.length - i);
      for (let n = 1; n <= max; n++) {
        key = n === 1 ? (lowers[i] as string) : `${key} ${lowers[i + n - 1] as string}`;
        const e = gaz.phrases.get(key);
        if (e !== undefined) {
          entry = e;
          length = n;
        }
      }
      if (entry === undefined) continue;
      const first = tokens[i];
      const last = tokens[i + length - 1];
      if (first === undefined || last === undefined) continue;
      const capitalised = /^\p{Lu}/u.test(first.text);
      const homonym =
        length === 1 &&
        entry.rule === 'name' &&
        meansUsState(key === '' ? '' : (lowers[i] as string), tokens, i, (lowerText ??= text.toLowerCase()));
      // A city inside a longer name is the name's, not the country's: "Manchester United", "Partizan Belgrade".
      const inName =
        (entry.rule === 'capital' || entry.rule === 'city') &&
        !sentence.caps &&
        ((i > 0 && /^\p{Lu}/u.test(tokens[i - 1]?.text ?? '')) || /^\p{Lu}/u.test(tokens[i + length]?.text ?? ''));
      if (!homonym && !inName && accepts(entry, readingOf(labels, i, i + length), capitalised)) {
        const surface = text.slice(first.start, last.end);
        let f = found.get(entry.code);
        if (f === undefined) {
          f = { code: entry.code, name: entry.name, mentions: [], rules: new Set(), count: 0, order: order++ };
          found.set(entry.code, f);
        }
        f.count++;
        f.rules.add(entry.rule);
        if (!f.mentions.includes(surface)) f.mentions.push(surface);
      }
      i += length - 1;
    }
  });
  const list = [...found.values()].sort((a, b) => b.count - a.count || a.order - b.order);
  return {
    countries: list.map((f) => ({ name: f.name, code: f.code })),
    explanations: list.map((f) => ({
      facet: 'countries' as const,
      value: f.name,
      mentions: f.mentions,
      rule: RULE_ORDER.filter((r) => f.rules.has(r))
        .map((r) => (r === 'name' ? 'gazetteer' : r))
        .join('+'),
      score: f.count,
    })),
  };
}
