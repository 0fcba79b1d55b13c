/**
 * Scoring of the real-news entity set (eval/real-news/GUIDELINES.md): per article and per facet,
 * the predicted facet values against the gold entities, each entity counted once.
 *
 * - A predicted value matches an entity when, normalised (`normaliseValue`), it equals the entity's
 *   name or one of its aliases.
 * - The first predicted value matching a required entity is a true positive; every further value
 *   matching the same entity is a false positive (one entity shown twice in a facet is an error).
 * - The first value matching an optional entity is neither credited nor charged; further ones are
 *   false positives.
 * - A value matching no entity is a false positive; a required entity no value matches is a false
 *   negative.
 *
 * Precision, recall and F1 are micro-averaged over all articles, per facet. Pure.
 */

export const FACETS = ['persons', 'organizations', 'countries'] as const;
export type Facet = (typeof FACETS)[number];

export interface GoldEntity {
  name: string;
  aliases: string[];
}

export type FacetEntities = Record<Facet, GoldEntity[]>;

/** One article's gold: required entities per facet, and the optional (borderline) ones. */
export interface GoldArticle extends FacetEntities {
  optional: FacetEntities;
}

export type FacetValues = Record<Facet, string[]>;

/** Why a predicted value was charged. */
export interface FalsePositive {
  value: string;
  /** `unmatched`: no gold entity; `repeat`: a further value for an entity an earlier value matched. */
  reason: 'unmatched' | 'repeat';
  /** The entity an earlier value already matched (for `repeat`). */
  entity?: string;
}

export interface FacetOutcome {
  truePositives: number;
  falsePositives: FalsePositive[];
  /** Names of the required entities no value matched. */
  falseNegatives: string[];
  /** Values that matched an optional entity (first value for it): not counted. */
  optionalMatched: string[];
  /** Predicted values, all of them (counted or not). */
  predicted: number;
  /** Required gold entities. */
  gold: number;
}

export interface FacetCounts {
  tp: number;
  fp: number;
  fn: number;
  /** Predicted values matching an optional entity, not counted either way. */
  optional: number;
  /** All predicted values. */
  predicted: number;
  /** Required gold entities. */
  gold: number;
}

export interface FacetScore extends FacetCounts {
  precision: number;
  recall: number;
  f1: number;
}

export interface ArticleErrors {
  key: string;
  facet: Facet;
  falsePositives: FalsePositive[];
  falseNegatives: string[];
}

export interface RealNewsScore {
  articles: number;
  facets: Record<Facet, FacetScore>;
  /** Per article and facet, the errors (only articles with at least one error in that facet). */
  errors: ArticleErrors[];
}

/**
 * Case folded, accents removed (NFKD, combining marks dropped), "&" read as "and", periods and
 * apostrophes dropped ("U.S." = "US", "O'Neill" = "ONeill"), other punctuation and symbols as
 * spaces ("Bosnia-Herzegovina" = "Bosnia Herzegovina"), whitespace collapsed, a leading "the"
 * dropped ("The Netherlands" = "Netherlands").
 */
export function normaliseValue(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[.'’‘`´]/g, '')
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^the /, '');
}

interface Indexed {
  entity: GoldEntity;
  required: boolean;
}

/** Normalised name/alias → entities it names (required ones first, in gold order). */
function indexEntities(required: GoldEntity[], optional: GoldEntity[]): Map<string, Indexed[]> {
  const index = new Map<string, Indexed[]>();
  const add = (entity: GoldEntity, isRequired: boolean): void => {
    for (const form of new Set([entity.name, ...entity.aliases].map(normaliseValue))) {
      if (form === '') continue;
      const list = index.get(form) ?? [];
      list.push({ entity, required: isRequired });
      index.set(form, list);
    }
  };
  for (const e of required) add(e, true);
  for (const e of optional) add(e, false);
  return index;
}

