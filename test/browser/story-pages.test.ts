/**
 * The entity page and the compared timeline in Chromium (playwright-core): related entities
 * link to their pages and to a search of both together, markup from articles stays text, the
 * comparison draws one line and one legend entry per series; no script errors or CSP violations.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { deleteIndex, makeArticle, type RunningApp, seedIndex, startApp } from '../integration/api-helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const available = existsSync(CHROMIUM);

const index = `test_story_${Math.random().toString(36).slice(2, 8)}`;

const articles = [
  ...[1, 2, 3, 4].map((n) =>
    makeArticle({
      title: `Rama meets investors, part ${n}`,
      body: 'The prime minister of Albania met investors in Tirana.',
      source: n % 2 ? 'Adriatic Post' : 'Tirana Ledger',
      publishedAt: `2024-0${n}-10T09:00:00Z`,
      countries: ['Albania'],
      persons: ['Edi Rama'],
      organizations: n < 4 ? ['Albanian Investment Council'] : [],
      topics: ['economy, business and finance'],
    }),
  ),
  ...[1, 2, 3, 4, 5, 6].map((n) =>
    makeArticle({
      title: `Harbour strike day ${n}`,
      body: 'Dock workers in Rotterdam stopped work again.',
      source: 'Rhine Courier',
      publishedAt: `2024-0${n}-20T09:00:00Z`,
      countries: ['Netherlands'],
      topics: ['labour'],
    }),
  ),
  makeArticle({
    title: 'A strange name <b>bold</b>',
    body: 'Edi Rama and a markup person met investors.',
    publishedAt: '2024-02-15T09:00:00Z',
    persons: ['Edi Rama', '<img src=x onerror="window.__xss = 1">'],
    countries: ['Albania'],
  }),
  makeArticle({
    title: 'Another markup appearance',
    body: 'Edi Rama again met investors.',
    publishedAt: '2024-03-15T09:00:00Z',
    persons: ['Edi Rama', '<img src=x onerror="window.__xss = 1">'],
  }),
];

describe.skipIf(!available)('entity page and compared timeline in Chromium', () => {
  let app: RunningApp;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const problems: string[] = [];

  beforeAll(async () => {
    const searchKey = await seedIndex(inject('meiliUrl'), inject('meiliKey'), index, articles);
    app = await startApp({ meili: { url: inject('meiliUrl'), searchKey }, index, rateLimitPerMinute: 0 });
    profile = mkdtempSync(path.join(os.tmpdir(), 'lede-chromium-story-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await app?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await deleteIndex(inject('meiliUrl'), inject('meiliKey'), index);
  });

  it('shows an entity with its timeline, related entities, sources and latest articles', async () => {
    await page.goto(`${app.url}/entities/person/Edi%20Rama`);
    expect(await page.locator('h1.entity-name').textContent()).toBe('Edi Rama');
    expect(await page.locator('.entity-summary strong').textContent()).toBe('6');
    expect(await page.locator('.timeline-svg a').count()).toBeGreaterThan(1);
    const organizations = page.locator('[data-related="organization"] a.related-entity');
    expect(await organizations.allTextContents()).toEqual(['Albanian Investment Council']);
    expect(await page.locator('[data-related="person"] a.related-entity').allTextContents()).toEqual([
      '<img src=x onerror="window.__xss = 1">',
    ]);
    expect(await page.locator('.entity-sources a').count()).toBeGreaterThan(0);
    expect(await page.locator('.hits .hit').count()).toBe(6);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await page.screenshot({ path: path.join(ARTIFACTS, 'entity-page.png'), fullPage: true });

    await organizations.first().click();
    await page.waitForURL((url) => url.pathname === '/entities/organization/Albanian%20Investment%20Council');
    expect(await page.locator('h1.entity-name').textContent()).toBe('Albanian Investment Council');
    await page.locator('[data-related="person"] a.related-together', { hasText: 'together' }).first().click();
    await page.waitForURL((url) => url.pathname === '/' && url.searchParams.get('person') === 'Edi Rama');
    await expect.poll(() => page.locator('.chip', { hasText: 'Organization: Albanian Investment Council' }).count()).toBe(1);
    expect(await page.locator('.hit').count()).toBe(3);
  });

  it('reaches the entity page from a facet value of the search page', async () => {
    await page.goto(`${app.url}/?q=investors`);
    await page.locator('[data-facet="country"] a.entity-link[href="/entities/country/Albania"]').click();
    await page.waitForURL((url) => url.pathname === '/entities/country/Albania');
    expect(await page.locator('h1.entity-name').textContent()).toBe('Albania');
  });

  it('draws several series with a legend, as counts and as shares', async () => {
    const compare = ['person=Edi Rama', 'q=strike'].map((s) => `compare=${encodeURIComponent(s)}`).join('&');
    await page.goto(`${app.url}/compare?${compare}&normalize=share`);
    expect(await page.locator('.compare-svg polyline.series-line').count()).toBe(2);
    expect(await page.locator('.timeline-legend .legend-label').allTextContents()).toEqual(['person=Edi Rama', 'q=strike']);
    const colours = await page
      .locator('.compare-svg polyline.series-line')
      .evaluateAll((lines) => lines.map((l) => getComputedStyle(l).stroke));
    expect(new Set(colours).size).toBe(2);
    expect(await page.locator('figcaption').first().textContent()).toContain('Share of all articles');
    expect(await page.locator('input[name="compare"]').first().inputValue()).toBe('person=Edi Rama');
    await page.screenshot({ path: path.join(ARTIFACTS, 'compare-page.png'), fullPage: true });
  });

  it('ran without script errors or CSP violations', () => {
    expect(problems).toEqual([]);
  });
});
