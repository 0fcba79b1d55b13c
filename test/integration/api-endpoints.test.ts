import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Article } from '../../src/article.ts';
import type { Timeline } from '../../src/search/timeline.ts';
import { deleteIndex, get, seedIndex, startApp, type RunningApp } from './api-helpers.ts';
import { testArticles } from './api-fixtures.ts';

const index = `test_api_endpoints_${Math.random().toString(36).slice(2, 8)}`;
let app: RunningApp;

beforeAll(async () => {
  const key = await seedIndex(inject('meiliUrl'), inject('meiliKey'), index, testArticles());
  app = await startApp({ meili: { url: inject('meiliUrl'), searchKey: key }, index, rateLimitPerMinute: 0 });
});
afterAll(async () => {
  await app?.close();
  await deleteIndex(inject('meiliUrl'), inject('meiliKey'), index);
});

describe('GET /api/facets/:facet', () => {
  it('finds facet values by prefix, with counts', async () => {
    const response = await get(app.url, '/api/facets/person?q=ed');
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ facet: 'person', values: [{ value: 'Edi Rama', count: 2, selected: false }] });
  });

  it('counts within the search and the other filters, ignoring its own filter', async () => {
    const response = await get(app.url, '/api/facets/country?q=i&search=cyber&country=Albania&person=Edi+Rama');
    const values = response.json<{ values: { value: string; count: number; selected: boolean }[] }>().values;
    expect(values).toEqual(
      expect.arrayContaining([
        { value: 'Israel', count: 1, selected: false },
        { value: 'Iran', count: 2, selected: false },
      ]),
    );
  });

  it('rejects an unknown facet with 404 and bad parameters with 400', async () => {
    expect((await get(app.url, '/api/facets/colour?q=r')).json()).toEqual({
      error: { code: 'unknown_facet', message: expect.stringContaining('Unknown facet "colour"') },
    });
    const bad = await get(app.url, '/api/facets/person?q=ed&page=2');
    expect(bad.status).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'unknown_parameter' } });
  });
});

describe('GET /api/timeline', () => {
  it('counts matches per month, filling empty months', async () => {
    const response = await get(app.url, '/api/timeline?country=Iran&interval=month');
    const timeline = response.json<Timeline>();
    expect(timeline.interval).toBe('month');
    expect(timeline.buckets.map((b) => [b.period, b.count])).toEqual([
      ['2022-09', 2],
      ['2022-10', 0],
      ['2022-11', 1],
    ]);
    expect(timeline.buckets[0]).toMatchObject({ from: '2022-09-01', to: '2022-09-30' });
    expect(timeline.total).toBe(3);
  });

  it('picks the interval automatically and respects the query and dates', async () => {
    const timeline = (await get(app.url, '/api/timeline?q=glacier+museum&from=2023-05-01')).json<Timeline>();
    expect(timeline.interval).toBe('day');
    expect(timeline.buckets.map((b) => b.count)).toEqual([1, 1, 1]);
  });

  it('rejects a bad interval', async () => {
    const response = await get(app.url, '/api/timeline?interval=year');
    expect(response.status).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'invalid_parameter', message: expect.stringContaining('"interval"') } });
  });
});

describe('GET /api/articles/:id', () => {
  it('returns the whole article', async () => {
    const response = await get(app.url, '/api/articles/cyber-visit');
    expect(response.status).toBe(200);
    const article = response.json<Article>();
    expect(article).toMatchObject({ id: 'cyber-visit', persons: ['Edi Rama', 'Gaby Portnoy'], publishedMonth: '2022-11' });
    expect(article.body).toContain('Tel Aviv');
  });

  it('answers 404 for an unknown id', async () => {
    const response = await get(app.url, '/api/articles/nope-123');
    expect(response.status).toBe(404);
    expect(response.json()).toEqual({ error: { code: 'not_found', message: 'No article with id "nope-123".' } });
  });

  it.each([
    ['..%2F..%2Fetc%2Fpasswd', 400],
    ['%2e%2e%2fkeys', 400],
    ['a%22%20OR%20id%20%3D%20%22b', 400],
    ['x'.repeat(65), 400],
    ['%E0%A4%A', 400],
  ])('rejects the id %s with 400, never a 500', async (id, status) => {
    const response = await get(app.url, `/api/articles/${id}`);
    expect(response.status).toBe(status);
    expect(response.json<{ error: { code: string } }>().error.code).toMatch(/invalid_id|malformed_url/);
  });
});

