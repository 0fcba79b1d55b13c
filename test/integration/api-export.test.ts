/** GET /api/export against a real Meilisearch: every match (more than 1,000), each once, in every format. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Article } from '../../src/article.ts';
import type { SearchResult } from '../../src/search/result.ts';
import { deleteIndex, get, makeArticle, seedIndex, startApp, type RunningApp } from './api-helpers.ts';

const index = `test_api_export_${Math.random().toString(36).slice(2, 8)}`;
let app: RunningApp;
const articles: Article[] = [];

// 2,600 articles: 1,300 share one timestamp (ties across batch boundaries), 1,000 are spread
// over days, 300 are undated. Every one says "harbour"; even ones also "lighthouse".
for (let i = 0; i < 2600; i++) {
  const publishedAt =
    i < 1300 ? '2024-03-01T00:00:00.000Z' : i < 2300 ? new Date(Date.UTC(2023, 0, 1) + i * 3_600_000).toISOString() : null;
  articles.push(
    makeArticle({
      id: `a${String(i).padStart(5, '0')}`,
      title: i === 7 ? '=HYPERLINK("http://evil") harbour' : `Harbour news number ${i}`,
      body: `The harbour report ${i}.${i % 2 === 0 ? ' The lighthouse keeper spoke.' : ''}`,
      publishedAt,
      countries: i % 3 === 0 ? ['Albania', 'Greece'] : [],
      persons: i % 5 === 0 ? ['Edi Rama'] : [],
    }),
  );
}

beforeAll(async () => {
  const key = await seedIndex(inject('meiliUrl'), inject('meiliKey'), index, articles);
  app = await startApp({ meili: { url: inject('meiliUrl'), searchKey: key }, index, rateLimitPerMinute: 0 });
}, 180_000);
afterAll(async () => {
  await app?.close();
  await deleteIndex(inject('meiliUrl'), inject('meiliKey'), index);
});

async function exportNdjson(query: string): Promise<Article[]> {
  const response = await get(app.url, `/api/export?${query}`);
  expect(response.status, response.text.slice(0, 300)).toBe(200);
  expect(response.headers.get('content-type')).toContain('application/x-ndjson');
  return response.text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Article);
}

async function pagedSearchIds(query: string): Promise<{ ids: string[]; total: number }> {
  const ids: string[] = [];
  let total = 0;
  for (let page = 1; page <= 10; page++) {
    const r = (await get(app.url, `/api/search?${query}&hitsPerPage=100&page=${page}&facets=source`)).json<SearchResult>();
    total = r.totalHits;
    ids.push(...r.hits.map((h) => h.id));
    if (r.hits.length < 100) break;
  }
  return { ids, total };
}

const idsOf = (list: Array<{ id: string }>) => list.map((a) => a.id);
const sorted = (ids: string[]) => [...ids].sort();

describe('GET /api/export', () => {
  it('exports every match of a query with words, beyond 1,000 and beyond the search window, each once', async () => {
    const exported = await exportNdjson('q=harbour&format=ndjson');
    const ids = idsOf(exported);
    expect(new Set(ids).size).toBe(ids.length);
    expect(sorted(ids)).toEqual(sorted(idsOf(articles)));
    const { total } = await pagedSearchIds('q=harbour');
    expect(ids.length).toBe(total);
    // Newest first, undated last.
    const dates = exported.map((a) => a.publishedTs);
    const dated = dates.filter((d): d is number => d !== null);
    expect(dated).toEqual([...dated].sort((a, b) => b - a));
    expect(dates.slice(dated.length).every((d) => d === null)).toBe(true);
  });

  it('gives the whole document, as /api/articles/{id} does', async () => {
    const [first] = await exportNdjson('q=harbour&person=Edi+Rama&sort=oldest');
    const single = await get(app.url, `/api/articles/${first!.id}`);
    expect(first).toEqual(single.json());
  });

  it('exports the same ids as a full paged search, with filters, dates and OR queries', async () => {
    for (const query of [
      'q=lighthouse&country=Albania',
      `q=${encodeURIComponent('lighthouse OR "report 2001"')}&from=2023-01-01&to=2024-12-31&person=Edi+Rama`,
      `q=${encodeURIComponent('harbour -lighthouse')}&country=Greece&sort=oldest`,
    ]) {
      const paged = await pagedSearchIds(query);
      expect(paged.total, query).toBeLessThanOrEqual(1000);
      expect(paged.total, query).toBeGreaterThan(0);
      expect(sorted(idsOf(await exportNdjson(query))), query).toEqual(sorted(paged.ids));
    }
  });

  it('exports a large OR query (a federated search) whole', async () => {
    const exported = await exportNdjson(`q=${encodeURIComponent('lighthouse OR country:Albania')}`);
    const expected = articles.filter((a, i) => i % 2 === 0 || a.countries.includes('Albania'));
    expect(expected.length).toBeGreaterThan(1000);
    expect(sorted(idsOf(exported))).toEqual(sorted(idsOf(expected)));
  });

  it('writes CSV with the columns, multi-values joined, formula-safe, as an attachment', async () => {
    const response = await get(app.url, '/api/export?q=harbour&country=Albania&format=csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="lede-export-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = response.text.trim().split('\r\n');
    expect(lines[0]).toBe('id,publishedAt,source,title,url,countries,persons,organizations,topics');
    expect(lines.length - 1).toBe(articles.filter((a) => a.countries.includes('Albania')).length);
    expect(lines.find((l) => l.startsWith('a00000,'))).toContain(',Albania; Greece,Edi Rama,,');
    expect(response.text).not.toContain(',=HYPERLINK');
  });

  it('writes JSON as one array of documents', async () => {
    const response = await get(app.url, '/api/export?q=lighthouse&country=Greece&format=json');
    expect(response.headers.get('content-disposition')).toContain('.json"');
    const list = response.json<Article[]>();
    expect(list.length).toBe(articles.filter((a, i) => i % 2 === 0 && a.countries.includes('Greece')).length);
  });

  it('answers bad parameters with a JSON 400 before any download', async () => {
    expect((await get(app.url, '/api/export?format=xml')).status).toBe(400);
    expect((await get(app.url, '/api/export?q=%22unclosed')).status).toBe(400);
    expect((await get(app.url, '/api/export?page=2')).status).toBe(400);
  });
});

describe('timeline: undated matches', () => {
  it('counts the matching articles without a date, in /api/timeline and the search page', async () => {
    const timeline = (await get(app.url, '/api/timeline?q=harbour')).json<{ undated: number; total: number }>();
    expect(timeline.undated).toBe(300);
    expect(timeline.total).toBe(2300);
    const union = (await get(app.url, `/api/timeline?q=${encodeURIComponent('lighthouse OR country:Albania')}`)).json<{
      undated: number;
    }>();
    expect(union.undated).toBe(
      articles.filter((a, i) => a.publishedTs === null && (i % 2 === 0 || a.countries.includes('Albania'))).length,
    );
    expect((await get(app.url, '/api/timeline?q=harbour&from=2020-01-01')).json<{ undated: number }>().undated).toBe(0);
    const page = await get(app.url, '/?q=harbour&from=2024-01-01');
    expect(page.text).toContain('300 undated articles not shown');
  });
});
