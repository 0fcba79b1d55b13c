/**
 * Association strength of a facet value with an entity: how much more often the value appears
 * in the entity's articles than in the archive as a whole. Pure functions, unit-tested.
 *
 * The score is normalised PMI (Bouma 2009): log(p(e,v) / (p(e) p(v))) / -log p(e,v), in [-1, 1]:
 * 1 when the value appears only with the entity and vice versa, 0 when independent. Unlike raw
 * PMI it does not crown values seen once; unlike raw counts it does not crown values that are
 * everywhere (a country named in half the archive). Values below `minCount` co-occurrences are
 * left out: two articles are the least evidence of an association.
 */

export interface Related {
  value: string;
  /** Articles of the entity with this value. */
  count: number;
  /** Articles of the archive with this value. */
  archiveCount: number;
  /** (count / entity articles) / (archiveCount / archive articles). */
  lift: number;
  /** Normalised PMI, in [-1, 1]; the ranking key. */
  score: number;
}

export interface AssociationInput {
  /** Value → articles of the entity with it. */
  within: Record<string, number>;
  /** Value → articles of the archive with it (at least `within`'s count; missing → `within`'s). */
  archive: Record<string, number>;
  /** Articles of the entity. */
  entityCount: number;
  /** Articles of the archive. */
  archiveTotal: number;
  /** Values to leave out (the entity itself). */
  exclude?: ReadonlySet<string>;
  /** Fewest co-occurrences for a value to count. Default: 2. */
  minCount?: number;
  /** Values returned. Default: 10. */
  limit?: number;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export function rankAssociations(input: AssociationInput): Related[] {
  const { entityCount, archiveTotal } = input;
  const minCount = input.minCount ?? 2;
  if (entityCount <= 0 || archiveTotal <= 0) return [];
  const out: Related[] = [];
  for (const [value, count] of Object.entries(input.within)) {
    if (count < minCount || input.exclude?.has(value)) continue;
    const archiveCount = Math.max(count, input.archive[value] ?? count);
    const joint = count / archiveTotal;
    const lift = count / entityCount / (archiveCount / archiveTotal);
    const npmi = joint >= 1 ? 1 : Math.log(lift) / -Math.log(joint);
    out.push({ value, count, archiveCount, lift: round(lift), score: round(npmi) });
  }
  return out.sort((a, b) => b.score - a.score || b.count - a.count || (a.value < b.value ? -1 : 1)).slice(0, input.limit ?? 10);
}
