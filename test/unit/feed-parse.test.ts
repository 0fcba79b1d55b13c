import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isFeed, needsFollow, parseFeed } from '../../ingest/parse/feed.ts';

const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url));
const parse = (name: string, extra: { url?: string; contentType?: string } = {}) =>
  parseFeed({ input: name, bytes: fixture(name), ...extra });

describe('parseFeed: RSS 2.0', () => {
  const result = parse('rss2.xml', { url: 'https://gazette.example/feed.xml' });

  it('turns each item into an article with the channel title as source and its language', () => {
    expect(result.problems).toEqual([]);
    expect(result.format).toBe('rss');
    expect(result.articles).toHaveLength(2);
    for (const { article } of result.articles) {
      expect(article.source).toBe('The Harbour Gazette');
      expect(article.language).toBe('en');
    }
  });

  it('reads content:encoded as plain-text paragraphs, without media, scripts or the engine footer', () => {
    const [first] = result.articles;
    expect(first?.position).toBe('item 1');
    expect(first?.id).toBe('gazette-1001');
    expect(first?.article).toMatchObject({
      title: 'Ferry timetable changes for the winter',
      url: 'https://gazette.example/2024/11/ferry-timetable',
      standfirst: 'Fewer crossings from December, the operator says.',
      authors: ['Mara Quill'],
      publishedAt: 'Tue, 05 Nov 2024 09:30:00 +0000',
      dateSource: 'feed',
    });
    expect(first?.article.body?.split('\n\n')).toEqual([
      'The island ferry will run four crossings a day instead of six from the first week of December, the operator announced on Tuesday.',
      'Harbour master Ines Okafor said the change followed a fall in winter passengers & rising fuel costs.',
      'What changes',
      'The 07:15 departure moves to 07:45.',
      'The late crossing is dropped on weekdays.',
    ]);
  });

  it('resolves relative links, splits dc:creator names and decodes an escaped HTML description', () => {
    const second = result.articles[1]?.article;
    expect(second?.url).toBe('https://gazette.example/2024/11/sea-wall');
    expect(second?.authors).toEqual(['Tomas Reyes', 'Liv Ahlberg']);
    expect(second?.body).toBe('Work on the new wall starts in spring.');
    expect(second?.standfirst).toBeUndefined();
    expect(result.articles[1]?.id).toBe('https://gazette.example/2024/11/sea-wall');
  });

  it('marks teaser items for following and full-text items not', () => {
    expect(needsFollow(result.articles[1]!.article)).toBe(true);
    expect(needsFollow({ body: 'x'.repeat(500) })).toBe(false);
    expect(needsFollow({ body: 'x'.repeat(500), standfirst: 'x'.repeat(500) })).toBe(true);
    expect(needsFollow({ title: 'No body' })).toBe(true);
  });
});

describe('parseFeed: RSS 1.0 / RDF', () => {
  it('reads items beside the channel, dc:date and dc:creator, in the declared ISO-8859-1 encoding', () => {
    const result = parse('rdf.xml');
    expect(result.problems).toEqual([]);
    expect(result.format).toBe('rdf');
    expect(result.articles).toHaveLength(1);
    expect(result.articles[0]?.id).toBe('https://valley.example/notes/orchard-fair');
    expect(result.articles[0]?.article).toEqual({
      title: 'Orchard fair draws record crowd',
      url: 'https://valley.example/notes/orchard-fair',
      body: "More than 3,000 visitors came to taste this year's apples.",
      authors: ['Hélène Marchetti'],
      publishedAt: '2024-10-12T14:00:00+02:00',
      dateSource: 'feed',
      source: 'Valley Weekly',
      language: 'fr',
    });
  });
});

describe('parseFeed: Atom', () => {
  const result = parse('atom.xml');

  it('reads entries with the alternate link, author names only, published and updated dates', () => {
    expect(result.problems).toEqual([]);
    expect(result.format).toBe('atom');
    const [first, second] = result.articles;
    expect(first?.id).toBe('tag:bergpost.example,2024:77');
    expect(first?.article).toMatchObject({
      title: 'Pass road reopens after rockfall',
      url: 'https://bergpost.example/pass-road',
      authors: ['Anja Roth', 'Piet Vos'],
      publishedAt: '2024-09-01T06:00:00+02:00',
      modifiedAt: '2024-09-01T09:15:00+02:00',
      dateSource: 'feed',
      source: 'Bergpost',
      language: 'de',
      standfirst: 'The road over the pass is open again, two weeks after the slide.',
      body:
        'Crews cleared the last of the boulders on Saturday night, and the first cars crossed at dawn.\n\n' +
        'Engineers will keep watch on the slope for the rest of the season.',
    });
    expect(second?.article.publishedAt).toBe('2024-09-02T07:00:00Z');
    expect(second?.article.body).toBe('Snow closed the upper huts a week early.\n\nWardens expect to reopen in June.');
  });
});

describe('parseFeed: broken input', () => {
  it('reports a truncated feed as invalid-feed and the cut item at its position, keeping the intact item', () => {
    const result = parse('truncated.xml');
    expect(result.articles.map((a) => a.article.title)).toEqual(['First complete story']);
    expect(result.problems.map((p) => [p.code, p.position])).toEqual([
      ['invalid-item', 'item 2'],
      ['invalid-feed', undefined],
    ]);
    expect(result.problems[1]?.message).toMatch(/line \d+/);
  });

  it('reports a bad item at "item N" while the other items come through', () => {
    const result = parse('bad-item.xml');
    expect(result.articles.map((a) => [a.position, a.article.title])).toEqual([
      ['item 1', 'Good before'],
      ['item 4', 'Good after'],
    ]);
    expect(result.problems.map((p) => [p.code, p.position])).toEqual([
      ['invalid-item', 'item 2'],
      ['invalid-item', 'item 3'],
    ]);
  });

  it('rejects a document that is not a feed', () => {
    for (const text of ['<html><body><p>hi</p></body></html>', '{"items": []}', '']) {
      const result = parseFeed({ input: 'x', bytes: Buffer.from(text) });
      expect(result.articles).toEqual([]);
      expect(result.problems[0]?.code).toMatch(/invalid-feed|empty-input/);
    }
  });
});

describe('isFeed', () => {
  it('sniffs RSS, RDF and Atom roots, and nothing else', () => {
    for (const name of ['rss2.xml', 'rdf.xml', 'atom.xml']) expect(isFeed(fixture(name).toString('latin1'))).toBe(true);
    expect(isFeed('<?xml version="1.0"?>\n<!-- hi -->\n<rss version="2.0">')).toBe(true);
    expect(isFeed('<feed xmlns="http://www.w3.org/2005/Atom">')).toBe(true);
    expect(isFeed('<!DOCTYPE html><html><body>rss</body></html>')).toBe(false);
    expect(isFeed('<feed><entry/></feed>')).toBe(false);
  });
});

describe('parseFeed: odd but common input', () => {
  it('strips escaped markup from RSS titles and tolerates a stray ampersand', () => {
    const xml = `<rss version="2.0"><channel><title>Odds & Ends</title><item><title>&lt;b&gt;Breaking:&lt;/b&gt; tide turns</title><link>https://odds.example/1</link></item></channel></rss>`;
    const result = parseFeed({ input: 'odd', bytes: Buffer.from(xml) });
    expect(result.problems).toEqual([]);
    expect(result.articles[0]?.article).toMatchObject({ title: 'Breaking: tide turns', source: 'Odds & Ends' });
  });
});
