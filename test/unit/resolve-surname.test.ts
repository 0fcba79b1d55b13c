import { describe, expect, it } from 'vitest';
import { resolveSurname, type SurnameCandidate } from '../../ingest/enrich/resolve.ts';

const candidate = (name: string, cooccurrence = 0, sameTopic = 0, count = 10): SurnameCandidate => ({
  name,
  count,
  cooccurrence,
  sameTopic,
});

describe('resolveSurname', () => {
  it('takes the only person of the archive with that surname', () => {
    expect(resolveSurname('Blair', [candidate('Tony Blair')])).toBe('Tony Blair');
  });

  it('takes the only one unlinked to the article only when it plainly names a person', () => {
    expect(resolveSurname('Life', [candidate('Axa Sun Life')])).toBeUndefined();
    expect(resolveSurname('Life', [candidate('Axa Sun Life', 1)])).toBe('Axa Sun Life');
  });

  it('resolves nothing when the archive knows nobody of that name', () => {
    expect(resolveSurname('Blair', [])).toBeUndefined();
  });

  it('ignores candidates whose last name is not the surname', () => {
    expect(resolveSurname('Blair', [candidate('Tony Blair'), candidate('Lionel Blairs', 9, 9)])).toBe('Tony Blair');
    expect(resolveSurname('Blair', [candidate('Blair Waldorf')])).toBeUndefined();
    expect(resolveSurname('blair', [candidate('Tony Blair')])).toBe('Tony Blair');
  });

  it('among several, takes the one that co-occurs at least 3 times as often as the next, twice or more', () => {
    expect(resolveSurname('Brown', [candidate('Gordon Brown', 6), candidate('James Brown', 2)])).toBe('Gordon Brown');
    expect(resolveSurname('Brown', [candidate('Gordon Brown', 2), candidate('James Brown', 0)])).toBe('Gordon Brown');
  });

  it('does not decide on one co-occurrence or on a lead under 3×', () => {
    expect(resolveSurname('Brown', [candidate('Gordon Brown', 1), candidate('James Brown', 0)])).toBeUndefined();
    expect(resolveSurname('Brown', [candidate('Gordon Brown', 5), candidate('James Brown', 2)])).toBeUndefined();
  });

  it('else takes the one with at least 5× the same-topic documents of the next, three or more', () => {
    expect(resolveSurname('Brown', [candidate('Gordon Brown', 1, 10), candidate('James Brown', 1, 2)])).toBe('Gordon Brown');
    expect(resolveSurname('Brown', [candidate('Gordon Brown', 0, 3), candidate('James Brown', 0, 0)])).toBe('Gordon Brown');
    expect(resolveSurname('Brown', [candidate('Gordon Brown', 0, 9), candidate('James Brown', 0, 2)])).toBeUndefined();
    expect(resolveSurname('Brown', [candidate('Gordon Brown', 0, 2), candidate('James Brown', 0, 0)])).toBeUndefined();
  });

  it('looks at the runner-up only, whatever the order of the candidates', () => {
    const candidates = [candidate('Dan Brown', 0, 1), candidate('James Brown', 1, 0), candidate('Gordon Brown', 4, 0)];
    expect(resolveSurname('Brown', candidates)).toBe('Gordon Brown');
    expect(resolveSurname('Brown', [...candidates].reverse())).toBe('Gordon Brown');
  });

  it('does not count the total number of documents as evidence', () => {
    expect(resolveSurname('Brown', [candidate('Gordon Brown', 0, 0, 500), candidate('James Brown', 0, 0, 1)])).toBeUndefined();
  });
});
