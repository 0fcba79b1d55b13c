/**
 * Bad input: one `lede ingest` run (the real CLI, as a child process) over a folder where good
 * articles sit beside every kind of broken input. The run keeps going, indexes everything that
 * parsed, reports every failure (report, dead-letter NDJSON with input, position, code and
 * message), exits 1, and never prints the master key.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { IngestReport } from '../../ingest/report.ts';
import { runLede } from '../support/lede-cli.ts';
import { testAdminClient, uniqueIndex } from '../support/meili.ts';
import { hasSharedData, sharedPath } from '../support/shared-data.ts';

const INVALID_UTF8_ARTICLE = sharedPath('corpora/bbc-dev/sport/199.txt');

const client = testAdminClient();
const index = uniqueIndex('test_bad_input');
let dir: string;
let inputs: string;
let run: { code: number | null; stdout: string; stderr: string };
let report: IngestReport;
let deadLetters: DeadLetter[];

interface DeadLetter {
  input: string;
  position: string;
  code: string;
  message: string;
  severity: 'error' | 'warning';
}

const story = (title: string) =>
  `${title}\n\nA standfirst written for the bad-input test.\n\nThe body talks about the harbour and its cranes at some length.\n\nA closing paragraph.\n`;
const record = (fields: Record<string, unknown>) => JSON.stringify(fields);

/** Lines in the truncated NDJSON archive; only the ones before the cut can be read. */
const ARCHIVE_LINES = 400;

function writeFixtures(): void {
  const write = (name: string, content: string | Buffer) => writeFileSync(path.join(inputs, name), content);
  // Good articles, in several formats.
  write('good-1.txt', story('Harbour cranes return to work'));
  write('good-2.txt', story('Ferry timetable changes for winter'));
  write(
    'good-page.html',
    `<!doctype html><html lang="en"><head><title>Lighthouse keepers honoured</title></head><body><article><h1>Lighthouse keepers honoured</h1>` +
      `<p>The last lighthouse keepers of the coast were honoured at a ceremony in the harbour town on Saturday.</p>` +
      `<p>Families of the keepers travelled from across the region to see the plaque unveiled by the mayor.</p>` +
      `<p>The lighthouse was automated in 1998 and is now a museum visited by thousands every summer.</p></article></body></html>`,
  );
  // Invalid UTF-8 (a windows-1252 pound sign): decoded, not refused.
  write('invalid-utf8.txt', readFileSync(INVALID_UTF8_ARTICLE));

  write('empty.txt', '');
  write('binary.txt', randomBytes(64 * 1024));
  // 50 MB of text: one article far over the size limit.
  const paragraph = `${'The harbour authority said the cranes would be back in service by the spring. '.repeat(12)}\n\n`;
  write('huge-50mb.txt', `Fifty megabyte headline\n\n${paragraph.repeat(Math.ceil((50 * 1024 * 1024) / paragraph.length))}`);
  write('no-body.html', '<!doctype html><html><head><title>Only a head</title></head></html>');
  write(
    'deep.html',
    `<html><head><title>Deep page</title></head><body>${'<div>'.repeat(100_000)}<p>Deeply nested paragraph about the submarine cable repair, ` +
      `long enough to count as the body of an article on this page.</p>${'</div>'.repeat(100_000)}</body></html>`,
  );
  write('truncated.txt.gz', gzipSync(story('A truncated archive').repeat(50)).subarray(0, 40));
  const archive = Array.from({ length: ARCHIVE_LINES }, (_, i) =>
    record({
      title: `Archive item ${i + 1} ${randomBytes(3).toString('hex')}`,
      body: `Archived body number ${i + 1} ${randomBytes(16).toString('hex')}.`,
      source: 'archive',
    }),
  ).join('\n');
  const gz = gzipSync(archive);
  write('truncated-archive.ndjson.gz', gz.subarray(0, Math.floor(gz.length / 2)));
  write(
    'malformed.rss',
    `<?xml version="1.0"?><rss version="2.0"><channel><title>Mixed feed</title>` +
      `<item><title>Tide gauge installed</title><link>https://example.org/tide-gauge</link><description>A new tide gauge was installed at the pier on Monday morning.</description></item>` +
      `<item><title>Broken <b>item</title><description>never closed</item></channel></rss>`,
  );
  write(
    'wrong-types.json',
    JSON.stringify([
      { title: 'Good JSON article', body: 'A body about a good JSON article on the harbour.' },
      { title: { text: 'an object' }, body: 'The title is an object.' },
      { title: 'Array body', body: [1, 2, 3] },
      { title: 'Number authors', body: 'Authors are numbers.', authors: [7] },
    ]),
  );
  write(
    'broken-line.ndjson',
    [
      record({ title: 'First NDJSON article', body: 'The first line is fine.' }),
      '{"title": "cut off in the mid',
      record({ title: 'Third NDJSON article', body: 'The third line is fine too.' }),
    ].join('\n'),
  );
  write(
    'dates.ndjson',
    [
      record({ title: 'Impossible date', body: 'February has no 30th day.', publishedAt: '2023-02-30' }),
      record({ title: 'Far-future date', body: 'Published in the year 2999.', publishedAt: '2999-01-01T00:00:00Z' }),
      record({ title: 'Timestamp out of range', body: 'No Date can hold this timestamp.', publishedAt: 1e20 }),
    ].join('\n'),
  );
  write('whitespace.txt', '   \n\t\n \u00a0 \n\n   ');
  write('whitespace-article.json', record({ title: '  ', body: ' \n\t\u2003 ', standfirst: '\u00a0' }));
  write('long-line.txt', `A five megabyte paragraph\n\n${'word '.repeat(1024 * 1024)}\n`);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lede-bad-input-'));
  inputs = path.join(dir, 'inputs');
  mkdirSync(inputs);
  writeFixtures();
  run = await runLede(['ingest', inputs, '--report', 'report.json', '--dead-letter', 'dead.ndjson'], {
    cwd: dir,
    env: { MEILI_URL: inject('meiliUrl'), MEILI_MASTER_KEY: inject('meiliKey'), LEDE_INDEX: index },
  });
  report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as IngestReport;
  deadLetters = readFileSync(path.join(dir, 'dead.ndjson'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as DeadLetter);
}, 180_000);

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await client.deleteIndex(index).waitTask();
});

