/** The article page (/articles/{id}) against a real Meilisearch: text, escaping, mention marks, facet links, versions. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { deleteIndex, get, makeArticle, seedIndex, startApp, type RunningApp } from './api-helpers.ts';

const index = `test_article_page_${Math.random().toString(36).slice(2, 8)}`;
let app: RunningApp;

const main = makeArticle({
  id: 'main-story',
  url: null,
  title: 'Rama meets <b>NATO</b> chiefs',
  source: 'Tirana Times',
  authors: ['Ana Writer'],
  dateSource: 'json-ld',
  body: 'Edi Rama flew to Brussels.\n\nThe PM told NATO that Albania <script>alert(1)</script> stays close. Mr Rama smiled.',
  persons: ['Edi Rama'],
  organizations: ['NATO'],
  countries: ['Albania'],
  entityAliases: ['Rama'],
  topics: ['politics'],
  cluster: 'story-1',
});
const copy = makeArticle({
  id: 'copy-story',
  title: 'Rama in Brussels (wire copy)',
  source: 'Wire',
  body: 'Edi Rama flew to Brussels.',
  cluster: 'story-1',
});
const other = makeArticle({ id: 'other-story', title: 'Unrelated', body: 'Nothing.' });

beforeAll(async () => {
  const key = await seedIndex(inject('meiliUrl'), inject('meiliKey'), index, [main, copy, other]);
  app = await startApp({ meili: { url: inject('meiliUrl'), searchKey: key }, index, rateLimitPerMinute: 0 });
});
afterAll(async () => {
  await app?.close();
  await deleteIndex(inject('meiliUrl'), inject('meiliKey'), index);
});

describe('GET /articles/{id}', () => {
  it('renders the headline, source, date source, authors and the body as paragraphs, escaped', async () => {
    const r = await get(app.url, '/articles/main-story');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/html');
    expect(r.text).toContain('Rama meets &lt;b&gt;NATO&lt;/b&gt; chiefs');
    expect(r.text).not.toContain('<script>alert(1)</script>');
    expect(r.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(r.text).toContain('(date from json-ld)');
    expect(r.text).toContain('Ana Writer');
    expect(r.text.match(/<div class="article-body">(.*?)<\/div>/s)?.[1]?.match(/<p>/g)?.length).toBe(2);
  });

  it('marks the mentions of persons, organizations, countries and aliases', async () => {
    const r = await get(app.url, '/articles/main-story');
    expect(r.text).toContain('<mark class="mention mention-person">Edi Rama</mark> flew');
    expect(r.text).toContain('<mark class="mention mention-organization">NATO</mark> that');
    expect(r.text).toContain('<mark class="mention mention-country">Albania</mark>');
    expect(r.text).toContain('Mr <mark class="mention mention-alias">Rama</mark> smiled');
  });

  it('links facet values to filtered searches and lists the other versions of the story', async () => {
    const r = await get(app.url, '/articles/main-story');
    expect(r.text).toContain('href="/?person=Edi+Rama"');
    expect(r.text).toContain('href="/?country=Albania"');
    expect(r.text).toContain('href="/?topic=politics"');
    expect(r.text).toContain('href="/articles/copy-story"');
    expect(r.text).not.toContain('href="/articles/other-story"');
  });

  it('is linked from search results: the title when there is no URL, beside the URL otherwise', async () => {
    const r = await get(app.url, '/?q=rama');
    expect(r.text).toMatch(/<h3 class="hit-title"><a href="\/articles\/main-story">/);
    expect(r.text).toContain('class="hit-article-link" href="/articles/copy-story"');
  });

  it('answers 404 for an unknown article and 400 for a bad id', async () => {
    expect((await get(app.url, '/articles/nope')).status).toBe(404);
    expect((await get(app.url, '/articles/bad%20id')).status).toBe(400);
  });
});
