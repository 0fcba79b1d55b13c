/**
 * The topic taxonomy (index-config/topics.json): IPTC top-level topics and curated subtopics, each
 * with evidence terms. `compileTaxonomy` turns it into a phrase matcher keyed by first token, so
 * matching an article is one pass over its tokens with hash-map lookups.
 */
import { LedeError } from '../../../src/errors.ts';
import { phraseKey } from './tokenise.ts';

export interface TopLevelTopic {
  /** IPTC Media Topics name, e.g. "economy, business and finance". */
  name: string;
  /** IPTC qcode, e.g. "medtop:04000000". */
  qcode: string;
  /** Strong evidence terms (weight 1). Empty for topics the learned model decides. */
  evidence: string[];
  /** Weak evidence terms (weight 0.4): only count next to a strong term. */
  weakEvidence: string[];
}

export interface Subtopic {
  /** Lede subtopic name, e.g. "cybersecurity". */
  name: string;
  /** Name of the top-level topic it is filed under. */
  parent: string;
  evidence: string[];
  weakEvidence: string[];
}

export interface Taxonomy {
  description: string;
  topLevel: TopLevelTopic[];
  subtopics: Subtopic[];
}

/** Weight of a weak evidence term relative to a strong one. */
export const WEAK_WEIGHT = 0.4;

/** One evidence phrase, with every topic it points to. */
export interface EvidenceTerm {
  /** Normalised tokens of the phrase. */
  tokens: string[];
  /** The tokens joined by spaces. */
  key: string;
  /** The phrase as written in the taxonomy (shown in explanations). */
  label: string;
  /** Topic ids (index into `CompiledTaxonomy.names`) and the weight for each. */
  targets: Array<{ topic: number; weight: number }>;
}

export interface CompiledTaxonomy {
  /** Topic names: top-level topics first (ids 0..topLevelCount-1), then subtopics. */
  names: string[];
  topLevelCount: number;
  /** For a subtopic id, the id of its parent top-level topic; -1 for top-level ids. */
  parentOf: number[];
  /** Evidence terms by their first token. */
  byFirstToken: Map<string, EvidenceTerm[]>;
}

function stringArray(value: unknown, where: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new LedeError('invalid_taxonomy', `Expected ${where} to be an array of strings, got ${JSON.stringify(value)?.slice(0, 80)}`);
  }
  return value as string[];
}

function record(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LedeError('invalid_taxonomy', `Expected ${where} to be an object, got ${typeof value}`);
  }
  return value as Record<string, unknown>;
}

function text(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new LedeError('invalid_taxonomy', `Expected ${where} to be a non-empty string, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Checks the shape of parsed topics.json and returns it typed. */
export function parseTaxonomy(json: unknown): Taxonomy {
  const root = record(json, 'the taxonomy');
  if (!Array.isArray(root['topLevel']) || !Array.isArray(root['subtopics'])) {
    throw new LedeError('invalid_taxonomy', 'Expected the taxonomy to have `topLevel` and `subtopics` arrays');
  }
  const topLevel = root['topLevel'].map((raw, i): TopLevelTopic => {
    const t = record(raw, `topLevel[${i}]`);
    return {
      name: text(t['name'], `topLevel[${i}].name`),
      qcode: text(t['qcode'], `topLevel[${i}].qcode`),
      evidence: stringArray(t['evidence'], `topLevel[${i}].evidence`),
      weakEvidence: stringArray(t['weakEvidence'], `topLevel[${i}].weakEvidence`),
    };
  });
  const names = new Set(topLevel.map((t) => t.name));
  const subtopics = root['subtopics'].map((raw, i): Subtopic => {
    const s = record(raw, `subtopics[${i}]`);
    const parent = text(s['parent'], `subtopics[${i}].parent`);
    if (!names.has(parent))
      throw new LedeError('invalid_taxonomy', `Expected subtopics[${i}].parent to name a top-level topic, got "${parent}"`);
    return {
      name: text(s['name'], `subtopics[${i}].name`),
      parent,
      evidence: stringArray(s['evidence'], `subtopics[${i}].evidence`),
      weakEvidence: stringArray(s['weakEvidence'], `subtopics[${i}].weakEvidence`),
    };
  });
  return { description: typeof root['description'] === 'string' ? root['description'] : '', topLevel, subtopics };
}

/** Builds the phrase matcher for a taxonomy. */
export function compileTaxonomy(taxonomy: Taxonomy): CompiledTaxonomy {
  const names = [...taxonomy.topLevel.map((t) => t.name), ...taxonomy.subtopics.map((s) => s.name)];
  const topLevelCount = taxonomy.topLevel.length;
  const parentOf = [...taxonomy.topLevel.map(() => -1), ...taxonomy.subtopics.map((s) => names.indexOf(s.parent))];
  const byKey = new Map<string, EvidenceTerm>();
  const add = (phrase: string, topic: number, weight: number): void => {
    const key = phraseKey(phrase);
    if (key.length === 0) return;
    let term = byKey.get(key);
    if (!term) {
      term = { tokens: key.split(' '), key, label: phrase, targets: [] };
      byKey.set(key, term);
    }
    const existing = term.targets.find((t) => t.topic === topic);
    if (existing) existing.weight = Math.max(existing.weight, weight);
    else term.targets.push({ topic, weight });
  };
  const entries: Array<{ evidence: string[]; weakEvidence: string[] }> = [...taxonomy.topLevel, ...taxonomy.subtopics];
  entries.forEach((entry, id) => {
    for (const p of entry.weakEvidence) add(p, id, WEAK_WEIGHT);
    for (const p of entry.evidence) add(p, id, 1);
  });
  const byFirstToken = new Map<string, EvidenceTerm[]>();
  for (const term of byKey.values()) {
    const first = term.tokens[0] as string;
    const list = byFirstToken.get(first);
    if (list) list.push(term);
    else byFirstToken.set(first, [term]);
  }
  return { names, topLevelCount, parentOf, byFirstToken };
}