/** Scores one facet of one article. */
export function scoreFacet(predicted: readonly string[], required: GoldEntity[], optional: GoldEntity[] = []): FacetOutcome {
  const index = indexEntities(required, optional);
  const matched = new Set<GoldEntity>();
  const outcome: FacetOutcome = {
    truePositives: 0,
    falsePositives: [],
    falseNegatives: [],
    optionalMatched: [],
    predicted: predicted.length,
    gold: required.length,
  };
  for (const value of predicted) {
    const candidates = index.get(normaliseValue(value)) ?? [];
    if (candidates.length === 0) {
      outcome.falsePositives.push({ value, reason: 'unmatched' });
      continue;
    }
    // A form naming several entities (rare) goes to the first one not matched yet.
    const target = candidates.find((c) => !matched.has(c.entity));
    if (target === undefined) {
      outcome.falsePositives.push({ value, reason: 'repeat', entity: (candidates[0] as Indexed).entity.name });
      continue;
    }
    matched.add(target.entity);
    if (target.required) outcome.truePositives++;
    else outcome.optionalMatched.push(value);
  }
  outcome.falseNegatives = required.filter((e) => !matched.has(e)).map((e) => e.name);
  return outcome;
}

export function emptyFacetCounts(): FacetCounts {
  return { tp: 0, fp: 0, fn: 0, optional: 0, predicted: 0, gold: 0 };
}

function addOutcome(c: FacetCounts, o: FacetOutcome): void {
  c.tp += o.truePositives;
  c.fp += o.falsePositives.length;
  c.fn += o.falseNegatives.length;
  c.optional += o.optionalMatched.length;
  c.predicted += o.predicted;
  c.gold += o.gold;
}

/** Precision, recall and F1 from micro-averaged counts (1 when there is nothing to measure). */
export function facetScore(c: FacetCounts): FacetScore {
  const precision = c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { ...c, precision, recall, f1 };
}

/** Scores predictions for every gold article (an article with no prediction counts as predicting nothing). */
export function scoreRealNews(gold: ReadonlyMap<string, GoldArticle>, predictions: ReadonlyMap<string, FacetValues>): RealNewsScore {
  const counts: Record<Facet, FacetCounts> = {
    persons: emptyFacetCounts(),
    organizations: emptyFacetCounts(),
    countries: emptyFacetCounts(),
  };
  const errors: ArticleErrors[] = [];
  for (const [key, article] of gold) {
    const predicted = predictions.get(key);
    for (const facet of FACETS) {
      const outcome = scoreFacet(predicted?.[facet] ?? [], article[facet], article.optional[facet]);
      addOutcome(counts[facet], outcome);
      if (outcome.falsePositives.length + outcome.falseNegatives.length > 0) {
        errors.push({ key, facet, falsePositives: outcome.falsePositives, falseNegatives: outcome.falseNegatives });
      }
    }
  }
  return {
    articles: gold.size,
    facets: {
      persons: facetScore(counts.persons),
      organizations: facetScore(counts.organizations),
      countries: facetScore(counts.countries),
    },
    errors,
  };
}

/** The most frequent false-positive values and false-negative names of one facet, with counts. */
export function frequentErrors(
  errors: readonly ArticleErrors[],
  facet: Facet,
  top: number,
): { falsePositives: Array<[string, number]>; falseNegatives: Array<[string, number]> } {
  const fp = new Map<string, number>();
  const fn = new Map<string, number>();
  for (const e of errors) {
    if (e.facet !== facet) continue;
    for (const v of e.falsePositives) fp.set(v.value, (fp.get(v.value) ?? 0) + 1);
    for (const n of e.falseNegatives) fn.set(n, (fn.get(n) ?? 0) + 1);
  }
  const sorted = (m: Map<string, number>): Array<[string, number]> =>
    [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, top);
  return { falsePositives: sorted(fp), falseNegatives: sorted(fn) };
}
