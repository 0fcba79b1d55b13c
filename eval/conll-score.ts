/**
 * Document-level scoring of persons, countries and organizations on CoNLL-2003, as the corpora
 * README defines it: distinct names per document, micro-averaged over documents. Which LOC spans
 * name a country, and which capitals and demonyms imply one, come from the evaluation's own lists
 * (eval/gold-countries.ts), never from the tagger's gazetteer.
 */
import { goldSpans } from './conll.ts';
import { countryNamed, impliedCountryCodes } from './gold-countries.ts';
import type { ConllDocument } from './conll.ts';

export interface Counts {
  /** Predicted values judged right. */
  truePredicted: number;
  predicted: number;
  /** Gold values found. */
  trueGold: number;
  gold: number;
}

export interface Score {
  precision: number;
  recall: number;
  f1: number;
}

export function emptyCounts(): Counts {
  return { truePredicted: 0, predicted: 0, trueGold: 0, gold: 0 };
}

export function addCounts(a: Counts, b: Counts): void {
  a.truePredicted += b.truePredicted;
  a.predicted += b.predicted;
  a.trueGold += b.trueGold;
  a.gold += b.gold;
}

export function score(c: Counts): Score {
  const precision = c.predicted === 0 ? 1 : c.truePredicted / c.predicted;
  const recall = c.gold === 0 ? 1 : c.trueGold / c.gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** Lower-cased, punctuation removed, tokens separated by single spaces. */
export function normaliseName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function endsWithTokens(long: string[], short: string[]): boolean {
  if (short.length === 0 || short.length > long.length) return false;
  const off = long.length - short.length;
  for (let i = 0; i < short.length; i++) if (long[off + i] !== short[i]) return false;
  return true;
}

/** Equal after normalising, or the tokens of one end the other's ("Bitar" ~ "Salem Bitar"). */
export function namesMatch(a: string, b: string): boolean {
  const ta = normaliseName(a).split(' ').filter(Boolean);
  const tb = normaliseName(b).split(' ').filter(Boolean);
  if (ta.length === 0 || tb.length === 0) return false;
  return endsWithTokens(ta, tb) || endsWithTokens(tb, ta);
}

/** Distinct gold names of one type, a span folded away when its tokens all sit in a longer one. */
export function goldNames(doc: ConllDocument, type: 'PER' | 'ORG'): string[] {
  const distinct = new Map<string, string[]>();
  for (const span of goldSpans(doc)) {
    if (span.type !== type) continue;
    const key = normaliseName(span.text);
    if (key !== '' && !distinct.has(key)) distinct.set(key, key.split(' '));
  }
  const names = [...distinct.entries()];
  return names
    .filter(([, tokens]) => !names.some(([, other]) => other.length > tokens.length && tokens.every((t) => other.includes(t))))
    .map(([name]) => name);
}

/** Counts for one document's predicted names against its gold names. */
export function scoreNames(predicted: string[], gold: string[]): Counts {
  const distinct = [...new Set(predicted.map(normaliseName).filter((p) => p !== ''))];
  return {
    predicted: distinct.length,
    truePredicted: distinct.filter((p) => gold.some((g) => namesMatch(p, g))).length,
    gold: gold.length,
    trueGold: gold.filter((g) => distinct.some((p) => namesMatch(p, g))).length,
  };
}

/** ISO codes of the countries that gold LOC spans name ("U.S.", "Britain", "ITALY"). */
export function goldCountries(doc: ConllDocument): Set<string> {
  const codes = new Set<string>();
  for (const span of goldSpans(doc)) {
    if (span.type !== 'LOC') continue;
    const code = countryNamed(span.text);
    if (code !== undefined) codes.add(code);
  }
  return codes;
}

/** ISO codes whose capital or demonym the document's text uses (those predictions count as right). */
export function impliedCountries(doc: ConllDocument): Set<string> {
  return impliedCountryCodes(doc.sentences.flat().map((t) => t.text));
}

export function scoreCountries(predicted: string[], doc: ConllDocument): Counts {
  const gold = goldCountries(doc);
  const implied = impliedCountries(doc);
  const distinct = [...new Set(predicted)];
  return {
    predicted: distinct.length,
    truePredicted: distinct.filter((c) => gold.has(c) || implied.has(c)).length,
    gold: gold.size,
    trueGold: [...gold].filter((c) => distinct.includes(c)).length,
  };
}
