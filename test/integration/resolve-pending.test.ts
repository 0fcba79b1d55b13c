/**
 * The archive resolution pass against a real Meilisearch: an article that names a person by
 * surname alone gets the full name when the archive makes it clear, through a partial update,
 * and keeps it pending otherwise.
 *
 * The first tests inject the enrichment (the persons and pending surnames of constructed
 * articles), so they test the pass and not the tagger. The last one runs the real `lede ingest`
 * on two written articles ("<Full Name> said…", "Mr <Surname> said…"); it needs the tagger to
 * leave the surname pending, and is skipped when it leaves none of its names pending.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { enrich } from '../../ingest/enrich/enrich.ts';
import type { Enrichment, EnrichInput } from '../../ingest/enrich/types.ts';
import { ingest } from '../../ingest/ingest.ts';
import { indexDocuments, type StoredDocument } from '../../ingest/ops/documents.ts';
import { resolvePending } from '../../ingest/ops/resolve-pending.ts';
import { retag } from '../../ingest/ops/retag.ts';
import { applySettings } from '../../src/meili/settings.ts';
import { runLede } from '../support/lede-cli.ts';
import { testAdminClient, uniqueIndex } from '../support/meili.ts';

const client = testAdminClient();
/** Long enough for a loaded machine (the client's default is 5 s). */
const TASK_WAIT = { timeout: 60_000 };
const index = uniqueIndex('test_resolve');
const cliIndex = uniqueIndex('test_resolve_cli');
let dir: string;

/** What the injected enricher gives each constructed article, by title. */
const TAGS: Record<
  string,
  {
    persons?: string[];
    organizations?: string[];
    topics?: string[];
    pending?: string[];
    pendingOrganizations?: string[];
    workTitles?: string[];
  }
> = {
  'Blair opens school': { persons: ['Tony Blair'], topics: ['education'] },
  'Blair speaks': { pending: ['Blair'], topics: ['politics'] },
  'Blairs on tour': { persons: ['Lionel Blairs'], topics: ['arts'] },
  'Smith and Brown meet': { persons: ['John Smith', 'Gordon Brown'], topics: ['politics'] },
  'Smith and Brown again': { persons: ['John Smith', 'Gordon Brown'], topics: ['politics'] },
  'Smith on markets': { persons: ['Adam Smith'], topics: ['economy'] },
  'Brown and Smith': { persons: ['Gordon Brown'], pending: ['Smith'], topics: ['politics'] },
  'Smith alone': { pending: ['Smith'], topics: ['weather'] },
  'Nobody knows Zed': { pending: ['Zed'], topics: ['weather'] },
  // The archive's only "… Life" is a company the tagger read as a person: taken only where linked.
  'Axa results': { persons: ['Axa Sun Life'], topics: ['economy'] },
  'Life on the blogs': { pending: ['Life'], topics: ['technology'] },
  'Life insurers merge': { pending: ['Life'], topics: ['economy'] },
  'Acme results': { organizations: ['Acme Holdings'], topics: ['economy'] },
  'Acme expands': { pendingOrganizations: ['Acme Holdings'], topics: ['economy'] },
  'Quuxco note': { pendingOrganizations: ['Quuxco'], topics: ['economy'] },
  // One article calls Rosa Lindell and Starfall works ("the film …", "Starfall 2 is"); others took them for names.
  'Rosa Lindell reviewed': { workTitles: ['Rosa Lindell', 'Starfall'], topics: ['film'] },
  'Lindqvist nominated': { persons: ['Marta Lindqvist', 'Rosa Lindell'], topics: ['film'] },
  'Starfall launch': { organizations: ['Brightwater Studios', 'Starfall'], topics: ['games'] },
};