describe('GET /api/search.atom', () => {
  it('returns the search as an Atom feed, newest first, with text escaped', async () => {
    const response = await get(app.url, '/api/search.atom?country=Iran');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
    expect(response.text).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    const titles = [...response.text.matchAll(/<entry>.*?<title type="text">(.*?)<\/title>/g)].map((m) => m[1]);
    expect(titles).toEqual([
      'Israeli cyber chief hosts the prime minister of Albania after Iranian attacks',
      'Tehran denies role in hacking campaign',
      'Albania cuts diplomatic ties with Iran over hacking',
    ]);
    expect(response.text).toContain('<link rel="self" type="application/atom+xml" href="http://127.0.0.1:');
  });

  it('escapes markup from articles', async () => {
    const response = await get(app.url, '/api/search.atom?q=phishing');
    expect(response.text).toContain('&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; Phishing warning');
    expect(response.text).not.toContain('<script');
    expect(response.text).not.toContain('<img');
  });
});

describe('GET /api/openapi.json', () => {
  it('documents every endpoint with parameters generated from the request schemas', async () => {
    const doc = (await get(app.url, '/api/openapi.json')).json<{
      openapi: string;
      paths: Record<string, { get: { parameters?: { name: string; schema: Record<string, unknown> }[] } }>;
    }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/articles/{id}',
      '/api/batch',
      '/api/entities/{facet}/{value}',
      '/api/export',
      '/api/facets/{facet}',
      '/api/health',
      '/api/openapi.json',
      '/api/saved-searches',
      '/api/saved-searches/{id}',
      '/api/saved-searches/{id}/feed.atom',
      '/api/search',
      '/api/search.atom',
      '/api/timeline',
    ]);
    expect(doc.paths['/api/timeline']!.get.parameters!.map((p) => p.name)).toEqual(expect.arrayContaining(['compare', 'normalize']));
    const params = doc.paths['/api/search']!.get.parameters!;
    expect(params.map((p) => p.name)).toEqual(
      expect.arrayContaining([
        'q',
        'country',
        'person',
        'organization',
        'topic',
        'source',
        'language',
        'from',
        'to',
        'sort',
        'page',
        'hitsPerPage',
        'facets',
        'collapse',
      ]),
    );
    expect(params.find((p) => p.name === 'hitsPerPage')!.schema).toMatchObject({ type: 'integer', maximum: 100, default: 20 });
    expect(params.find((p) => p.name === 'country')!.schema).toMatchObject({ type: 'array', maxItems: 20 });
    expect(params.find((p) => p.name === 'sort')!.schema).toMatchObject({ enum: ['relevance', 'newest', 'oldest'] });
  });
});

describe('GET /api/health', () => {
  it('reports Meilisearch as available', async () => {
    const response = await get(app.url, '/api/health');
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', meilisearch: 'available' });
  });
});

describe('GET / (the page without JavaScript)', () => {
  it('renders results, facets with filter links, chips and the timeline from the URL', async () => {
    const response = await get(app.url, '/?q=cyber&country=Albania');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const page = response.text;
    expect(page).toContain('value="cyber"');
    expect(page).toContain('Israeli <mark>cyber</mark> chief');
    expect(page).toMatch(/class="chip" href="\/\?q=cyber" data-nav aria-label="Remove filter Country: Albania"/);
    expect(page).toContain('href="/?q=cyber&amp;country=Albania&amp;person=Edi+Rama"');
    expect(page).toContain('<svg viewBox');
    expect(page).toContain('<input type="hidden" name="country" value="Albania">');
    expect(page).not.toMatch(/<script>|<style|style=/);
  });

  it('shows an empty state that offers removing filters', async () => {
    const page = (await get(app.url, '/?q=glacier&country=Iran')).text;
    expect(page).toContain('No articles found for “glacier”');
    expect(page).toContain('Remove country “Iran”');
  });

  it('shows bad parameters as an error state with status 400', async () => {
    const response = await get(app.url, '/?q=x&page=zero');
    expect(response.status).toBe(400);
    expect(response.text).toContain('That search could not be run');
    expect(response.text).toContain('Parameter &quot;page&quot;: expected a whole number.');
  });

  it('serves its script and stylesheet as files', async () => {
    expect((await get(app.url, '/assets/app.js')).headers.get('content-type')).toMatch(/javascript/);
    expect((await get(app.url, '/assets/style.css')).headers.get('content-type')).toMatch(/text\/css/);
    expect((await get(app.url, '/assets/..%2Fapp.ts')).status).toBe(404);
  });
});
