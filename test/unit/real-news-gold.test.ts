import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateRealNews, GoldError, loadGold, topLevelKeys } from '../../eval/real-news.ts';

const entry = (persons: string[] = []): object => ({
  persons: persons.map((name) => ({ name, aliases: [] })),
  organizations: [],
  countries: [{ name: 'United Kingdom', aliases: ['UK', 'Britain'] }],
  optional: { persons: [], organizations: [], countries: [] },
});

/** A real-news folder with sample.txt and the given gold files (name → raw JSON text). */
function fixture(sample: string[], files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'real-news-'));
  mkdirSync(path.join(dir, 'gold'));
  writeFileSync(path.join(dir, 'sample.txt'), `${sample.join('\n')}\n`);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, 'gold', name), text);
  return dir;
}

describe('topLevelKeys', () => {
  it('lists top-level keys with duplicates, skipping nested keys and strings', () => {
    expect(topLevelKeys('{"a": {"a": 1, "b": "x\\"y"}, "c": ["d", {"e": 2}], "a": 3}')).toEqual(['a', 'c', 'a']);
  });
});

describe('loadGold', () => {
  it('merges the gold files in sample order', () => {
    const dir = fixture(['sport/002.txt', 'politics/001.txt', 'tech/003.txt'], {
      'part-1.json': JSON.stringify({ 'politics/001.txt': entry(['Tony Blair']) }),
      'part-2.json': JSON.stringify({ 'sport/002.txt': entry() }),
    });
    const gold = loadGold(dir);
    expect([...gold.keys()]).toEqual(['sport/002.txt', 'politics/001.txt']);
    expect(gold.get('politics/001.txt')?.persons).toEqual([{ name: 'Tony Blair', aliases: [] }]);
  });

  it('fails on a key annotated in two files', () => {
    const dir = fixture(['a/1.txt'], {
      'p1.json': JSON.stringify({ 'a/1.txt': entry() }),
      'p2.json': JSON.stringify({ 'a/1.txt': entry() }),
    });
    expect(() => loadGold(dir)).toThrow(/annotated twice \(also in p1.json\)/);
  });

  it('fails on a key given twice in one file', () => {
    const e = JSON.stringify(entry());
    const dir = fixture(['a/1.txt'], { 'p1.json': `{"a/1.txt": ${e}, "a/1.txt": ${e}}` });
    expect(() => loadGold(dir)).toThrow(GoldError);
  });

  it('fails on a key not in sample.txt', () => {
    const dir = fixture(['a/1.txt'], { 'p1.json': JSON.stringify({ 'a/2.txt': entry() }) });
    expect(() => loadGold(dir)).toThrow(/"a\/2.txt" is not in sample.txt/);
  });

  it('fails on malformed entries', () => {
    const bad = [
      { ...entry(), optional: undefined },
      { ...entry(), persons: [{ name: 'X' }] },
      { ...entry(), persons: [{ name: '', aliases: [] }] },
      { ...entry(), places: [] },
      { ...entry(), countries: [{ name: 'UK', aliases: 'Britain' }] },
    ];
    for (const b of bad) {
      const dir = fixture(['a/1.txt'], { 'p1.json': JSON.stringify({ 'a/1.txt': b }) });
      expect(() => loadGold(dir), JSON.stringify(b)).toThrow(/malformed entry/);
    }
    expect(() => loadGold(fixture(['a/1.txt'], { 'p1.json': '{"a/1.txt": ' }))).toThrow(/not valid JSON/);
  });

  it('fails when one name or alias names two entities of a facet', () => {
    const b = {
      ...entry(),
      countries: [{ name: 'United Kingdom', aliases: ['UK'] }],
      optional: { persons: [], organizations: [], countries: [{ name: 'U.K.', aliases: [] }] },
    };
    const dir = fixture(['a/1.txt'], { 'p1.json': JSON.stringify({ 'a/1.txt': b }) });
    expect(() => loadGold(dir)).toThrow(/"uk" names both "United Kingdom" and "U.K."/);
  });
});

describe('evaluateRealNews', () => {
  it('reads each article like the ingester and scores the predictor', () => {
    const dir = fixture(['politics/001.txt', 'politics/002.txt'], {
      'p1.json': JSON.stringify({ 'politics/001.txt': entry(['Tony Blair']) }),
    });
    const corpus = mkdtempSync(path.join(tmpdir(), 'bbc-'));
    mkdirSync(path.join(corpus, 'politics'));
    // windows-1252 bytes, as in bbc-dev/sport/199.txt: "Blair’s" with 0x92.
    const text = Buffer.concat([
      Buffer.from('Blair speaks\n\nTony Blair spoke in Britain.\n\nMr Blair'),
      Buffer.from([0x92]),
      Buffer.from('s view.\n'),
    ]);
    writeFileSync(path.join(corpus, 'politics/001.txt'), text);
    const seen: string[] = [];
    const e = evaluateRealNews(
      (input) => {
        seen.push(`${input.title}|${input.standfirst}|${input.body}`);
        return { persons: ['Tony Blair', 'Blair'], organizations: [], countries: ['United Kingdom'] };
      },
      dir,
      corpus,
    );
    expect(seen).toEqual(['Blair speaks|Tony Blair spoke in Britain.|Mr Blair’s view.']);
    expect(e.unannotated).toEqual(['politics/002.txt']);
    expect(e.facets.persons).toMatchObject({ tp: 1, fp: 1, fn: 0 });
    expect(e.facets.countries).toMatchObject({ tp: 1, fp: 0, fn: 0 });
  });
});
