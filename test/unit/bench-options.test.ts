/** Option parsing of `npm run bench` (bench/run.ts): sections, --reuse and its checks. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { batchQueries } from '../../bench/batch-load.ts';
import { recordCounter } from '../../bench/export-load.ts';
import { orTriples, queryLanguageRequests } from '../../bench/query-language.ts';
import { REUSE_SECTIONS, SECTIONS, parseOptions, reusableArticles } from '../../bench/run.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A work dir as `--keep` leaves it: corpus.ndjson (`articles` lines) and meili/ with data.ms and the master key. */
function keptDir(articles: number, { key = true, trailingNewline = true } = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lede-bench-options-'));
  dirs.push(dir);
  const lines = Array.from({ length: articles }, (_, i) => JSON.stringify({ id: `a${i}` }));
  writeFileSync(path.join(dir, 'corpus.ndjson'), lines.join('\n') + (trailingNewline ? '\n' : ''));
  mkdirSync(path.join(dir, 'meili', 'data.ms'), { recursive: true });
  if (key) writeFileSync(path.join(dir, 'meili', 'master-key'), 'k'.repeat(43));
  return dir;
}

describe('parseOptions', () => {
  it('measures every section by default, memory only above 200k', () => {
    expect([...parseOptions([]).only]).toEqual([...SECTIONS]);
    expect(SECTIONS).toEqual(expect.arrayContaining(['export', 'query-language', 'batch', 'cli']));
    expect([...parseOptions(['--size', '1000000']).only]).toEqual(['memory']);
  });

  it('takes the new sections in --only, and the batch, cli and story counts', () => {
    const options = parseOptions([
      '--only',
      'export,query-language,batch,story,cli',
      '--batch-queries',
      '50',
      '--cli-runs',
      '3',
      '--story-size',
      '500',
      '--story-saved',
      '100',
    ]);
    expect([...options.only]).toEqual(['export', 'query-language', 'batch', 'story', 'cli']);
    expect(options.batchQueries).toBe(50);
    expect(options.cliRuns).toBe(3);
    expect([options.storySize, options.storySaved]).toEqual([500, 100]);
    expect([parseOptions([]).storySize, parseOptions([]).storySaved]).toEqual([3000, 1000]);
    expect(parseOptions([]).batchQueries).toBe(1000);
    expect(parseOptions([]).cliRuns).toBe(5);
    expect(parseOptions([]).reuse).toBeUndefined();
    expect(() => parseOptions(['--only', 'exports'])).toThrow(/--only.*export, query-language, batch, story, cli/);
  });

  it("--reuse: the size is the corpus's, the API-side sections by default", () => {
    const dir = keptDir(7);
    const options = parseOptions(['--reuse', dir]);
    expect(options.reuse).toBe(dir);
    expect(options.size).toBe(7);
    expect([...options.only]).toEqual([...REUSE_SECTIONS]);
    expect(parseOptions([`--reuse=${dir}`, '--size', '7', '--only', 'api']).size).toBe(7);
    expect(reusableArticles(keptDir(5, { trailingNewline: false }))).toBe(5);
  });

  it("--reuse: refuses a size that is not the corpus's, ingest sections, and a dir that is not a kept run", () => {
    const dir = keptDir(7);
    expect(() => parseOptions(['--reuse', dir, '--size', '100000'])).toThrow(/match the reused corpus \(7 articles/);
    expect(() => parseOptions(['--reuse', dir, '--only', 'api,ingest'])).toThrow(/cannot measure ingest/);
    expect(() => parseOptions(['--reuse', dir, '--only', 'memory'])).toThrow(/cannot measure memory/);
    expect(() => parseOptions(['--reuse', path.join(dir, 'nope')])).toThrow(/is not a directory/);
    expect(() => parseOptions(['--reuse', keptDir(3, { key: false })])).toThrow(/no meili\/master-key/);
    expect(() => parseOptions(['--reuse', keptDir(0, { trailingNewline: false })])).toThrow(/is empty/);
  });
});

describe("the new sections' inputs", () => {
  it('orTriples: distinct words per triple, deterministic; requests `a` and `(a OR b OR c)`', () => {
    const words = Array.from({ length: 40 }, (_, i) => `word${i}`);
    const triples = orTriples(words, 10, 1);
    expect(triples).toHaveLength(10);
    for (const t of triples) expect(new Set(t).size).toBe(3);
    expect(orTriples(words, 10, 1)).toEqual(triples);
    const [a, b, c] = triples[0]!;
    const requests = queryLanguageRequests(triples);
    expect(requests.plain[0]!.path).toBe(`/api/search?q=${a}`);
    expect(decodeURIComponent(requests.or[0]!.path.replace(/\+/g, ' '))).toBe(`/api/search?q=(${a} OR ${b} OR ${c})`);
  });

  it('batchQueries: as many non-empty query strings as asked', () => {
    const queries = batchQueries(['alpha', 'beta', 'gamma', 'delta'], 1000, 1);
    expect(queries).toHaveLength(1000);
    expect(queries.every((q) => q.length > 0)).toBe(true);
  });

  it('recordCounter: NDJSON lines; CSV rows with quoted line breaks counted once', () => {
    const ndjson = recordCounter('ndjson');
    ndjson.push(Buffer.from('{"a":1}\n{"a":'));
    ndjson.push(Buffer.from('2}\n'));
    expect(ndjson.count()).toBe(2);
    const csv = recordCounter('csv');
    csv.push(Buffer.from('id,body\r\na,"line\r\n'));
    csv.push(Buffer.from('break ""quoted"""\r\nb,plain\r'));
    csv.push(Buffer.from('\n'));
    expect(csv.count()).toBe(3);
  });
});
