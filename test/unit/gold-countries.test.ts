import { describe, expect, it } from 'vitest';
import { countryNamed, goldCountryTable, impliedCountryCodes, splitNationality } from '../../eval/gold-countries.ts';
import { goldCountries, impliedCountries, scoreCountries } from '../../eval/conll-score.ts';
import type { ConllDocument } from '../../eval/conll.ts';

describe('gold countries (independent of the tagger gazetteer)', () => {
  it('maps country names and usual alternatives to ISO codes, in any case', () => {
    expect(countryNamed('U.S.')).toBe('US');
    expect(countryNamed('United States')).toBe('US');
    expect(countryNamed('ITALY')).toBe('IT');
    expect(countryNamed('Britain')).toBe('GB');
    expect(countryNamed('England')).toBe('GB');
    expect(countryNamed('Holland')).toBe('NL');
    expect(countryNamed('The Netherlands')).toBe('NL');
    expect(countryNamed('Russian Federation')).toBe('RU');
    expect(countryNamed("Cote d'Ivoire")).toBe('CI');
    expect(countryNamed('Côte d’Ivoire')).toBe('CI');
    expect(countryNamed('Zaire')).toBe('CD');
    expect(countryNamed('Yugoslavia')).toBe('RS');
    expect(countryNamed('Congo')).toBe('CG');
    expect(countryNamed('Hong Kong')).toBe('HK');
  });

  it('does not take cities, regions or demonyms for country names', () => {
    for (const notAName of ['London', 'Chechnya', 'West Bank', 'Texas', 'French', 'Europe', 'Middle East'])
      expect(countryNamed(notAName), notAName).toBeUndefined();
  });

  it('implies countries by capital or demonym, only from capitalised words', () => {
    expect([...impliedCountryCodes(['The', 'Germans', 'met', 'in', 'Washington'])].sort()).toEqual(['DE', 'US']);
    expect(impliedCountryCodes(['BELGRADE', '1996-08-22'])).toEqual(new Set(['RS']));
    expect(impliedCountryCodes(['Israeli', 'and', 'British', 'officials'])).toEqual(new Set(['IL', 'GB']));
    expect(impliedCountryCodes(['a', 'male', 'nurse'])).toEqual(new Set());
    expect(impliedCountryCodes(['Welsh'])).toEqual(new Set(['GB']));
  });

  it('splits nationality entries with qualifiers or two forms', () => {
    expect(splitNationality('Congolese (Republic of the Congo)')).toEqual(['Congolese']);
    expect(splitNationality('Bosnian - Herzegovinian')).toEqual(['Bosnian', 'Herzegovinian']);
    expect(splitNationality('Trinidadian or Tobagonian')).toEqual(['Trinidadian', 'Tobagonian']);
    expect(splitNationality('Virgin Islands, U.S.')).toEqual([]);
  });

  it('builds without an unsettled name shared by two countries', () => {
    expect(goldCountryTable().names.size).toBeGreaterThan(300);
  });
});

describe('CoNLL country scoring with the independent lists', () => {
  const tok = (text: string, tag = 'O'): { text: string; tag: string; start: number } => ({ text, tag, start: 0 });
  const doc: ConllDocument = {
    text: '',
    sentences: [
      [tok('U.S.', 'B-LOC'), tok('AND'), tok('BRITAIN', 'B-LOC'), tok('TALK')],
      [tok('MOSCOW', 'B-LOC'), tok('1996-08-22')],
      [
        tok('French', 'B-MISC'),
        tok('officials'),
        tok('met'),
        tok('in'),
        tok('Paris', 'B-LOC'),
        tok('and'),
        tok('Chechnya', 'B-LOC'),
        tok('.'),
      ],
    ],
  };

  it('takes gold countries from LOC spans that name one, and credits capitals and demonyms', () => {
    expect([...goldCountries(doc)].sort()).toEqual(['GB', 'US']);
    expect(impliedCountries(doc).has('RU')).toBe(true);
    expect(impliedCountries(doc).has('FR')).toBe(true);
    expect(scoreCountries(['US', 'RU', 'FR', 'DE'], doc)).toEqual({ predicted: 4, truePredicted: 3, gold: 2, trueGold: 1 });
  });
});
