import { describe, expect, it } from 'vitest';
import { FACETS, FACET_KEYS_FIELDS, FACET_KEY_SEPARATOR, FACET_NAMES, facetKeys, parseFacetKey } from '../../src/facets.ts';
import { desiredSettings } from '../../src/meili/settings.ts';
import { facetNameSchema, searchSchema } from '../../src/search/params.ts';
import { FACET_LABELS, PAGE_FACETS } from '../../src/server/page/labels.ts';

describe('facetKeys', () => {
  it('gives one key per token suffix of the value', () => {
    expect(facetKeys('Tony Blair')).toEqual(['tony blair ⇒ Tony Blair', 'blair ⇒ Tony Blair']);
  });

  it('adds one key per alias, lower-cased, without duplicates', () => {
    expect(facetKeys('United Kingdom', ['UK', 'Britain', 'British', 'united kingdom'])).toEqual([
      'united kingdom ⇒ United Kingdom',
      'kingdom ⇒ United Kingdom',
      'uk ⇒ United Kingdom',
      'britain ⇒ United Kingdom',
      'british ⇒ United Kingdom',
    ]);
  });

  it('splits at hyphens too, and never starts a key with a function word', () => {
    expect(facetKeys('Bank of England')).toEqual(['bank of england ⇒ Bank of England', 'england ⇒ Bank of England']);
    expect(facetKeys('Al-Shabaab')).toEqual(['al-shabaab ⇒ Al-Shabaab', 'shabaab ⇒ Al-Shabaab']);
  });

  it('normalises white space in the value and gives nothing for an empty value', () => {
    expect(facetKeys('  Edi   Rama ')).toEqual(['edi rama ⇒ Edi Rama', 'rama ⇒ Edi Rama']);
    expect(facetKeys('   ')).toEqual([]);
  });

  it('parses back to the key and the canonical value', () => {
    for (const entry of facetKeys('United Nations', ['UN'])) {
      expect(parseFacetKey(entry)?.value).toBe('United Nations');
    }
    expect(parseFacetKey(`un${FACET_KEY_SEPARATOR}United Nations`)).toEqual({ key: 'un', value: 'United Nations' });
    expect(parseFacetKey('United Nations')).toBeUndefined();
  });
});

describe('the facet registry', () => {
  it('is where the API parameters, facet names and page labels come from', () => {
    const shape = Object.keys(searchSchema.shape);
    for (const facet of FACETS) {
      expect(shape).toContain(facet.name);
      expect(facetNameSchema.safeParse(facet.name).success).toBe(true);
      expect(FACET_LABELS[facet.name]).toEqual(facet.label);
    }
    expect([...PAGE_FACETS].sort()).toEqual([...FACET_NAMES].sort());
  });

  it('is merged into the index settings: facet fields filterable and displayed, keys fields facet-searchable only', () => {
    const settings = desiredSettings();
    const filterable = settings.filterableAttributes ?? [];
    for (const facet of FACETS) {
      expect(filterable).toContain(facet.field);
      expect(settings.displayedAttributes).toContain(facet.field);
    }
    for (const field of FACET_KEYS_FIELDS) {
      expect(filterable).toContainEqual({
        attributePatterns: [field],
        features: { facetSearch: true, filter: { equality: false, comparison: false } },
      });
      expect(settings.displayedAttributes).not.toContain(field);
      expect(settings.searchableAttributes).not.toContain(field);
    }
    expect(settings.displayedAttributes).not.toContain('*');
  });
});
