import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applySettings } from '../../src/meili/settings.ts';
import { ingest } from '../../ingest/ingest.ts';
import { testAdminClient, uniqueIndex } from '../support/meili.ts';

const client = testAdminClient();
const index = uniqueIndex('test_ingest');
let dir: string;

const story = (title: string, extra = '') =>
  `${title}\n\nA short standfirst written for this test.\n\nThe first paragraph of the body says something about the harbour. ${extra}\n\nA second paragraph closes the story.\n`;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lede-ingest-'));
  const inputs = path.join(dir, 'inputs');
  mkdirSync(path.join(inputs, 'nested'), { recursive: true });
  writeFileSync(path.join(inputs, 'one.txt'), story('Harbour cranes return to work'));
  writeFileSync(path.join(inputs, 'nested', 'two.txt.gz'), gzipSync(story('Ferry timetable changes for winter')));
  writeFileSync(path.join(inputs, 'empty.txt'), '');
  writeFileSync(path.join(inputs, 'broken.txt.gz'), gzipSync(story('Truncated')).subarray(0, 20));
  writeFileSync(
    path.join(inputs, 'feed.ndjson'),
    [
      JSON.stringify({
        title: 'Council approves new bridge',
        body: 'The council voted for the bridge on Tuesday.',
        publishedAt: '2024-03-05T10:00:00Z',
        url: 'https://example.org/bridge',
      }),
      '{"title": "cut off in the mid',
      JSON.stringify({ title: 42, body: 'Wrong field type for the title.' }),
      JSON.stringify({ title: 'Impossible date story', body: 'This one has a date that cannot exist.', publishedAt: '2023-02-30' }),
      JSON.stringify({ title: 'Whitespace only', body: '   \n\t  ' }),
    ].join('\n'),
  );
  await applySettings(client, index);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function documentCount(): Promise<number> {
  return (await client.index(index).getStats()).numberOfDocuments;
}

describe('ingest into Meilisearch', () => {
  it('indexes every good article, reports every bad input with its position, and writes a dead-letter file', async () => {
    const deadLetterFile = path.join(dir, 'dead.ndjson');
    const report = await ingest([path.join(dir, 'inputs')], { client, index, deadLetterFile });

    expect(report.read).toBe(4);
    expect(report.indexed).toBe(4);
    expect(await documentCount()).toBe(4);

    const codes = report.failed.map((p) => `${path.basename(p.input)}:${p.position ?? ''}:${p.code}`).sort();
    expect(codes).toEqual([
      'broken.txt.gz::invalid-gzip',
      'empty.txt::empty-input',
      'feed.ndjson:line 2:invalid-json',
      'feed.ndjson:line 3:invalid-field',
      'feed.ndjson:line 5:empty-article',
    ]);
    expect(report.warnings.map((w) => `${w.position}:${w.code}`)).toEqual(['line 4:invalid-date']);

    const deadLetters = readFileSync(deadLetterFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { input: string; code: string; message: string });
    expect(deadLetters).toHaveLength(6);
    expect(deadLetters.every((d) => d.input && d.code && d.message)).toBe(true);

    const undated = await client.index(index).search('Impossible date story', { limit: 1 });
    expect(undated.hits[0]).toMatchObject({ publishedAt: null, publishedTs: null, dateSource: 'none' });
    const dated = await client.index(index).search('bridge', { limit: 1 });
    expect(dated.hits[0]).toMatchObject({ publishedAt: '2024-03-05T10:00:00Z', publishedTs: 1709632800, publishedMonth: '2024-03' });
  });

  it('changes nothing when the same inputs are ingested again (but the time they were sent)', async () => {
    const withoutStamp = (docs: Array<Record<string, unknown>>) => docs.map(({ indexedTs: _ts, ...rest }) => rest);
    const before = await client.index(index).getDocuments({ limit: 100 });
    const report = await ingest([path.join(dir, 'inputs')], { client, index });
    expect(report.indexed).toBe(4);
    expect(await documentCount()).toBe(4);
    const after = await client.index(index).getDocuments({ limit: 100 });
    expect(withoutStamp(after.results)).toEqual(withoutStamp(before.results));
    // indexedTs is when the sink sent the document: the alert loop dedupes re-ingests by article id.
    for (const [i, doc] of after.results.entries()) expect(doc['indexedTs']).toBeGreaterThan(before.results[i]!['indexedTs'] as number);
  });

  it('replaces an article whose content changed under the same URL', async () => {
    const file = path.join(dir, 'update.json');
    writeFileSync(
      file,
      JSON.stringify({
        title: 'Council approves new bridge',
        body: 'Corrected: the council voted on Wednesday.',
        url: 'https://example.org/bridge',
      }),
    );
    await ingest([file], { client, index });
    expect(await documentCount()).toBe(4);
    const hits = await client.index(index).search('bridge', { limit: 5 });
    expect(hits.hits).toHaveLength(1);
    expect(hits.hits[0]!['body']).toContain('Corrected');
  });
});
