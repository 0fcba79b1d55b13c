import { describe, expect, it } from 'vitest';
import { parseJson, parseNdjson } from '../../ingest/parse/json.ts';
import { MAX_HTML_BYTES, detectFormat, parseInput } from '../../ingest/parse/parse-input.ts';
import { parseText } from '../../ingest/parse/text.ts';
import type { RawInput } from '../../ingest/types.ts';

const raw = (input: string, text: string | Buffer, contentType?: string): RawInput => ({
  input,
  bytes: typeof text === 'string' ? Buffer.from(text) : text,
  contentType,
});

describe('plain text articles', () => {
  it('reads headline, standfirst and one paragraph per line when the lines are whole paragraphs', () => {
    const text =
      'Dockers strike at the northern port\nA standfirst line that sums the story up for readers.\n\nFirst paragraph of the story, a full sentence.\nSecond paragraph, also a full sentence.\n';
    const { article } = parseText(text, raw('a.txt', text)).articles[0]!;
    expect(article.title).toBe('Dockers strike at the northern port');
    expect(article.standfirst).toBe('A standfirst line that sums the story up for readers.');
    expect(article.body).toBe('First paragraph of the story, a full sentence.\n\nSecond paragraph, also a full sentence.');
  });

  it('joins hard-wrapped lines inside a blank-line-separated paragraph', () => {
    const text =
      'Rail fares rise\n\nThe standfirst paragraph.\n\nThis paragraph was wrapped\nby an old editor at a short\nwidth.\n\nLast one.';
    const { article } = parseText(text, raw('b.txt', text)).articles[0]!;
    expect(article.body).toBe('This paragraph was wrapped by an old editor at a short width.\n\nLast one.');
  });

  it('reports a file without text', () => {
    expect(parseText(' \n\n', raw('c.txt', ' \n\n')).problems[0]?.code).toBe('empty-input');
  });
});

describe('JSON and NDJSON articles', () => {
  it('accepts common field names and nested author/publisher objects', () => {
    const json = JSON.stringify({
      articles: [
        {
          headline: 'H',
          articleBody: 'B',
          author: [{ name: 'Ana Ruiz' }],
          publisher: { name: 'Wire' },
          datePublished: '2024-01-02',
          link: 'https://example.org/h',
        },
      ],
    });
    const { articles, problems } = parseJson(json, raw('a.json', json));
    expect(problems).toEqual([]);
    expect(articles[0]!.article).toMatchObject({
      title: 'H',
      body: 'B',
      authors: ['Ana Ruiz'],
      source: 'Wire',
      publishedAt: '2024-01-02',
      url: 'https://example.org/h',
      dateSource: 'input',
    });
  });

  it('reports wrong field types per item and keeps the others', () => {
    const json = JSON.stringify([{ title: 'Good', body: 'Text' }, { title: ['not', 'a', 'string'], body: 'x' }, 'just a string']);
    const { articles, problems } = parseJson(json, raw('b.json', json));
    expect(articles.map((a) => a.article.title)).toEqual(['Good']);
    expect(problems.map((p) => `${p.position}:${p.code}`)).toEqual(['item 2:invalid-field', 'item 3:invalid-field']);
    expect(problems[0]!.message).toContain('"title" must be a string');
  });

  it('gives each NDJSON problem its line number', () => {
    const text = '{"title":"A","body":"a"}\n\n{"title":\n{"title":"C","body":"c"}\n';
    const { articles, problems } = parseNdjson(text, raw('c.ndjson', text));
    expect(articles.map((a) => a.position)).toEqual(['line 1', 'line 4']);
    expect(problems.map((p) => `${p.position}:${p.code}`)).toEqual(['line 3:invalid-json']);
  });
});

describe('format detection and whole-input checks', () => {
  it('goes by extension (.gz stripped), then content type, then content', () => {
    expect(detectFormat(raw('x.ndjson.gz', ''), '')).toBe('ndjson');
    expect(detectFormat(raw('https://example.org/feed', '', 'application/rss+xml'), '<rss>')).toBe('feed');
    expect(detectFormat(raw('https://example.org/page', '', 'text/html; charset=utf-8'), '<!doctype html>')).toBe('html');
    expect(detectFormat(raw('noext', ''), '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">')).toBe('feed');
    expect(detectFormat(raw('noext', ''), '[{"title":1}]')).toBe('json');
    expect(detectFormat(raw('noext', ''), '{"a":1}\n{"a":2}')).toBe('ndjson');
    expect(detectFormat(raw('noext', ''), 'Just a headline\n\nAnd text.')).toBe('text');
  });

  it('refuses empty, binary and oversized inputs with a specific code', () => {
    expect(parseInput(raw('e.txt', '')).problems[0]?.code).toBe('empty-input');
    expect(parseInput(raw('b.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 3]))).problems[0]?.code).toBe('binary-input');
    const huge = Buffer.alloc(MAX_HTML_BYTES + 1, 'a');
    expect(parseInput(raw('h.html', huge)).problems[0]?.code).toBe('page-too-large');
  });
});
