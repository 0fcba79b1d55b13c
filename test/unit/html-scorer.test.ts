import { describe, expect, it } from 'vitest';
import { scoreCorpus, scorePage, shingles, tokenize } from '../../eval/shingles.ts';

describe('the extraction-dev shingle metric', () => {
  it('tokenizes maximal runs of Unicode word characters', () => {
    expect(tokenize("Élan, naïve café_bar — 2024's 3.5%")).toEqual(['Élan', 'naïve', 'café_bar', '2024', 's', '3', '5']);
  });

  it('counts 4-token shingles as a multiset', () => {
    expect([...shingles('a b c d a b c d').values()]).toEqual([2, 1, 1, 1]);
  });

  it('scores one page by shared, predicted-only and truth-only shingles', () => {
    expect(scorePage('one two three four five', 'one two three four five six')).toEqual({ precision: 1, recall: 2 / 3 });
    expect(scorePage('', 'one two three four')).toEqual({ precision: 0, recall: 0 });
  });

  it('averages precision and recall over pages, then takes their harmonic mean', () => {
    const score = scoreCorpus([
      { precision: 1, recall: 0.5 },
      { precision: 0.5, recall: 0.5 },
    ]);
    expect(score.precision).toBe(0.75);
    expect(score.recall).toBe(0.5);
    expect(score.f1).toBeCloseTo(0.6);
  });
});
