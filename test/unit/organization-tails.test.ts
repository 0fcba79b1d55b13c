import { describe, expect, it } from 'vitest';
import { onlyTailOfLongerName } from '../../ingest/enrich/organizations/extract.ts';

describe('onlyTailOfLongerName', () => {
  it('is true when every mention ends a longer capitalised name joined by of, on or for', () => {
    const text = 'It breaches the European Convention on Human Rights, said the European Court of Human Rights.';
    expect(onlyTailOfLongerName(text, ['Human Rights'])).toBe(true);
  });

  it('is false when one mention stands alone, or follows a lower-case word', () => {
    expect(onlyTailOfLongerName('The Convention on Human Rights. Human Rights Watch said so.', ['Human Rights'])).toBe(false);
    expect(onlyTailOfLongerName('The chief executive of Acme Holdings resigned.', ['Acme Holdings'])).toBe(false);
  });

  it('counts whole words only, and is false for a mention that does not occur', () => {
    expect(onlyTailOfLongerName('The Court of Human Rightsholders.', ['Human Rights'])).toBe(false);
    expect(onlyTailOfLongerName('Nothing here.', ['Human Rights'])).toBe(false);
  });
});
