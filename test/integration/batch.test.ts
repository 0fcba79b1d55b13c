/** Batch search (POST /api/batch and `lede batch`) against a real Meilisearch. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CSV_HEADER } from '../../src/analysis/batch.ts';
import { runLede } from '../support/lede-cli.ts';
import { deleteIndex, seedIndex, startApp, type RunningApp } from './api-helpers.ts';
import { testArticles } from './api-fixtures.ts';
import { uniqueIndex } from '../support/meili.ts';

const rowsOf = (csv: string) => parse(csv, { columns: true }) as Array<Record<string, string>>;

describe('batch search', () => {
  const index = uniqueIndex('test_batch');
  let app: RunningApp;
  let dir: string;

  beforeAll(async () => {
    const searchKey = await seedIndex(inject('meiliUrl'), inject('meiliKey'), index, testArticles());
    app = await startApp({
      meili: { url: inject('meiliUrl'), searchKey },
      index,
      rateLimitPerMinute: 0,
      adminToken: 'some-admin-token-123456',
    });
    dir = mkdtempSync(path.join(os.tmpdir(), 'lede-batch-'));
  });
  afterAll(async () => {
    await app?.close();
    await deleteIndex(inject('meiliUrl'), inject('meiliKey'), index);
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (body: string, type: string, query = '') =>
    fetch(`${app.url}/api/batch${query}`, { method: 'POST', headers: { 'content-type': type }, body });

  it('answers a JSON batch with one CSV row per query (no token needed: it changes nothing)', async () => {
    const response = await post(
      JSON.stringify({ queries: ['cyber', 'glacier', 'nothing-matches-this'], country: 'Israel' }),
      'application/json',
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const text = await response.text();
    expect(text.split('\r\n')[0]).toBe(CSV_HEADER.join(','));
    const rows = rowsOf(text);
    expect(rows.map((r) => r['query'])).toEqual(['cyber', 'glacier', 'nothing-matches-this']);
    expect(rows[0]).toMatchObject({ total: '2', first_date: '2022-06-27', last_date: '2022-11-14' });
    expect(rows[0]!['top_countries']).toBe('Israel (2); Albania (1); Iran (1)');
    expect(rows[0]!['first_ids']!.split(' ').sort()).toEqual(['cyber-visit', 'cyber-week']);
    expect(rows[2]).toMatchObject({ total: '0', first_date: '', first_ids: '' });
    expect(rows.map((r) => r['similar_spellings'])).toEqual(['', '', '']);
  });

  it('answers each query exact first, as the search page: similar spellings only when the words match nothing', async () => {
    const response = await post(JSON.stringify({ queries: ['cyber', 'cybre'], country: 'Israel' }), 'application/json');
    const rows = rowsOf(await response.text());
    expect(rows.map((r) => [r['query'], r['total'], r['similar_spellings']])).toEqual([
      ['cyber', '2', ''],
      ['cybre', '2', 'yes'],
    ]);
  });

  it('takes a CSV with a query column, filters in the URL', async () => {
    const response = await post('id,query\r\n1,cyber\r\n2,"hacking, Iran"\r\n', 'text/csv', '?from=2022-09-01');
    const rows = rowsOf(await response.text());
    expect(rows.map((r) => [r['query'], r['total']])).toEqual([
      ['cyber', '3'], // cyber-visit, ties-cut, sport-cyber: not cyber-week (June)
      ['hacking, Iran', '2'],
    ]);
  });

  it('counts a query that ORs words once per article (a federated search), and takes query-language facets', async () => {
    const response = await post(JSON.stringify({ queries: ['glacier OR hacking', 'country:Iran', 'glacier'] }), 'application/json');
    const text = await response.text();
    const rows = rowsOf(text);
    expect(rows.map((r) => r['total'])).toEqual(['6', '3', '4']); // 4 glacier + 2 hacking; Iran in 3 articles
    expect(rows[0]!['top_countries']).toContain('Switzerland (3)');
    expect(rows[0]!['first_date']).toBe('2022-09-07');
  });

  it('refuses bad batches with 400 JSON errors', async () => {
    const cases: Array<[string, string, string]> = [
      [JSON.stringify({ queries: [] }), 'application/json', 'invalid_parameter'],
      [JSON.stringify({ queries: Array(1001).fill('x') }), 'application/json', 'too_many_queries'],
      [JSON.stringify({ queries: ['x'], colour: 'red' }), 'application/json', 'unknown_parameter'],
      ['name\r\nx\r\n', 'text/csv', 'invalid_csv'],
    ];
    for (const [body, type, code] of cases) {
      const response = await post(body, type);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code } });
    }
  });

  it('guards spreadsheet formulas in the CSV', async () => {
    const rows = (await (await post(JSON.stringify({ queries: ['=HYPERLINK("x")'] }), 'application/json')).text()).split('\r\n');
    expect(rows[1]!.startsWith(`"'=HYPERLINK(""x"")"`)).toBe(true);
  });

  it('runs from the command line: lede batch FILE.csv', async () => {
    const file = path.join(dir, 'queries.csv');
    writeFileSync(file, 'query\ncyber\nglacier\n');
    const out = path.join(dir, 'out.csv');
    const run = await runLede(['batch', file, '--out', out, '--filters', 'country=Switzerland'], {
      cwd: dir,
      env: {
        MEILI_URL: inject('meiliUrl'),
        MEILI_MASTER_KEY: inject('meiliKey'),
        LEDE_INDEX: index,
        MEILI_DATA_DIR: path.join(dir, 'data'),
      },
    });
    expect(run.stderr).toContain('2 queries in');
    expect(run.code).toBe(0);
    const rows = rowsOf((await import('node:fs')).readFileSync(out, 'utf8'));
    expect(rows.map((r) => [r['query'], r['total']])).toEqual([
      ['cyber', '0'],
      ['glacier', '3'],
    ]);
  });
});
