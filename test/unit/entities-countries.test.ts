import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../ingest/enrich/entities.ts';

const countries = (body: string, title = 'News'): string[] => extractEntities({ title, standfirst: '', body }).countries.map((c) => c.name);

describe('countries', () => {
  it('reads common alternatives and gives readable names with ISO codes', () => {
    const r = extractEntities({
      title: 'Talks',
      standfirst: '',
      body: 'Officials from the U.S. and Britain met their counterparts from South Korea in Geneva.',
    });
    expect(r.countries).toEqual(
      expect.arrayContaining([
        { name: 'United States', code: 'US' },
        { name: 'United Kingdom', code: 'GB' },
        { name: 'South Korea', code: 'KR' },
      ]),
    );
  });

  it('reads demonyms and capitals, and says which rule found them', () => {
    const r = extractEntities({
      title: 'Embassy closed',
      standfirst: '',
      body: 'An Albanian delegation left Tehran after the embassy closed.',
    });
    expect(r.countries.map((c) => c.name).sort()).toEqual(['Albania', 'Iran']);
    const iran = r.explanations.find((e) => e.facet === 'countries' && e.value === 'Iran');
    expect(iran?.rule).toBe('capital');
    expect(iran?.mentions).toEqual(['Tehran']);
  });

  it('does not take a person, a bird or a US state for a country', () => {
    expect(countries('Michael Jordan scored 30 points for the Bulls on Sunday night.')).not.toContain('Jordan');
    expect(countries('The family ate roast turkey with cranberry sauce.')).not.toContain('Turkey');
    expect(countries('Voters in Atlanta, Georgia, went to the polls as the governor of Georgia conceded.')).not.toContain('Georgia');
  });

  it('does not take the Emirates airline or stadium for the country; its names and cities still count', () => {
    expect(countries('Arsenal signed a £100m deal with Emirates to sponsor their new ground, the club said.')).toEqual([]);
    expect(countries('Trade with the UAE grew last year, officials in Dubai said.')).toContain('United Arab Emirates');
  });

  it('keeps the country when the text uses it as a place', () => {
    expect(countries('Troops crossed from Jordan into Syria on Tuesday, officials in Amman said.')).toEqual(
      expect.arrayContaining(['Jordan', 'Syria']),
    );
  });
});
