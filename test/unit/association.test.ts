import { describe, expect, it } from 'vitest';
import { rankAssociations } from '../../src/analysis/association.ts';

describe('rankAssociations', () => {
  it('ranks a value seen only with the entity above one that is everywhere, whatever the raw counts', () => {
    const ranked = rankAssociations({
      within: { Albania: 10, 'United States': 12, Kosovo: 4, Rare: 1 },
      archive: { Albania: 12, 'United States': 600, Kosovo: 5, Rare: 1 },
      entityCount: 14,
      archiveTotal: 1000,
    });
    expect(ranked.map((r) => r.value)).toEqual(['Albania', 'Kosovo', 'United States']);
    expect(ranked[0]!.score).toBeGreaterThan(0.5);
    expect(ranked[2]!.score).toBeLessThan(0.1);
    expect(ranked[0]!.lift).toBeCloseTo(10 / 14 / (12 / 1000), 2);
  });

  it('leaves out the entity itself and values under the minimum count', () => {
    const ranked = rankAssociations({
      within: { Self: 5, A: 2, B: 1 },
      archive: {},
      entityCount: 5,
      archiveTotal: 50,
      exclude: new Set(['Self']),
      minCount: 2,
    });
    expect(ranked.map((r) => r.value)).toEqual(['A']);
    expect(ranked[0]!.archiveCount).toBe(2);
  });
});
