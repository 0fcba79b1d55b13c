/**
 * Facet-value search by any word or alias of a value, through the keys fields that ingest
 * writes (facetKeys), against a real Meilisearch; and the fallback to the plain facet field for
 * documents indexed before keys existed.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Article } from '../../src/article.ts';
import { facetKeys } from '../../src/facets.ts';
import { deleteIndex, get, makeArticle, seedIndex, startApp, type RunningApp } from './api-helpers.ts';

const ALIASES: Record<string, string[]> = {
  'United Kingdom': ['UK', 'Britain', 'British'],
  'United States': ['US', 'USA', 'America'],
  'United Nations': ['UN'],
  // An alias no text, facet value or synonym holds: only the keys field knows it.
  'Gordon Brown': ['Quaestor Maximus'],
};
const keysOf = (values: string[]) => values.flatMap((v) => facetKeys(v, ALIASES[v] ?? []));

/** An article as ingest writes it now: facet values and their keys. */
function keyed(fields: Partial<Article> & { title: string }): Article {
  const article = makeArticle(fields);
  return {
    ...article,
    countryKeys: keysOf(article.countries),
    personKeys: keysOf(article.persons),
    organizationKeys: keysOf(article.organizations),
  };
}

const articles: Article[] = [
  keyed({
    id: 'blair-iraq',
    title: 'Blair defends the Iraq war',
    countries: ['United Kingdom', 'Iraq'],
    persons: ['Tony Blair'],
    body: 'war inquiry',
  }),
  keyed({
    id: 'blair-peace',
    title: 'Blair in the Middle East',
    countries: ['United Kingdom', 'Israel'],
    persons: ['Tony Blair', 'Cherie Blair'],
    body: 'peace envoy',
  }),
  keyed({
    id: 'brown',
    title: 'Brown at the UN',
    countries: ['United Kingdom', 'United States'],
    persons: ['Gordon Brown'],
    organizations: ['United Nations'],
    body: 'summit',
  }),
  keyed({ id: 'un-1', title: 'UN assembly', countries: ['United States'], organizations: ['United Nations'], body: 'summit' }),
  keyed({ id: 'un-2', title: 'UN agencies', countries: ['United States'], organizations: ['United Nations', 'Unicef'], body: 'aid' }),
  keyed({ id: 'us-1', title: 'Washington report', countries: ['United States'], persons: ['Tony Abbott'], body: 'aid' }),
  keyed({ id: 'us-2', title: 'Washington again', countries: ['United States'], organizations: ['Universal Music'], body: 'aid' }),
  // Indexed before keys existed: found through the plain field only.
  makeArticle({ id: 'old', title: 'An older article', persons: ['Edi Rama'], countries: ['Albania'], body: 'tirana' }),
];

const index = `test_api_facet_keys_${Math.random().toString(36).slice(2, 8)}`;
let app: RunningApp;

beforeAll(async () => {
  const key = await seedIndex(inject('meiliUrl'), inject('meiliKey'), index, articles);
  app = await startApp({ meili: { url: inject('meiliUrl'), searchKey: key }, index, rateLimitPerMinute: 0 });
});
afterAll(async () => {
  await app?.close();
  await deleteIndex(inject('meiliUrl'), inject('meiliKey'), index);
});

type Values = Array<{ value: string; count: number; selected: boolean }>;
async function values(path: string): Promise<Values> {
  const response = await get(app.url, path);
  expect(response.status, response.text).toBe(200);
  return response.json<{ values: Values }>().values;
}

describe('GET /api/facets/:facet by any word or alias', () => {
  it('finds a person by the surname ("blair"), one entry per person with its count', async () => {
    expect(await values('/api/facets/person?q=blair')).toEqual([
      { value: 'Tony Blair', count: 2, selected: false },
      { value: 'Cherie Blair', count: 1, selected: false },
    ]);
  });

  it('puts the value whose alias equals the query first ("uk", "un"), then the most frequent', async () => {
    expect((await values('/api/facets/country?q=uk'))[0]).toEqual({ value: 'United Kingdom', count: 3, selected: false });
    const un = await values('/api/facets/organization?q=un');
    expect(un.map((v) => v.value).sort()).toEqual(['Unicef', 'United Nations', 'Universal Music']);
    expect(un[0]!.value).toBe('United Nations');
    expect(un[0]!.count).toBe(3);
    const us = await values('/api/facets/country?q=united');
    expect(us.map((v) => v.value)).toEqual(['United States', 'United Kingdom']);
  });

  it('counts within the search and the other filters, and marks selected values', async () => {
    expect(await values('/api/facets/country?q=britain&search=blair&person=Cherie+Blair&country=United+Kingdom')).toEqual([
      { value: 'United Kingdom', count: 1, selected: true },
    ]);
  });

  it('still finds values of documents without keys by the start of the value', async () => {
    expect(await values('/api/facets/person?q=edi')).toEqual([{ value: 'Edi Rama', count: 1, selected: false }]);
    expect(await values('/api/facets/person?q=rama')).toEqual([]);
  });

  it('never shows the keys fields in hits or articles, and never matches a query on them', async () => {
    const search = (await get(app.url, '/api/search?q=quaestor')).json<{ totalHits: number; hits: Array<Record<string, unknown>> }>();
    expect(search.totalHits).toBe(0);
    expect(await values('/api/facets/person?q=quaestor')).toEqual([{ value: 'Gordon Brown', count: 1, selected: false }]);
    const hit = (await get(app.url, '/api/search?q=blair')).json<{ hits: Array<Record<string, unknown>> }>().hits[0]!;
    expect(Object.keys(hit).some((k) => k.endsWith('Keys'))).toBe(false);
    const article = (await get(app.url, '/api/articles/blair-iraq')).json<Record<string, unknown>>();
    expect(article['persons']).toEqual(['Tony Blair']);
    expect(Object.keys(article).some((k) => k.endsWith('Keys'))).toBe(false);
  });
});
