/** The tagger's label set: IOB2 over CoNLL's four entity types. */

export const LABELS = ['O', 'B-PER', 'I-PER', 'B-ORG', 'I-ORG', 'B-LOC', 'I-LOC', 'B-MISC', 'I-MISC'] as const;
export type Label = (typeof LABELS)[number];
export const LABEL_COUNT = LABELS.length;

export type EntityType = 'PER' | 'ORG' | 'LOC' | 'MISC';
export const ENTITY_TYPES: readonly EntityType[] = ['PER', 'ORG', 'LOC', 'MISC'];

/** 0 for O, 1..4 for PER, ORG, LOC, MISC. */
export function typeOf(label: number): number {
  return (label + 1) >> 1;
}

/** True for an I- label. */
export function isInside(label: number): boolean {
  return label > 0 && label % 2 === 0;
}

export function labelIndex(tag: string): number {
  const i = (LABELS as readonly string[]).indexOf(tag);
  return Math.max(i, 0);
}
