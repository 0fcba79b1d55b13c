import { describe, expect, it } from 'vitest';
import { pickInterval, toBuckets, toTimeline } from '../../src/search/timeline.ts';

describe('timeline buckets', () => {
  it('orders months and fills the gaps with zeros', () => {
    expect(toBuckets('month', { '2024-03': 2, '2024-01': 5 })).toEqual([
      { period: '2024-01', from: '2024-01-01', to: '2024-01-31', count: 5 },
      { period: '2024-02', from: '2024-02-01', to: '2024-02-29', count: 0 },
      { period: '2024-03', from: '2024-03-01', to: '2024-03-31', count: 2 },
    ]);
  });

  it('knows ISO weeks, including week 1 starting in the previous year', () => {
    expect(toBuckets('week', { '2025-W01': 1 })).toEqual([{ period: '2025-W01', from: '2024-12-30', to: '2025-01-05', count: 1 }]);
    expect(toBuckets('week', { '2020-W53': 1, '2021-W02': 1 }).map((b) => b.period)).toEqual(['2020-W53', '2021-W01', '2021-W02']);
  });

  it('ignores malformed keys', () => {
    expect(toBuckets('day', { 'not-a-day': 3, '2024-05-01': 1 })).toHaveLength(1);
  });

  it('sums the total', () => {
    expect(toTimeline('day', { '2024-05-01': 2, '2024-05-03': 1 }).total).toBe(3);
  });

  it('picks days for a short span, weeks for months, months for years', () => {
    expect(pickInterval({ day: { '2024-05-01': 1, '2024-05-20': 1 }, week: {}, month: {} })).toBe('day');
    expect(pickInterval({ day: { '2024-01-01': 1, '2024-06-01': 1 }, week: { '2024-W01': 1, '2024-W22': 1 } })).toBe('week');
    expect(pickInterval({ day: { '2020-01-01': 1, '2024-06-01': 1 }, week: { '2020-W01': 1, '2024-W22': 1 } })).toBe('month');
  });
});
