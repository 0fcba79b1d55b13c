/**
 * `lede reindex` (the real CLI) while searches run in a loop with the search-only key: the
 * index is rebuilt with the current settings and enrichment, swapped in atomically, the old one
 * deleted; not one search fails or comes back empty, and no document is lost.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ingest } from '../../ingest/ingest.ts';
import { createMeiliClient } from '../../src/meili/client.ts';
import { desiredSettings, settingsDiff } from '../../src/meili/settings.ts';
import { setupIndex } from '../../src/meili/setup.ts';
import { runLede } from '../support/lede-cli.ts';
import { testAdminClient, uniqueIndex } from '../support/meili.ts';

const SAMPLES = fileURLToPath(new URL('../../ingest/samples', import.meta.url));

const client = testAdminClient();
const index = uniqueIndex('test_reindex');
let dir: string;
let searchKey: string;

/** A document as an older Lede would have stored it: stale facets, unnormalised text. */
const STALE = {
  id: 'stale-harbour-0001',
  url: null,
  source: 'Old Source',
  title: 'Harbour   dredging\u00ADplan approved',
  standfirst: '',
  body: 'The harbour board of Rotterdam in the Netherlands approved the dredging plan on Tuesday.\n\nWork starts in May.',
  authors: [],
  publishedAt: '2024-04-02T09:00:00Z',
  publishedTs: 1712048400,
  modifiedAt: null,
  publishedDay: '2024-04-02',
  publishedWeek: '2024-W14',
  publishedMonth: '2024-04',
  dateSource: 'meta',
  language: 'en',
  countries: ['Atlantis'],
  countryCodes: ['AT'],
  persons: [],
  organizations: [],
  topics: ['stale-topic'],
  cluster: 'old-cluster',
};
/** A document that would not pass normalisation today (no text): kept as it is, not dropped. */
const NO_TEXT = { ...STALE, id: 'no-text-0001', title: 'Headline only harbour note', body: '', standfirst: '' };

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lede-reindex-'));
  const setup = await setupIndex(client, index, { adminKey: inject('meiliKey') });
  searchKey = setup.searchKey!;
  const report = await ingest([SAMPLES], { client, index });
  expect(report.failed).toEqual([]);
  const added = await client.index(index).addDocuments([STALE, NO_TEXT]).waitTask();
  expect(added.status).toBe('succeeded');
  // Settings that drifted from index-config/: reindex must bring them back.
  const drift = await client
    .index(index)
    .updateSettings({ searchableAttributes: ['title', 'body'] })
    .waitTask();
  expect(drift.status).toBe('succeeded');
}, 120_000);

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await client.deleteIndex(index).waitTask();
});

describe('lede reindex', () => {
  it('rebuilds and swaps the index while searches keep answering', async () => {
    const before = (await client.index(index).getStats()).numberOfDocuments;
    const searcher = createMeiliClient(inject('meiliUrl'), searchKey);
    let searches = 0;
    const failures: string[] = [];
    let running = true;
    const loop = (async () => {
      while (running) {
        try {
          const result = await searcher.index(index).search('harbour', { limit: 5 });
          if (result.hits.length === 0) failures.push(`no hits after ${searches} searches`);
        } catch (error) {
          failures.push((error as Error).message);
        }
        searches++;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();

    const run = await runLede(['reindex'], {
      cwd: dir,
      env: { MEILI_URL: inject('meiliUrl'), MEILI_MASTER_KEY: inject('meiliKey'), LEDE_INDEX: index },
    });
    running = false;
    await loop;

    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`Rebuilt index "${index}" (${before} documents)`);
    expect(run.stderr).toMatch(/kept unchanged: document no-text-0001: empty-article/);
    expect(`${run.stdout}${run.stderr}`).not.toContain(inject('meiliKey'));
    expect(failures).toEqual([]);
    expect(searches).toBeGreaterThan(10);

    expect((await client.index(index).getStats()).numberOfDocuments).toBe(before);
    const leftovers = (await client.getIndexes({ limit: 1000 })).results.filter((i) => i.uid.startsWith(`${index}_reindex_`));
    expect(leftovers).toEqual([]);
    const settings = await client.index(index).getSettings();
    expect(settings.searchableAttributes).toEqual(desiredSettings().searchableAttributes);
    expect(settingsDiff({ filterableAttributes: desiredSettings().filterableAttributes }, settings)).toEqual({});
  }, 60_000);

  it('normalised and enriched the documents again, keeping their ids', async () => {
    const stale = await client.index(index).getDocument(STALE.id);
    expect(stale['title']).toBe('Harbour dredgingplan approved');
    expect(stale['topics']).not.toContain('stale-topic');
    expect(stale['countries']).toContain('Netherlands');
    expect(stale['countries']).not.toContain('Atlantis');
    expect(stale['dateSource']).toBe('meta');
    expect(stale['cluster']).not.toBe('old-cluster');
    expect(await client.index(index).getDocument(NO_TEXT.id)).toMatchObject({ title: NO_TEXT.title, topics: ['stale-topic'] });
  });
});
