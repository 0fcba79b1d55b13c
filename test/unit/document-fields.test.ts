import { describe, expect, it } from 'vitest';
import {
  documentEnrichmentFields,
  ENRICHMENT_FIELDS,
  facetKeys,
  withConfirmedOrganizations,
  withResolvedPersons,
} from '../../ingest/enrich/document-fields.ts';
import { noEnrichment } from '../../ingest/enrich/enrich.ts';
import type { Enrichment } from '../../ingest/enrich/types.ts';

function enrichment(overrides: Partial<Enrichment> = {}): Enrichment {
  return { ...noEnrichment(), ...overrides };
}

describe('facetKeys', () => {
  it('gives a key for every token suffix of the value and every alias, lower-cased', () => {
    expect(facetKeys('Tony Blair', ['Anthony Blair'])).toEqual([
      'tony blair ⇒ Tony Blair',
      'blair ⇒ Tony Blair',
      'anthony blair ⇒ Tony Blair',
    ]);
  });

  it('dedupes keys that several forms share', () => {
    expect(facetKeys('George W Bush', ['George Bush', 'george bush', 'Bush'])).toEqual([
      'george w bush ⇒ George W Bush',
      'w bush ⇒ George W Bush',
      'bush ⇒ George W Bush',
      'george bush ⇒ George W Bush',
    ]);
  });

  it('collapses whitespace in keys, skips empty aliases and keeps the value as it is', () => {
    expect(facetKeys('Pelé', ['  ', 'Edson  Arantes do Nascimento'])).toEqual(['pelé ⇒ Pelé', 'edson arantes do nascimento ⇒ Pelé']);
    expect(facetKeys('United Nations', ['UN'])).toEqual([
      'united nations ⇒ United Nations',
      'nations ⇒ United Nations',
      'un ⇒ United Nations',
    ]);
  });
});

describe('documentEnrichmentFields', () => {
  it("returns the facets, the keys of each entity facet, every alias, the pending surnames and the works' titles", () => {
    const fields = documentEnrichmentFields(
      enrichment({
        facets: {
          countries: ['United Kingdom'],
          countryCodes: ['GB'],
          persons: ['Tony Blair'],
          organizations: ['United Nations'],
          topics: ['politics'],
        },
        aliases: {
          persons: { 'Tony Blair': ['Anthony Blair'] },
          organizations: { 'United Nations': ['UN'] },
          countries: { 'United Kingdom': ['UK', 'Britain'] },
        },
        pendingPersons: ['Brown', 'Brown'],
        workTitles: ['Vera Drake', 'Vera Drake'],
      }),
    );
    expect(fields).toEqual({
      countries: ['United Kingdom'],
      countryCodes: ['GB'],
      persons: ['Tony Blair'],
      organizations: ['United Nations'],
      topics: ['politics'],
      personKeys: ['tony blair ⇒ Tony Blair', 'blair ⇒ Tony Blair', 'anthony blair ⇒ Tony Blair'],
      organizationKeys: ['united nations ⇒ United Nations', 'nations ⇒ United Nations', 'un ⇒ United Nations'],
      countryKeys: ['united kingdom ⇒ United Kingdom', 'kingdom ⇒ United Kingdom', 'uk ⇒ United Kingdom', 'britain ⇒ United Kingdom'],
      entityAliases: ['Anthony Blair', 'UN', 'UK', 'Britain'],
      pendingPersons: ['Brown'],
      pendingOrganizations: [],
      workTitles: ['Vera Drake'],
    });
    expect(Object.keys(fields).sort()).toEqual([...ENRICHMENT_FIELDS].sort());
  });

  it('ignores aliases of values that are not in the facets, and an alias equal to its value', () => {
    const fields = documentEnrichmentFields(
      enrichment({
        facets: { countries: [], countryCodes: [], persons: ['Madonna'], organizations: [], topics: [] },
        aliases: { persons: { Madonna: ['Madonna'], 'Tony Blair': ['Anthony Blair'] }, organizations: {}, countries: {} },
      }),
    );
    expect(fields.entityAliases).toEqual([]);
    expect(fields.personKeys).toEqual(['madonna ⇒ Madonna']);
  });
});

describe('withResolvedPersons', () => {
  it('moves a resolved surname from pendingPersons to persons, with its keys and aliases', () => {
    const stored = {
      persons: ['Gordon Brown'],
      personKeys: ['gordon brown ⇒ Gordon Brown', 'brown ⇒ Gordon Brown'],
      entityAliases: [],
      pendingPersons: ['Blair', 'Smith'],
    };
    expect(withResolvedPersons(stored, [{ surname: 'blair', name: 'Tony Blair', aliases: ['Anthony Blair'] }])).toEqual({
      persons: ['Gordon Brown', 'Tony Blair'],
      personKeys: [
        'gordon brown ⇒ Gordon Brown',
        'brown ⇒ Gordon Brown',
        'tony blair ⇒ Tony Blair',
        'blair ⇒ Tony Blair',
        'anthony blair ⇒ Tony Blair',
      ],
      entityAliases: ['Anthony Blair'],
      pendingPersons: ['Smith'],
    });
  });

  it('treats fields a document stored before they existed as empty', () => {
    expect(withResolvedPersons({ pendingPersons: ['Blair'] }, [{ surname: 'Blair', name: 'Tony Blair', aliases: [] }])).toEqual({
      persons: ['Tony Blair'],
      personKeys: ['tony blair ⇒ Tony Blair', 'blair ⇒ Tony Blair'],
      entityAliases: [],
      pendingPersons: [],
    });
  });
});

describe('withConfirmedOrganizations', () => {
  it('moves confirmed names from pendingOrganizations into organizations, with their keys', () => {
    const out = withConfirmedOrganizations(
      { organizations: ['BBC'], organizationKeys: ['bbc ⇒ BBC'], pendingOrganizations: ['Tiscali', 'Envisional'] },
      ['Tiscali'],
    );
    expect(out).toEqual({
      organizations: ['BBC', 'Tiscali'],
      organizationKeys: ['bbc ⇒ BBC', 'tiscali ⇒ Tiscali'],
      pendingOrganizations: ['Envisional'],
    });
  });
});
