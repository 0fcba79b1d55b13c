/**
 * `lede watchlist import` + `lede retag` (the real CLI, a real Meilisearch): after a watchlist
 * names an organization by an alias the articles use, retag rewrites the enrichment fields of the
 * articles that mention it — and only those, as partial updates — while right after an ingest,
 * and again after a retag, it finds nothing to change.
 *
 * The articles are written for this test; the watchlist entry is a made-up organization, so
 * what changes is decided by the watchlist and not by how the tagger reads real news.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Task } from 'meilisearch';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { indexDocuments, type StoredDocument } from '../../ingest/ops/documents.ts';
import { runLede } from '../support/lede-cli.ts';
import { testAdminClient, uniqueIndex } from '../support/meili.ts';

const client = testAdminClient();
/** Long enough for a loaded machine (the client's default is 5 s). */
const TASK_WAIT = { timeout: 60_000 };
const index = uniqueIndex('test_retag');
let dir: string;
let env: Record<string, string>;

const ARTICLES: Record<string, string> = {
  'plant.txt':
    'Plant in Leeds to close\n\nThe ZBX plant in Leeds will close in March, managers said on Friday.\n\nZBX makes parts for washing machines and employs 300 people there.\n',
  'river.txt':
    'River levels fall after dry spring\n\nRiver levels across the valley fell for a third week as the dry spring continued.\n\nFarmers asked for water to be shared fairly.\n',
  'library.txt':
    'Library reopens after repairs\n\nThe town library reopened on Saturday after two years of repairs to its roof.\n\nReaders queued from early morning.\n',
  'market.txt':
    'Market traders welcome new rules\n\nStreet market traders welcomed the new licence rules agreed by the town on Wednesday.\n\nThe rules take effect in May.\n',
};

async function allDocuments(): Promise<Map<string, StoredDocument>> {
  const docs = new Map<string, StoredDocument>();
  for await (const doc of indexDocuments(client, index)) docs.set(String(doc['id']), doc);
  return docs;
}

/** The document-update tasks of the index, newest first. */
async function updateTasks(): Promise<Task[]> {
  return (await client.tasks.getTasks({ indexUids: [index], types: ['documentAdditionOrUpdate'], limit: 100 })).results;
}

const byTitle = (docs: Map<string, StoredDocument>, title: string) => [...docs.values()].find((d) => String(d['title']).startsWith(title))!;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lede-retag-'));
  mkdirSync(path.join(dir, 'articles'));
  for (const [name, text] of Object.entries(ARTICLES)) writeFileSync(path.join(dir, 'articles', name), text);
  env = {
    MEILI_URL: inject('meiliUrl'),
    MEILI_MASTER_KEY: inject('meiliKey'),
    LEDE_INDEX: index,
    LEDE_WATCHLIST: path.join(dir, 'data', 'watchlist.json'),
  };
  const ingest = await runLede(['ingest', path.join(dir, 'articles')], { cwd: dir, env });
  expect(ingest.code, ingest.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await client.deleteIndex(index).waitTask(TASK_WAIT);
});

