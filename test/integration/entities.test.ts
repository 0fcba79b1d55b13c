/** Entity profiles and pages against a real Meilisearch: counts, dates, aliases, related values ranked by association, escaping. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { facetKeys } from '../../src/facets.ts';
import { MAX_VALUES_PER_FACET } from '../../src/meili/settings.ts';
import type { EntityProfile } from '../../src/analysis/entities.ts';
import { deleteIndex, get, makeArticle, seedIndex, startApp, type RunningApp } from './api-helpers.ts';
import { testArticles } from './api-fixtures.ts';
import { uniqueIndex } from '../support/meili.ts';

/** More months than maxValuesPerFacet (index-config/settings.json), so one facet answer cannot hold them all. */
const LONG_RUN_MONTHS = MAX_VALUES_PER_FACET + 12;

describe('entities', () => {
  const index = uniqueIndex('test_entities');
  let app: RunningApp;

  beforeAll(async () => {
    const blair = (n: number, countries: string[]) =>
      makeArticle({
        title: `Blair speech ${n}`,
        body: 'Tony Blair spoke about the peace process.',
        publishedAt: `2021-0${n}-10T10:00:00Z`,
        persons: ['Tony Blair'],
        personKeys: facetKeys('Tony Blair', ['TB', 'Anthony Blair']),
        // Only the first article wrote "Anthony Blair"; none wrote "TB" (its key is shown).
        entityAliases: n === 1 ? ['Anthony Blair'] : [],
        countries,
        source: n % 2 ? 'Thames Daily' : 'Harbour Gazette',
      });
    // Named once a month for more months than Meilisearch returns values of one facet.
    const longRunner = () =>
      Array.from({ length: LONG_RUN_MONTHS }, (_, i) =>
        makeArticle({
          title: `Harbour board minutes ${i}`,
          body: 'The harbour board met again.',
          publishedAt: new Date(Date.UTC(2010, i, 15, 9)).toISOString(),
          persons: ['Mara Quell'],
        }),
      );
    const searchKey = await seedIndex(inject('meiliUrl'), inject('meiliKey'), index, [
      ...testArticles(),
      blair(1, ['United Kingdom', 'Ireland']),
      blair(2, ['United Kingdom', 'Ireland']),
      blair(3, ['United Kingdom']),
      ...longRunner(),
    ]);
    app = await startApp({ meili: { url: inject('meiliUrl'), searchKey }, index, rateLimitPerMinute: 0 });
  });

  afterAll(async () => {
    await app?.close();
    await deleteIndex(inject('meiliUrl'), inject('meiliKey'), index);
  });

  it('profiles a person: count, first and last seen, timeline, sources, latest articles', async () => {
    const response = await get(app.url, '/api/entities/person/Edi%20Rama');
    expect(response.status).toBe(200);
    const profile = response.json<EntityProfile>();
    expect(profile).toMatchObject({
      facet: 'person',
      value: 'Edi Rama',
      count: 2,
      firstSeen: '2022-09-07T12:00:00.000Z',
      lastSeen: '2022-11-14T09:00:00.000Z',
    });
    expect(profile.timeline.total).toBe(2);
    expect(profile.sources.map((s) => s.value).sort()).toEqual(['Harbour Gazette', 'Tirana Ledger']);
    expect(profile.articles.map((a) => a.id)).toEqual(['cyber-visit', 'ties-cut']);
    expect(profile.archiveTotal).toBe(testArticles().length + 3 + LONG_RUN_MONTHS);
  });

  it('ranks related values by association, not by raw count, with a minimum count', async () => {
    const profile = (await get(app.url, '/api/entities/person/Edi%20Rama')).json<EntityProfile>();
    const countries = profile.related.country;
    expect(countries.map((c) => c.value)).toEqual(['Albania', 'Iran']);
    expect(countries[0]).toMatchObject({ count: 2, archiveCount: 2, score: 1 });
    expect(countries[1]!.archiveCount).toBe(3);
    expect(countries[1]!.score).toBeLessThan(1);
    expect(profile.related.person).toEqual([]); // Gaby Portnoy: one shared article, under the minimum
    const loose = (await get(app.url, '/api/entities/person/Edi%20Rama?minCount=1')).json<EntityProfile>();
    expect(loose.related.person.map((p) => p.value)).toEqual(['Gaby Portnoy']);
  });

  it('finds aliases in the keys field, and not the parts of the name', async () => {
    const profile = (await get(app.url, '/api/entities/person/Tony%20Blair')).json<EntityProfile>();
    expect(profile.aliases).toEqual(['Anthony Blair', 'tb']);
    // Ireland: in 2 of the 3 Blair articles and nowhere else; United Kingdom in all 3 and nowhere else.
    expect(profile.related.country.map((c) => c.value)).toEqual(['United Kingdom', 'Ireland']);
  });

  it('draws every month of an entity named over more months than one facet answer holds', async () => {
    const profile = (await get(app.url, '/api/entities/person/Mara%20Quell')).json<EntityProfile>();
    expect(profile.count).toBe(LONG_RUN_MONTHS);
    expect(profile.timeline.interval).toBe('month');
    expect(profile.timeline.total).toBe(LONG_RUN_MONTHS);
    const counted = profile.timeline.buckets.filter((b) => b.count > 0);
    expect(counted).toHaveLength(LONG_RUN_MONTHS);
    expect(counted.every((b) => b.count === 1)).toBe(true);
    expect(counted[0]!.period).toBe('2010-01');
  });

  it('takes the search parameters: an entity inside a query', async () => {
    const profile = (await get(app.url, '/api/entities/person/Edi%20Rama?q=hacking')).json<EntityProfile>();
    expect(profile.count).toBe(1);
    expect(profile.articles.map((a) => a.id)).toEqual(['ties-cut']);
  });

  it('answers 404 for unknown entities and facets, 400 for bad parameters', async () => {
    expect((await get(app.url, '/api/entities/person/Nobody%20Here')).status).toBe(404);
    expect((await get(app.url, '/api/entities/language/en')).json()).toMatchObject({ error: { code: 'unknown_facet' } });
    expect((await get(app.url, '/api/entities/person/Edi%20Rama?related=500')).status).toBe(400);
    expect((await get(app.url, '/api/entities/person/Edi%20Rama?colour=red')).json()).toMatchObject({
      error: { code: 'unknown_parameter' },
    });
  });

  it('renders the entity page with links and escapes what articles say', async () => {
    const page = await get(app.url, '/entities/person/Edi%20Rama');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1 class="entity-name">Edi Rama</h1>');
    expect(page.text).toContain('href="/entities/country/Albania"');
    expect(page.text).toContain('href="/?country=Albania&amp;person=Edi+Rama"');
    expect(page.text).toContain('href="/entities/source/Harbour%20Gazette"');
    const evil = await get(app.url, `/entities/person/${encodeURIComponent('<img src=y onerror=alert(5)>')}`);
    expect(evil.status).toBe(200);
    expect(evil.text).not.toContain('<img src=y');
    expect(evil.text).toContain('&lt;img src=y onerror=alert(5)&gt;');
  });

  it('links facet values and result tags of the search page to entity pages', async () => {
    const page = await get(app.url, '/?q=albania');
    expect(page.text).toContain('class="entity-link" href="/entities/person/Edi%20Rama"');
    expect(page.text).toContain('class="entity-link" href="/entities/country/Albania"');
  });
});
