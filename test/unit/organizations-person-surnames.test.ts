/**
 * One-word "organizations" that are a person's surname (a footballer called by his surname, read
 * as a club), and the known organizations that share a word with a person and must stay. The
 * candidates are built by hand, so that the rule is tested apart from the tagger's reading.
 */
import { describe, expect, it } from 'vitest';
import { curatedKnowledge, nameKey } from '../../ingest/enrich/knowledge.ts';
import type { NameCandidate } from '../../ingest/enrich/names/candidates.ts';
import { tagText } from '../../ingest/enrich/ner/tag.ts';
import { extractOrganizations } from '../../ingest/enrich/organizations/extract.ts';
import { isArchiveSurname, MemoryArchive } from '../../ingest/enrich/resolve.ts';

const knowledge = curatedKnowledge();

function org(name: string): NameCandidate {
  return { type: 'ORG', tokens: name.split(' '), surface: name, sentence: 0, caps: false, known: knowledge.byForm.get(nameKey(name)) };
}

function organizationsOf(text: string, names: string[], persons: string[]): string[] {
  return extractOrganizations(tagText(text), text, names.map(org), knowledge, persons).organizations;
}

describe('a one-word organization that is a person of the article', () => {
  it('the surname of a person named in full is that person, not a club', () => {
    const text = 'Rovaldo Kessane scored twice. Kessane then limped off, and Kessane was replaced by a teenager.';
    expect(organizationsOf(text, ['Kessane', 'Kessane'], ['Rovaldo Kessane'])).not.toContain('Kessane');
  });

  it('a known organization stays, though a person of the article shares its name', () => {
    const text = 'Chelsea Marlowe watched Chelsea win. Chelsea have now won five in a row.';
    expect(organizationsOf(text, ['Chelsea', 'Chelsea'], ['Chelsea Marlowe'])).toContain('Chelsea');
  });
});

describe('a one-word pending organization the archive knows as a surname', () => {
  const article = (persons: string[], organizations: string[], pendingOrganizations: string[]) => ({
    persons,
    organizations,
    topics: ['sport'],
    pendingPersons: [],
    pendingOrganizations,
  });

  it('is not confirmed where the article shares a person or an organization with that person', () => {
    const archive = new MemoryArchive();
    const profile = article(['Rovaldo Kessane'], ['Harbour City'], []);
    const report = article(['Tam Ostrow'], ['Harbour City'], ['Kessane']);
    const lineUp = article([], ['Vale Rangers'], ['Kessane']);
    for (const a of [profile, report, lineUp]) archive.add(a);
    expect(archive.confirmedOrganizations(report)).not.toContain('Kessane');
    // Nothing ties the line-up to Rovaldo Kessane: "Kessane" may be a club there, the other mention confirms it.
    expect(archive.confirmedOrganizations(lineUp)).toContain('Kessane');
  });

  it('only a one-word name with a person of the circle behind it', () => {
    expect(isArchiveSurname('Kessane', 1)).toBe(true);
    expect(isArchiveSurname('Kessane', 0)).toBe(false);
    expect(isArchiveSurname('Kessane Town', 1)).toBe(false);
  });
});
