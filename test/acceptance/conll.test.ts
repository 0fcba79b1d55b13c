/** The entity facets on CoNLL-2003 valid.txt, with the corpora README's document-level scoring. */
import { describe, expect, it } from 'vitest';
import { conllPath, readConll } from '../../eval/conll.ts';
import { evaluateEntities, ledePredictor } from '../../eval/entities.ts';
import { hasSharedData } from '../support/shared-data.ts';

const file = conllPath('valid');

describe.skipIf(!hasSharedData(file))('CoNLL-2003 valid.txt (document-level)', () => {
  it('finds persons and countries well above the compromise baseline', () => {
    const docs = readConll(file);
    const result = evaluateEntities(docs, ledePredictor(docs));
    expect(result.documents).toBe(216);
    expect(result.persons.f1).toBeGreaterThanOrEqual(0.88);
    expect(result.countries.f1).toBeGreaterThanOrEqual(0.93);
    expect(result.organizations.f1).toBeGreaterThanOrEqual(0.7);
  });
});