const name = (input: string) => path.basename(input);
const failures = (file: string) => report.failed.filter((p) => name(p.input) === file).map((p) => `${p.position ?? ''}:${p.code}`);

/** Documents indexed from the truncated archive (its records say `source: archive`). */
async function archivedCount(): Promise<number> {
  const result = await client.index(index).search('', { filter: 'source = "archive"', hitsPerPage: 0, page: 1 });
  return result.totalHits ?? 0;
}

describe.skipIf(!hasSharedData(INVALID_UTF8_ARTICLE))('lede ingest over bad inputs mixed with good ones', () => {
  it('exits 1 and says which inputs failed', () => {
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Read \d+ articles, indexed \d+, failed \d+/);
    for (const file of [
      'empty.txt',
      'binary.txt',
      'huge-50mb.txt',
      'no-body.html',
      'truncated.txt.gz',
      'malformed.rss',
      'wrong-types.json',
      'broken-line.ndjson',
      'whitespace.txt',
      'whitespace-article.json',
      'long-line.txt',
    ]) {
      expect(run.stderr, file).toContain(file);
    }
  });

  it('reports each bad input with the reason and where it is', () => {
    expect(failures('empty.txt')).toEqual([':empty-input']);
    expect(failures('binary.txt')).toEqual([':binary-input']);
    expect(failures('huge-50mb.txt')).toEqual([':article-too-large']);
    expect(failures('long-line.txt')).toEqual([':article-too-large']);
    expect(failures('no-body.html')).toEqual([':no-article-body']);
    expect(failures('truncated.txt.gz')).toEqual([':invalid-gzip']);
    expect(failures('malformed.rss')).toContain('item 2:invalid-item');
    expect(failures('wrong-types.json')).toEqual(['item 2:invalid-field', 'item 3:invalid-field', 'item 4:invalid-field']);
    expect(failures('broken-line.ndjson')).toEqual(['line 2:invalid-json']);
    expect(failures('whitespace.txt')).toEqual([':empty-input']);
    expect(failures('whitespace-article.json')).toEqual(['item 1:empty-article']);
    expect(failures('truncated-archive.ndjson.gz')).toEqual([expect.stringMatching(/^line \d+:read-failed$/)]);
    expect(failures('dates.ndjson')).toEqual([]);
    expect(report.warnings.filter((w) => name(w.input) === 'dates.ndjson').map((w) => `${w.position}:${w.code}`)).toEqual([
      'line 1:invalid-date',
      'line 2:invalid-date',
      'line 3:invalid-date',
    ]);
  });

  it('writes every failure and warning to the dead-letter file with input, position, code and message', () => {
    expect(deadLetters).toHaveLength(report.failed.length + report.warnings.length);
    for (const line of deadLetters) {
      expect(line.input).toMatch(new RegExp(`^${inputs.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      expect(line.position).toMatch(/^(whole input|line \d+|item \d+)$/);
      expect(line.code).toMatch(/^[a-z0-9-]+$/);
      expect(line.message.length).toBeGreaterThan(5);
      expect(['error', 'warning']).toContain(line.severity);
    }
    const inDeadLetter = new Set(deadLetters.map((line) => name(line.input)));
    for (const problem of report.failed) expect(inDeadLetter.has(name(problem.input))).toBe(true);
  });

  it('indexes everything that parsed, and only that', async () => {
    const stats = await client.index(index).getStats();
    expect(report.unindexed).toBe(0);
    expect(report.indexed).toBe(report.read);
    expect(stats.numberOfDocuments).toBe(report.read);

    // The archive is readable up to the line where the gzip stream breaks: every line before it is in.
    const brokenAt = Number(/line (\d+)/.exec(failures('truncated-archive.ndjson.gz')[0]!)![1]);
    expect(brokenAt).toBeGreaterThan(10);
    expect(brokenAt).toBeLessThan(ARCHIVE_LINES);
    const archived = await archivedCount();
    expect(archived).toBe(brokenAt - 1);

    // good-1, good-2, good-page, invalid-utf8, deep, rss item 1, json item 1, ndjson lines 1 and 3, three dated lines.
    expect(report.read).toBe(12 + archived);
  });

  it('keeps the good articles of broken inputs, decodes invalid UTF-8 and keeps bad dates as undated', async () => {
    const find = async (q: string) => (await client.index(index).search(q, { limit: 1 })).hits[0];
    expect(await find('Tide gauge installed')).toMatchObject({ title: 'Tide gauge installed' });
    expect(await find('Good JSON article')).toMatchObject({ title: 'Good JSON article' });
    expect(await find('Third NDJSON article')).toMatchObject({ title: 'Third NDJSON article' });
    expect(await find('submarine cable repair')).toBeDefined();
    const chelsea = await find('Chelsea sack Mutu');
    expect(chelsea?.['body']).toContain('£15.8m');
    for (const title of ['Impossible date', 'Far-future date', 'Timestamp out of range']) {
      expect(await find(title)).toMatchObject({ title, publishedAt: null, publishedTs: null, dateSource: 'none' });
    }
  });

  it('never prints the master key', () => {
    const key = inject('meiliKey');
    expect(run.stdout).not.toContain(key);
    expect(run.stderr).not.toContain(key);
    expect(readFileSync(path.join(dir, 'dead.ndjson'), 'utf8')).not.toContain(key);
    expect(readFileSync(path.join(dir, 'report.json'), 'utf8')).not.toContain(key);
  });
});