function injected(doc: EnrichInput): Enrichment {
  const tags = TAGS[doc.title] ?? {};
  return {
    facets: {
      countries: [],
      countryCodes: [],
      persons: tags.persons ?? [],
      organizations: tags.organizations ?? [],
      topics: tags.topics ?? [],
    },
    aliases: { persons: {}, organizations: {}, countries: {} },
    pendingPersons: tags.pending ?? [],
    pendingOrganizations: tags.pendingOrganizations ?? [],
    workTitles: tags.workTitles ?? [],
    explanations: [],
  };
}

async function byTitle(uid: string): Promise<Map<string, StoredDocument>> {
  const docs = new Map<string, StoredDocument>();
  for await (const doc of indexDocuments(client, uid)) docs.set(String(doc['title']), doc);
  return docs;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lede-resolve-'));
  const articles = Object.keys(TAGS).map((title) =>
    JSON.stringify({ title, body: `${title}: a story written for this test.`, source: 'Test Wire' }),
  );
  writeFileSync(path.join(dir, 'articles.ndjson'), `${articles.join('\n')}\n`);
  await applySettings(client, index);
  const report = await ingest([path.join(dir, 'articles.ndjson')], { client, index, pipeline: { enrich: injected } });
  expect(report.failed).toEqual([]);
  expect(report.indexed).toBe(Object.keys(TAGS).length);
}, 120_000);

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await client.deleteIndex(index).waitTask(TASK_WAIT);
  await client.deleteIndex(cliIndex).waitTask(TASK_WAIT);
});

describe('resolvePending', () => {
  it('--dry-run counts what it would resolve and writes nothing', async () => {
    const before = await byTitle(index);
    const report = await resolvePending(client, index, { dryRun: true });
    expect(report).toMatchObject({
      documents: 8,
      resolved: 3,
      unresolved: 3,
      confirmedOrganizations: 1,
      workTitles: 2,
      titleDocuments: 2,
      updated: 0,
      dryRun: true,
    });
    expect(await byTitle(index)).toEqual(before);
  });

  it('resolves a surname the archive knows one person by, and one that co-occurs clearly more; leaves the rest pending', async () => {
    const report = await resolvePending(client, index);
    expect(report).toMatchObject({
      documents: 8,
      resolved: 3,
      unresolved: 3,
      confirmedOrganizations: 1,
      workTitles: 2,
      titleDocuments: 2,
      updated: 6,
      failed: [],
      unindexed: 0,
    });
    const docs = await byTitle(index);

    // "blair" also matches "blairs ⇒ Lionel Blairs" by prefix: only Tony Blair counts.
    expect(docs.get('Blair speaks')).toMatchObject({
      persons: ['Tony Blair'],
      pendingPersons: [],
      personKeys: expect.arrayContaining(['tony blair ⇒ Tony Blair', 'blair ⇒ Tony Blair']),
    });
    // John Smith appears beside Gordon Brown twice, Adam Smith never.
    expect(docs.get('Brown and Smith')).toMatchObject({ persons: ['Gordon Brown', 'John Smith'], pendingPersons: [] });
    // Two Smiths and nothing in common with either: stays pending, out of the facet.
    expect(docs.get('Smith alone')).toMatchObject({ persons: [], pendingPersons: ['Smith'] });
    expect(docs.get('Nobody knows Zed')).toMatchObject({ persons: [], pendingPersons: ['Zed'] });
    expect(docs.get('Life on the blogs')).toMatchObject({ persons: [], pendingPersons: ['Life'] });
    expect(docs.get('Life insurers merge')).toMatchObject({ persons: ['Axa Sun Life'], pendingPersons: [] });
    // Another article names Acme Holdings as an organization: confirmed. Nothing confirms Quuxco.
    expect(docs.get('Acme expands')).toMatchObject({ organizations: ['Acme Holdings'], pendingOrganizations: [] });
    expect(docs.get('Quuxco note')).toMatchObject({ organizations: [], pendingOrganizations: ['Quuxco'] });
    // A work's title is not a person or an organization in any article (keys go with the value).
    expect(docs.get('Lindqvist nominated')).toMatchObject({ persons: ['Marta Lindqvist'] });
    expect(docs.get('Lindqvist nominated')!['personKeys']).not.toContain('rosa lindell ⇒ Rosa Lindell');
    expect(docs.get('Starfall launch')).toMatchObject({ organizations: ['Brightwater Studios'] });
    // The text was not touched.
    expect(docs.get('Blair speaks')!['body']).toBe('Blair speaks: a story written for this test.');
  });

  it('finds nothing more to do when run again', async () => {
    expect(await resolvePending(client, index)).toMatchObject({
      documents: 4,
      resolved: 0,
      unresolved: 3,
      confirmedOrganizations: 0,
      titleDocuments: 0,
      updated: 0,
    });
  });

  it('lets retag keep what the pass resolved, without rewriting it', async () => {
    const report = await retag(client, index, { pipeline: { enrich: injected } });
    expect(report).toMatchObject({ read: Object.keys(TAGS).length, changed: 0, failed: [] });
  });

  it('lets retag undo a resolution the archive no longer supports: a document is no evidence for itself', async () => {
    const docs = await byTitle(index);
    const only = docs.get('Blair opens school')!;
    expect((await client.index(index).deleteDocument(String(only['id'])).waitTask(TASK_WAIT)).status).toBe('succeeded');
    const report = await retag(client, index, { pipeline: { enrich: injected } });
    expect(report).toMatchObject({ changed: 1, written: 1, failed: [] });
    expect(report.samples[0]?.title).toBe('Blair speaks');
    expect((await byTitle(index)).get('Blair speaks')).toMatchObject({ persons: [], pendingPersons: ['Blair'] });
  });
});

