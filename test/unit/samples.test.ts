/**
 * The bundled demo articles in ingest/samples: every supported format is there and together they
 * hold enough articles for a demo. Counts by simple means, independent of the ingester.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const dir = path.resolve(import.meta.dirname, '../../ingest/samples');
const files = readdirSync(dir).filter((f) => f !== 'README.md');
const read = (f: string) => readFileSync(path.join(dir, f));
const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');
const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;

const FIELDS = ['url', 'source', 'title', 'standfirst', 'body', 'authors', 'publishedAt', 'language'];

function checkObject(o: Record<string, unknown>) {
  for (const f of FIELDS) expect(o, `field ${f}`).toHaveProperty(f);
  expect(Array.isArray(o['authors'])).toBe(true);
  expect(Number.isNaN(Date.parse(String(o['publishedAt'])))).toBe(false);
  expect(String(o['body'])).toContain('\n\n');
}

function itemsIn(f: string): number {
  if (f.endsWith('.txt') || f.endsWith('.html')) return 1;
  if (f.endsWith('.json')) {
    const arr = JSON.parse(read(f).toString('utf8')) as Array<Record<string, unknown>>;
    arr.forEach(checkObject);
    return arr.length;
  }
  if (f.endsWith('.ndjson')) return lines(read(f).toString('utf8')).length;
  if (f.endsWith('.ndjson.gz')) return lines(gunzipSync(read(f)).toString('utf8')).length;
  if (f.endsWith('.txt.gz')) return 1;
  if (f.endsWith('.rss')) return count(read(f).toString('utf8'), /<item>/g);
  if (f.endsWith('.atom')) return count(read(f).toString('utf8'), /<entry>/g);
  throw new Error(`unexpected file in ingest/samples: ${f}`);
}

const FORMATS: Record<string, (f: string) => boolean> = {
  txt: (f) => f.endsWith('.txt'),
  html: (f) => f.endsWith('.html'),
  json: (f) => f.endsWith('.json'),
  ndjson: (f) => f.endsWith('.ndjson'),
  rss: (f) => f.endsWith('.rss'),
  atom: (f) => f.endsWith('.atom'),
  gz: (f) => f.endsWith('.gz'),
};

describe('demo samples', () => {
  it('has every supported format, each with at least one article', () => {
    for (const [format, match] of Object.entries(FORMATS)) {
      const inFormat = files.filter(match);
      expect(inFormat.length, `${format} files`).toBeGreaterThan(0);
      expect(
        inFormat.reduce((n, f) => n + itemsIn(f), 0),
        `${format} articles`,
      ).toBeGreaterThan(0);
    }
  });

  it('holds at least 28 articles in all', () => {
    const total = files.reduce((n, f) => n + itemsIn(f), 0);
    expect(total).toBeGreaterThanOrEqual(28);
  });

  it('has a gzip file that gunzips to well-formed article lines', () => {
    const gz = files.filter((f) => f.endsWith('.gz'));
    expect(gz.length).toBe(1);
    for (const f of gz) {
      const text = gunzipSync(read(f)).toString('utf8');
      expect(text.length).toBeGreaterThan(0);
      if (f.endsWith('.ndjson.gz')) {
        for (const l of lines(text)) checkObject(JSON.parse(l) as Record<string, unknown>);
      }
    }
  });

  it('has NDJSON lines that are each one article object', () => {
    for (const f of files.filter((x) => x.endsWith('.ndjson'))) {
      for (const l of lines(read(f).toString('utf8'))) checkObject(JSON.parse(l) as Record<string, unknown>);
    }
  });

  it('has plain-text files with a headline, a blank line and paragraphs', () => {
    for (const f of files.filter((x) => x.endsWith('.txt'))) {
      const text = read(f).toString('utf8');
      const [headline, blank] = text.split('\n');
      expect(headline?.trim().length, f).toBeGreaterThan(0);
      expect(blank, f).toBe('');
      expect(text.split('\n\n').length, f).toBeGreaterThanOrEqual(3);
    }
  });

  it('has HTML pages with a title, canonical link, JSON-LD and an article', () => {
    for (const f of files.filter((x) => x.endsWith('.html'))) {
      const page = read(f).toString('utf8');
      expect(page, f).toMatch(/<html lang="en">/);
      expect(page, f).toMatch(/<link rel="canonical" href="https:\/\/[^"]+">/);
      expect(page, f).toMatch(/"@type": "NewsArticle"/);
      expect(count(page, /<article\b/g), f).toBe(1);
      expect(count(page, /<h1>/g), f).toBe(1);
    }
  });
});
