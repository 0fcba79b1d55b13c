import { describe, expect, it } from 'vitest';
import {
  frequentErrors,
  normaliseValue,
  scoreFacet,
  scoreRealNews,
  type GoldArticle,
  type FacetValues,
} from '../../eval/real-news-score.ts';

const e = (name: string, ...aliases: string[]): { name: string; aliases: string[] } => ({ name, aliases });

function article(partial: Partial<GoldArticle>): GoldArticle {
  return {
    persons: [],
    organizations: [],
    countries: [],
    ...partial,
    optional: { persons: [], organizations: [], countries: [], ...partial.optional },
  };
}

describe('normaliseValue', () => {
  it('folds case, accents, punctuation, whitespace and a leading "the"', () => {
    expect(normaliseValue('Arsène  Wenger')).toBe('arsene wenger');
    expect(normaliseValue('U.S.')).toBe(normaliseValue('US'));
    expect(normaliseValue('George W. Bush')).toBe('george w bush');
    expect(normaliseValue('The Netherlands')).toBe('netherlands');
    expect(normaliseValue('Bosnia-Herzegovina')).toBe('bosnia herzegovina');
    expect(normaliseValue('Marks & Spencer')).toBe(normaliseValue('Marks and Spencer'));
    expect(normaliseValue('O’Neill')).toBe(normaliseValue("O'Neill"));
    expect(normaliseValue('Theresa May')).toBe('theresa may');
    expect(normaliseValue('ﬁfa')).toBe('fifa');
  });
});

describe('scoreFacet', () => {
  it('credits a value equal to the name or an alias', () => {
    const o = scoreFacet(['labour', 'Tony  Blair'], [e('Labour Party', 'Labour')], []);
    expect(o.truePositives).toBe(1);
    expect(o.falsePositives).toEqual([{ value: 'Tony  Blair', reason: 'unmatched' }]);
    expect(o.falseNegatives).toEqual([]);
  });

  it('charges a second value for the same entity as a false positive', () => {
    const o = scoreFacet(['Labour Party', 'Labour'], [e('Labour Party', 'Labour')]);
    expect(o.truePositives).toBe(1);
    expect(o.falsePositives).toEqual([{ value: 'Labour', reason: 'repeat', entity: 'Labour Party' }]);
  });

  it('lists required entities no value matched as false negatives', () => {
    const o = scoreFacet(['Blair'], [e('Tony Blair'), e('Gordon Brown')]);
    expect(o.truePositives).toBe(0);
    expect(o.falsePositives.map((f) => f.value)).toEqual(['Blair']);
    expect(o.falseNegatives).toEqual(['Tony Blair', 'Gordon Brown']);
  });

  it('neither credits nor charges the first value for an optional entity, but charges a second', () => {
    const optional = [e('Downing Street')];
    const once = scoreFacet(['Downing Street'], [], optional);
    expect(once).toMatchObject({ truePositives: 0, falsePositives: [], falseNegatives: [], optionalMatched: ['Downing Street'] });
    const twice = scoreFacet(['Downing Street', 'downing street'], [], optional);
    expect(twice.falsePositives).toEqual([{ value: 'downing street', reason: 'repeat', entity: 'Downing Street' }]);
    expect(twice.optionalMatched).toEqual(['Downing Street']);
  });

  it('does not count a missing optional entity', () => {
    expect(scoreFacet([], [e('France')], [e('Spain')]).falseNegatives).toEqual(['France']);
  });
});

describe('scoreRealNews', () => {
  const gold = new Map<string, GoldArticle>([
    [
      'politics/001.txt',
      article({
        persons: [e('Tony Blair'), e('Michael Howard')],
        organizations: [e('Labour Party', 'Labour')],
        countries: [e('United Kingdom', 'UK', 'Britain')],
        optional: { persons: [], organizations: [e('Downing Street')], countries: [] },
      }),
    ],
    [
      'sport/002.txt',
      article({ persons: [e('Arsène Wenger', 'Arsene Wenger')], organizations: [e('Arsenal FC', 'Arsenal')], countries: [e('France')] }),
    ],
  ]);

  it('micro-averages per facet over all articles and lists errors per article', () => {
    const predictions = new Map<string, FacetValues>([
      [
        'politics/001.txt',
        { persons: ['Tony Blair', 'Blair'], organizations: ['Labour', 'Labour Party', 'Downing Street'], countries: ['United Kingdom'] },
      ],
      ['sport/002.txt', { persons: ['Arsene Wenger'], organizations: ['Arsenal', 'Premiership'], countries: ['France', 'Britain'] }],
    ]);
    const s = scoreRealNews(gold, predictions);
    expect(s.articles).toBe(2);
    // persons: TP Tony Blair, Arsene Wenger; FP Blair; FN Michael Howard.
    expect(s.facets.persons).toMatchObject({ tp: 2, fp: 1, fn: 1, gold: 3, predicted: 3 });
    expect(s.facets.persons.precision).toBeCloseTo(2 / 3);
    expect(s.facets.persons.recall).toBeCloseTo(2 / 3);
    // organizations: TP Labour, Arsenal; FP Labour Party (repeat), Premiership; Downing Street optional.
    expect(s.facets.organizations).toMatchObject({ tp: 2, fp: 2, fn: 0, optional: 1, predicted: 5 });
    expect(s.facets.organizations.precision).toBe(0.5);
    expect(s.facets.organizations.recall).toBe(1);
    expect(s.facets.organizations.f1).toBeCloseTo(2 / 3);
    // countries: TP United Kingdom, France; FP Britain (no UK in the sport article).
    expect(s.facets.countries).toMatchObject({ tp: 2, fp: 1, fn: 0 });
    expect(s.errors).toEqual([
      {
        key: 'politics/001.txt',
        facet: 'persons',
        falsePositives: [{ value: 'Blair', reason: 'unmatched' }],
        falseNegatives: ['Michael Howard'],
      },
      {
        key: 'politics/001.txt',
        facet: 'organizations',
        falsePositives: [{ value: 'Labour Party', reason: 'repeat', entity: 'Labour Party' }],
        falseNegatives: [],
      },
      { key: 'sport/002.txt', facet: 'organizations', falsePositives: [{ value: 'Premiership', reason: 'unmatched' }], falseNegatives: [] },
      { key: 'sport/002.txt', facet: 'countries', falsePositives: [{ value: 'Britain', reason: 'unmatched' }], falseNegatives: [] },
    ]);
    expect(frequentErrors(s.errors, 'organizations', 5).falsePositives).toEqual([
      ['Labour Party', 1],
      ['Premiership', 1],
    ]);
  });

  it('counts an article without predictions as predicting nothing', () => {
    const s = scoreRealNews(gold, new Map());
    expect(s.facets.persons).toMatchObject({ tp: 0, fp: 0, fn: 3, precision: 1, recall: 0, f1: 0 });
  });
});
