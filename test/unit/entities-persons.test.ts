import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../ingest/enrich/entities.ts';
import { curatedKnowledge } from '../../ingest/enrich/knowledge.ts';
import type { NameCandidate } from '../../ingest/enrich/names/candidates.ts';
import { cleanPersonTokens, extractPersons, withoutOrganizationNames } from '../../ingest/enrich/persons/extract.ts';

const article = (title: string, body: string) => ({ title, standfirst: '', body });

describe('persons', () => {
  it('strips titles and folds later surname and title+surname mentions into the full name', () => {
    const r = extractEntities(
      article(
        'Minister visits the port',
        'Prime Minister Helga Brandvold visited the harbour on Monday.\n\n' +
          'Brandvold said the new quay would open next year. Dr. Brandvold later met dock workers.',
      ),
    );
    expect(r.persons).toEqual(['Helga Brandvold']);
    const why = r.explanations.find((e) => e.facet === 'persons');
    expect(why?.rule).toBe('tagger');
    expect(why?.mentions).toEqual(expect.arrayContaining(['Helga Brandvold', 'Brandvold']));
  });

  it('does not take roles or places for persons', () => {
    const r = extractEntities(article('Budget talks', 'The Finance Minister told parliament in Oslo that the budget was balanced.'));
    expect(r.persons).toEqual([]);
  });

  it('keeps initials and re-cases names read from an upper-case headline', () => {
    const r = extractEntities(
      article('CAIRNS STARS AS HOSTS WIN', 'All-rounder C. Cairns took four wickets as the hosts won by six runs.'),
    );
    expect(r.persons).toEqual(['C. Cairns']);
  });

  it('cleans a span: possessive and leading title dropped, capitals re-cased', () => {
    expect(cleanPersonTokens(['President', 'Anna', 'Kovacs', "'s"], false)).toEqual(['Anna', 'Kovacs']);
    expect(cleanPersonTokens(['DG'], false)).toBeUndefined();
    expect(cleanPersonTokens(['Guy', 'Mansell', 'QC'], false)).toEqual(['Guy', 'Mansell']);
    expect(cleanPersonTokens(['Treasurer', 'Ian', 'Costa'], false)).toEqual(['Ian', 'Costa']);
    expect(cleanPersonTokens(['Nia', 'Gwyn', 'AM'], false)).toEqual(['Nia', 'Gwyn']);
    expect(cleanPersonTokens(['AL-HASSAN'], true)).toEqual(['Al-Hassan']);
    // An amount is not a name ("the 5.45m Euros he earned").
    expect(cleanPersonTokens(['5.45m', 'Euros'], false)).toBeUndefined();
  });
});

describe('a common phrase is not a person', () => {
  const personsOf = (body: string) => extractEntities({ title: 'Weekend listings', standfirst: '', body }).persons;

  it('drops a name opening with a common word that the article never shortens or titles', () => {
    expect(personsOf('Fans queued overnight to see Silver Harbour play at the Barrowland on Saturday.')).not.toContain('Silver Harbour');
  });

  it('keeps it when the article also calls the person by part of the name', () => {
    const persons = personsOf('Singer Delta Rayne topped the chart again this week. Rayne, 21, said the song was written in a day.');
    expect(persons).toContain('Delta Rayne');
  });
});

describe('companies the tagger reads as persons', () => {
  it('are organizations when the last word is an industry', () => {
    const r = extractEntities({
      title: 'Deal',
      standfirst: '',
      body: 'Woodvale Petroleum agreed to buy a stake in the field, Woodvale Petroleum said on Monday. The deal with Ordon Steel was signed by chief executive Lars Berg.',
    });
    expect(r.persons).toEqual(['Lars Berg']);
    expect(r.organizations).toEqual(expect.arrayContaining(['Woodvale Petroleum', 'Ordon Steel']));
  });
});

describe('names of companies that look like persons', () => {
  const knowledge = curatedKnowledge();
  const person = (surface: string): NameCandidate => ({ type: 'PER', tokens: surface.split(' '), surface, sentence: 0, caps: false });

  it('a common first word is no given name, and a shortened mention of it no surname', () => {
    expect(extractPersons([person('Blue Heron'), person('Blue')], knowledge).persons).toEqual([]);
    expect(extractPersons([person('Blue Heron'), person('Heron')], knowledge).persons).toEqual(['Blue Heron']);
  });

  it('the start of an organization the article names is that organization', () => {
    const result = extractPersons([person('Vesta Robotics'), person('Anna Marsh')], knowledge);
    expect(withoutOrganizationNames(result, ['Vesta Robotics Inc.']).persons).toEqual(['Anna Marsh']);
  });
});