describe('lede retag', () => {
  it('finds nothing to change right after an ingest', async () => {
    const tasksBefore = (await updateTasks()).length;
    const run = await runLede(['retag'], { cwd: dir, env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`Read 4 documents of index "${index}": 0 changed, 4 unchanged, 0 failed, 0 updated`);
    expect((await updateTasks()).length).toBe(tasksBefore);
  }, 60_000);

  it('imports a watchlist into the data file, reporting refused rows by line', async () => {
    const csv = path.join(dir, 'watchlist.csv');
    writeFileSync(csv, 'name,type,aliases\nZorblax Industries,organization,ZBX|Zorblax\nNobody,robot,\n');
    const run = await runLede(['watchlist', 'import', csv], { cwd: dir, env });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('added    organization Zorblax Industries  (ZBX; Zorblax)');
    expect(run.stdout).toContain('1 added, 0 updated, 0 unchanged, 1 refused');
    expect(run.stderr).toContain(`${csv}:3: the type must be person or organization, got "robot"`);
    const list = await runLede(['watchlist', 'list'], { cwd: dir, env });
    expect(list.stdout).toContain('Zorblax Industries');
  });

  it('--dry-run counts and shows the changes the watchlist makes, and writes nothing', async () => {
    const before = await allDocuments();
    const tasksBefore = (await updateTasks()).length;
    const run = await runLede(['retag', '--dry-run'], { cwd: dir, env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('Dry run: read 4 documents');
    expect(run.stderr).toContain('1 changed, 3 unchanged, 0 failed (nothing written)');
    expect(run.stderr).toContain('"Plant in Leeds to close"');
    expect(run.stderr).toContain('organizations: +Zorblax Industries');
    expect(await allDocuments()).toEqual(before);
    expect((await updateTasks()).length).toBe(tasksBefore);
  }, 60_000);

  it('--dry-run leaves settings that drifted from index-config/ as they are, and says so', async () => {
    expect(
      (
        await client
          .index(index)
          .updateSettings({ filterableAttributes: ['id'] })
          .waitTask(TASK_WAIT)
      ).status,
    ).toBe('succeeded');
    const run = await runLede(['retag', '--dry-run'], { cwd: dir, env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('a dry run does not apply them');
    expect(run.stderr).toContain('1 changed, 3 unchanged, 0 failed (nothing written)');
    expect((await client.index(index).getSettings()).filterableAttributes).toEqual(['id']);
  }, 60_000);

  it('writes only the documents whose enrichment changed, as partial updates', async () => {
    const before = await allDocuments();
    const plant = byTitle(before, 'Plant in Leeds');
    expect(plant['organizations']).not.toContain('Zorblax Industries');

    const report = path.join(dir, 'retag-report.json');
    const run = await runLede(['retag', '--report', report], { cwd: dir, env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('1 changed, 3 unchanged, 0 failed, 1 updated');

    const after = await allDocuments();
    const retagged = after.get(String(plant['id']))!;
    expect(retagged['organizations']).toContain('Zorblax Industries');
    expect(retagged['organizations']).not.toContain('ZBX');
    expect(retagged['organizationKeys']).toEqual(
      expect.arrayContaining(['zorblax industries ⇒ Zorblax Industries', 'zbx ⇒ Zorblax Industries']),
    );
    expect(retagged['entityAliases']).toContain('ZBX');
    // Partial update: everything but the enrichment fields is as stored.
    for (const field of ['title', 'body', 'source', 'publishedAt', 'cluster', 'url']) expect(retagged[field]).toEqual(plant[field]);
    for (const [id, doc] of after) if (id !== plant['id']) expect(doc).toEqual(before.get(id));

    // One update task, carrying one document: the others were never sent.
    const [task] = await updateTasks();
    expect(task?.status).toBe('succeeded');
    expect(task?.details?.receivedDocuments).toBe(1);

    // Full-text search finds the article by the alias, facet search by the alias key.
    const search = await client.index(index).search('Zorblax');
    expect(search.hits.map((h) => h['id'])).toContain(plant['id']);
    const facet = await client.index(index).searchForFacetValues({ facetName: 'organizationKeys', facetQuery: 'zbx' });
    expect(facet.facetHits.map((h) => h.value)).toContain('zbx ⇒ Zorblax Industries');
  }, 60_000);

  it('finds nothing to change when run again', async () => {
    const run = await runLede(['retag'], { cwd: dir, env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('0 changed, 4 unchanged');
  }, 60_000);

  it('takes the entry out again after `lede watchlist remove`', async () => {
    const removed = await runLede(['watchlist', 'remove', 'zorblax industries'], { cwd: dir, env });
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toContain('Removed organization Zorblax Industries');
    const run = await runLede(['retag'], { cwd: dir, env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('1 changed, 3 unchanged');
    const plant = byTitle(await allDocuments(), 'Plant in Leeds');
    expect(plant['organizations']).not.toContain('Zorblax Industries');
  }, 60_000);
});
