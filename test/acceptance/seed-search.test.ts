/**
 * The canonical user story, end to end: the seed article and the demo articles go through the
 * real ingester into a real Meilisearch; the API (with its search-only key) finds the seed for
 * "Albania cyber" and narrows it by country and person.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ingest } from '../../ingest/ingest.ts';
import { DEMO_DIR } from '../../start/demo.ts';
import { setupIndex } from '../../src/meili/setup.ts';
import { startApp, type RunningApp } from '../integration/api-helpers.ts';
import { testAdminClient, uniqueIndex } from '../support/meili.ts';
import { hasSharedData, sharedPath } from '../support/shared-data.ts';

const SEEDS = sharedPath('seeds');
const index = uniqueIndex('test_seed');
const admin = testAdminClient();
let app: RunningApp;

interface Hit {
  title: string;
  countries: string[];
  persons: string[];
  organizations: string[];
  topics: string[];
}
interface SearchResponse {
  totalHits: number;
  hits: Hit[];
  facets: Record<string, Array<{ value: string; count: number }>>;
}

async function search(query: string): Promise<SearchResponse> {
  const response = await fetch(`${app.url}/api/search?${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as SearchResponse;
}

const isSeed = (hit: Hit | undefined) => hit?.title.startsWith('Iran “not paying price”');

beforeAll(async () => {
  const setup = await setupIndex(admin, index, { adminKey: inject('meiliKey') });
  const report = await ingest([SEEDS, DEMO_DIR], { client: admin, index });
  expect(report.failed).toEqual([]);
  expect(report.indexed).toBeGreaterThanOrEqual(29);
  app = await startApp({ meili: { url: inject('meiliUrl'), searchKey: setup.searchKey }, index });
});

afterAll(async () => {
  await app?.close();
});

describe.skipIf(!hasSharedData(SEEDS))('seed article', () => {
  it('comes first for "Albania cyber"', async () => {
    const result = await search('q=Albania+cyber');
    expect(isSeed(result.hits[0])).toBe(true);
  });

  it('carries exactly the right countries, persons and organization facets', async () => {
    const seed = (await search('q=Albania+cyber')).hits[0]!;
    expect([...seed.countries].sort()).toEqual(['Albania', 'Iran', 'Israel']);
    expect([...seed.persons].sort()).toEqual(['Edi Rama', 'Gaby Portnoy', 'Yair Lapid']);
    expect(seed.organizations).toContain('Israel National Cyber Directorate');
    expect(seed.organizations).not.toContain('INCD');
    for (const notAPerson of ['Director General', 'Prime Minister', 'DG Portnoy', 'Portnoy', 'Rama', 'Lapid', 'Cyber Directorate']) {
      expect(seed.persons).not.toContain(notAPerson);
    }
    expect(seed.topics).toContain('cybersecurity');
    expect(seed.topics.some((t) => t === 'politics' || t === 'conflict, war and peace')).toBe(true);
  });

  it('is found with country=Albania&person=Edi Rama, and the facet counts include it', async () => {
    const result = await search('q=Albania+cyber&country=Albania&person=Edi+Rama');
    expect(isSeed(result.hits[0])).toBe(true);
    expect(result.facets['person']?.find((f) => f.value === 'Gaby Portnoy')?.count).toBeGreaterThanOrEqual(1);
  });

  it('finds nothing with person=Nobody', async () => {
    const result = await search('q=Albania+cyber&person=Nobody');
    expect(result.totalHits).toBe(0);
    expect(result.hits).toEqual([]);
  });
});
