import http from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SearchResult } from '../../src/search/result.ts';
import { deleteIndex, get, seedIndex, startApp, type RunningApp } from './api-helpers.ts';
import { testArticles } from './api-fixtures.ts';

const index = `test_api_security_${Math.random().toString(36).slice(2, 8)}`;
let app: RunningApp;
let searchKey: string;
/** Every response body and header seen, to check that no key ever leaves the server. */
const seen: string[] = [];

async function fetchSeen(path: string, init?: RequestInit) {
  const response = await get(app.url, path, init);
  response.headers.forEach((value, name) => {
    seen.push(`${name}: ${value}`);
  });
  seen.push(response.text);
  return response;
}

/** A raw request, for what fetch refuses to send (bodies on GET, odd methods, exact paths). */
function raw(path: string, options: http.RequestOptions = {}, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${app.url}${path}`, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  searchKey = await seedIndex(inject('meiliUrl'), inject('meiliKey'), index, testArticles());
  app = await startApp({
    meili: { url: inject('meiliUrl'), searchKey },
    index,
    rateLimitPerMinute: 0,
    corsOrigin: 'https://reader.example',
  });
});
afterAll(async () => {
  await app?.close();
  await deleteIndex(inject('meiliUrl'), inject('meiliKey'), index);
});

describe('validation: bad input is a 400 with a precise code, never a 500', () => {
  it.each([
    ['/api/search?colour=red', 'unknown_parameter', 'Unknown parameter "colour"'],
    [`/api/search?q=${'a'.repeat(600)}`, 'query_too_long', 'Parameter "q": must be at most 512 characters.'],
    ['/api/search?page=0', 'invalid_parameter', 'Parameter "page": must be at least 1.'],
    ['/api/search?hitsPerPage=1000', 'invalid_parameter', 'Parameter "hitsPerPage": must be at most 100.'],
    ['/api/search?page=11&hitsPerPage=100', 'page_out_of_range', 'Parameter "page": is beyond the last reachable page'],
    ['/api/search?from=2024-13-01', 'invalid_date', 'Parameter "from": "2024-13-01" is not a real date.'],
    ['/api/search?from=2024-05-02&to=2024-05-01', 'invalid_date', 'Parameter "from": must not be after "to".'],
    ['/api/search?sort=best', 'invalid_parameter', 'Parameter "sort": expected one of relevance, newest, oldest.'],
    ['/api/search?q=a&q=b', 'invalid_parameter', 'Parameter "q" may be given only once.'],
    ['/api/search?q=%E0%A4%A', 'malformed_url', 'The URL contains malformed percent-encoding.'],
    ['/api/search?country=%ZZ', 'malformed_url', 'The URL contains malformed percent-encoding.'],
    [
      `/api/search?${Array.from({ length: 21 }, (_, i) => `person=p${i}`).join('&')}`,
      'invalid_parameter',
      'Parameter "person": at most 20 values.',
    ],
    [`/api/search?${Array.from({ length: 150 }, () => 'q=x').join('&')}`, 'too_many_parameters', 'At most 100 query parameters'],
    [`/api/search?person=${'x'.repeat(201)}`, 'invalid_parameter', 'at most 200 characters'],
    ['/api/search?country=a%00b', 'invalid_parameter', 'control characters are not allowed'],
    ['/api/search?__proto__=x', 'unknown_parameter', 'Unknown parameter "__proto__"'],
    ['/api/search?country[a]=x', 'unknown_parameter', 'Unknown parameter "country[a]"'],
  ])('%s → %s', async (path, code, message) => {
    const response = await fetchSeen(path);
    expect(response.status).toBe(400);
    const body = response.json<{ error: { code: string; message: string } }>();
    expect(body.error.code).toBe(code);
    expect(body.error.message).toContain(message);
  });

  it('refuses very long URLs (414), other methods (405) and request bodies (413)', async () => {
    expect((await fetchSeen(`/api/search?q=${'a'.repeat(5000)}`)).status).toBe(414);
    const post = await raw('/api/search', { method: 'POST', headers: { 'content-type': 'application/json' } }, '{}');
    expect(post.status).toBe(405);
    expect(JSON.parse(post.text)).toMatchObject({ error: { code: 'method_not_allowed' } });
    const withBody = await raw('/api/search', { method: 'GET', headers: { 'content-length': '5000' } }, 'x'.repeat(5000));
    expect(withBody.status).toBe(413);
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const response = await fetchSeen('/api/nothing');
    expect(response.status).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('stored XSS: markup in articles is text everywhere', () => {
  it('escapes titles, snippets, sources, authors and facet values in the page', async () => {
    const page = (await fetchSeen('/?q=phishing')).text;
    expect(page).toContain(
      '&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; <mark>Phishing</mark> warning &lt;img src=x onerror=alert(1)&gt;',
    );
    expect(page).toContain('&lt;i&gt;Evil&lt;/i&gt; Source');
    expect(page).toContain('&lt;svg onload=alert(4)&gt;');
    expect(page).toContain('&lt;img src=y onerror=alert(5)&gt;');
    expect(page).not.toMatch(/<script>alert|<img src|<svg onload|<i>Evil|<b>phishing/);
    expect(page).not.toContain('href="javascript:');
  });

  it('escapes highlights in the API, keeping only <mark>', async () => {
    const result = (await fetchSeen('/api/search?q=phishing')).json<SearchResult>();
    const hit = result.hits[0]!;
    expect(hit.titleHtml).toBe(
      '&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; <mark>Phishing</mark> warning &lt;img src=x onerror=alert(1)&gt;',
    );
    expect(hit.snippetHtml.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
    const banks = (await fetchSeen('/api/search?q=banks+warn')).json<SearchResult>().hits[0]!;
    expect(banks.snippetHtml).toBe(
      '<mark>Banks</mark> <mark>warn</mark> about &lt;b&gt;phishing&lt;/b&gt; mails &amp; fake &lt;a href=&quot;javascript:alert(2)&quot;&gt;links&lt;/a&gt;.',
    );
    expect(hit.title).toBe('<script>alert("t")</script> Phishing warning <img src=x onerror=alert(1)>');
  });
});

describe('headers', () => {
  it('sends a CSP that allows only the page’s own script and style, and other security headers', async () => {
    const response = await fetchSeen('/');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('allows the configured CORS origin only', async () => {
    const allowed = await fetchSeen('/api/search?q=cyber', { headers: { origin: 'https://reader.example' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://reader.example');
    const other = await fetchSeen('/api/search?q=cyber', { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await raw('/api/search', {
      method: 'OPTIONS',
      headers: { origin: 'https://reader.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(204);
  });
});

describe('keys', () => {
  it('never sends a Meilisearch key to the browser', async () => {
    for (const path of [
      '/',
      '/?q=cyber&country=Albania',
      '/api/search?q=cyber',
      '/api/health',
      '/api/openapi.json',
      '/api/search.atom?q=cyber',
      '/assets/app.js',
      '/api/articles/cyber-visit',
    ]) {
      await fetchSeen(path);
    }
    const everything = seen.join('\n');
    expect(everything.length).toBeGreaterThan(10_000);
    expect(everything).not.toContain(inject('meiliKey'));
    expect(everything).not.toContain(searchKey);
  });
});

describe('rate limit', () => {
  it('answers 429 JSON past the configured requests per minute on the API (the page shares the count: rate-limit.test.ts)', async () => {
    const limited = await startApp({ meili: { url: inject('meiliUrl'), searchKey }, index, rateLimitPerMinute: 3 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await get(limited.url, '/api/health')).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const response = await get(limited.url, '/api/search?q=x');
      expect(response.json()).toEqual({
        error: { code: 'rate_limited', message: 'Too many requests: the limit is 3 per minute. Try again shortly.' },
      });
      expect(response.headers.get('ratelimit-policy')).toContain('3');
      expect((await get(limited.url, '/assets/style.css')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