describe('lede ingest runs the resolution pass', () => {
  // Which lone surnames the tagger leaves pending is the tagger's business (a surname that is also
  // a given name, like "Blair", is dropped): the test takes the first pair it handles.
  const PAIRS = [
    ['Tony Blair', 'Blair'],
    ['Gordon Brown', 'Brown'],
    ['Emily Thornbury', 'Thornbury'],
    ['Keir Starmer', 'Starmer'],
  ] as const;
  const articleA = (full: string) =>
    `Talks go on\n\n${full} said on Monday that the talks in London would go on. ${full} met union leaders.\n`;
  const articleB = (surname: string) =>
    `Plan defended\n\nMr ${surname} said on Tuesday that the plan was sound. Mr ${surname} told reporters the vote would be close.\n`;
  const enrichmentOf = (text: string) => {
    const [title = '', , ...body] = text.split('\n');
    return enrich({ title, standfirst: '', body: body.join('\n'), language: 'en' });
  };
  const pair = PAIRS.find(
    ([full, surname]) =>
      enrichmentOf(articleA(full)).facets.persons.includes(full) && enrichmentOf(articleB(surname)).pendingPersons.includes(surname),
  );

  it.skipIf(!pair)(
    'article B, which says only "Mr <surname>", gets the full name article A gives',
    async () => {
      const [full, surname] = pair!;
      mkdirSync(path.join(dir, 'cli'));
      writeFileSync(path.join(dir, 'cli', 'a.txt'), articleA(full));
      writeFileSync(path.join(dir, 'cli', 'b.txt'), articleB(surname));
      const env = {
        MEILI_URL: inject('meiliUrl'),
        MEILI_MASTER_KEY: inject('meiliKey'),
        LEDE_INDEX: cliIndex,
        LEDE_WATCHLIST: path.join(dir, 'none.json'),
      };
      const run = await runLede(['ingest', path.join(dir, 'cli')], { cwd: dir, env });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/Resolution pass: \d+ documents? with pending names; resolved 1 surname \(0 left pending\)/);
      const docs = await byTitle(cliIndex);
      expect(docs.get('Plan defended')).toMatchObject({ persons: [full], pendingPersons: [] });
    },
    60_000,
  );
});
