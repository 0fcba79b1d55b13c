/**
 * The search page in a real browser (Debian's chromium driven by playwright-core): the seed
 * article indexed by the ingester, search-as-you-type, a facet click with its chip, back, XSS
 * rendered as text, no CSP violations, and screenshots under test/artifacts/.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ingest } from '../../ingest/ingest.ts';
import { createMeiliClient } from '../../src/meili/client.ts';
import { deleteIndex, makeArticle, seedIndex, startApp, type RunningApp } from '../integration/api-helpers.ts';
import { hasSharedData, sharedPath } from '../support/shared-data.ts';

const CHROMIUM = '/usr/bin/chromium';
const SEED = sharedPath('seeds/000_864c1a667223b0e1.txt');
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`Skipping the browser test: ${CHROMIUM} is missing (install it with \`apt-get install -y chromium\`).`);
const available = hasSharedData(SEED) && haveChromium;

const index = `test_browser_${Math.random().toString(36).slice(2, 8)}`;
const seedTitle = available ? readFileSync(SEED, 'utf8').split('\n')[0]!.trim() : '';

/** Other articles, written for this test; one carries markup that must stay text. */
const others = [
  makeArticle({
    title: 'Tirana opens a new waterfront promenade',
    body: 'The prime minister of Albania walked the new promenade with residents on Sunday.',
    source: 'Adriatic Post',
    publishedAt: '2024-03-10T09:00:00Z',
    countries: ['Albania'],
    persons: ['Edi Rama'],
    topics: ['society'],
  }),
  makeArticle({
    title: 'Albanian olive harvest breaks records',
    body: 'Farmers in southern Albania picked more olives than in any year on record.',
    source: 'Adriatic Post',
    publishedAt: '2023-10-01T09:00:00Z',
    countries: ['Albania'],
    topics: ['economy, business and finance'],
  }),
  // Holds both words of "Albania cyber" (every word of a query must match), so the search has
  // more than one hit to narrow down.
  makeArticle({
    title: 'Balkan lenders review their defences',
    body: 'Banks in Albania said on Monday that a review of their cyber defences would take until the end of the year.',
    source: 'Adriatic Post',
    publishedAt: '2023-06-01T09:00:00Z',
    countries: ['Albania'],
    topics: ['economy, business and finance'],
  }),
  makeArticle({
    title: 'Ransomware gang targets hospital networks',
    body: 'A cyber crime group encrypted patient systems at several hospitals before demanding payment.',
    source: 'Rhine Courier',
    publishedAt: '2024-05-02T09:00:00Z',
    countries: ['Germany'],
    topics: ['science and technology'],
  }),
  makeArticle({
    title: 'Start-ups bet on cyber insurance',
    body: 'Investors in Tel Aviv are funding companies that price the risk of cyber attacks.',
    source: 'Harbour Gazette',
    publishedAt: '2024-01-15T09:00:00Z',
    countries: ['Israel'],
    topics: ['economy, business and finance'],
  }),
  makeArticle({
    title: '<script>window.__xss = 1</script> Phishing alert <img src=x onerror="window.__xss = 2">',
    standfirst: 'Mail that asks for your <b>password</b> is a phishing attempt.',
    body: 'Phishing mails imitate banks and ask for passwords.',
    source: '<i>Markup</i> Daily',
    authors: ['<svg onload="window.__xss = 3">'],
    publishedAt: '2024-02-20T09:00:00Z',
    persons: ['<img src=y onerror="window.__xss = 4">'],
  }),
  // A long person facet (more than the 8 shown), to use the search box inside it.
  ...[
    'Ana Quill',
    'Bo Marsh',
    'Cyra Vance',
    'Dov Kettle',
    'Eli Sparrow',
    'Fay Linden',
    'Gus Harrow',
    'Hal Brook',
    'Ivo Tarn',
    'Juno Reed',
  ].map((runner, i) =>
    makeArticle({
      title: `Marathon report ${i + 1}: ${runner} sets a personal best`,
      body: `The city marathon saw ${runner} finish strongly in cool weather.`,
      source: 'Track Weekly',
      publishedAt: `2024-04-${String(i + 1).padStart(2, '0')}T09:00:00Z`,
      persons: [runner],
      topics: ['sport'],
    }),
  ),
];

describe.skipIf(!available)('the search page in Chromium', () => {
  let app: RunningApp;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const problems: string[] = [];

  beforeAll(async () => {
    const searchKey = await seedIndex(inject('meiliUrl'), inject('meiliKey'), index, others);
    const report = await ingest([SEED], { client: createMeiliClient(inject('meiliUrl'), inject('meiliKey')), index });
    expect(report.indexed).toBe(1);
    app = await startApp({ meili: { url: inject('meiliUrl'), searchKey }, index, rateLimitPerMinute: 0 });
    profile = mkdtempSync(path.join(os.tmpdir(), 'lede-chromium-'));
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
        '--disable-quic',
      ],
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await app?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await deleteIndex(inject('meiliUrl'), inject('meiliKey'), index);
  });

  const firstTitle = () => page.locator('.hit-title').first();
  const hitCount = () => page.locator('.hit').count();

  it('finds the seed as you type, narrows by a person, and goes back', async () => {
    await page.goto(`${app.url}/`);
    await expect.poll(() => page.title()).toBe('Lede – news search');
    await page.locator('#q').pressSequentially('Albania cyber', { delay: 40 });
    await page.waitForURL((url) => url.searchParams.get('q') === 'Albania cyber');
    await expect.poll(async () => (await firstTitle().textContent())?.trim()).toBe(seedTitle);
    const before = await hitCount();
    expect(before).toBeGreaterThan(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'search-page.png'), fullPage: true });

    const person = page.locator('[data-facet="person"] a.facet-value', { hasText: 'Edi Rama' }).first();
    if (!(await person.isVisible())) await page.locator('[data-facet="person"] summary').click();
    await person.click();
    await page.waitForURL((url) => url.searchParams.getAll('person').includes('Edi Rama'));
    const chip = page.locator('.chip', { hasText: 'Person: Edi Rama' });
    await expect.poll(() => chip.isVisible()).toBe(true);
    await expect.poll(() => hitCount()).toBeLessThan(before);
    expect((await firstTitle().textContent())?.trim()).toBe(seedTitle);
    expect(await page.locator('[data-facet="person"] a.is-selected .facet-name').allTextContents()).toEqual(['Edi Rama']);
    await page.screenshot({ path: path.join(ARTIFACTS, 'search-page-filtered.png'), fullPage: true });

    await page.goBack();
    await page.waitForURL((url) => url.searchParams.getAll('person').length === 0 && url.searchParams.get('q') === 'Albania cyber');
    await expect.poll(() => chip.count()).toBe(0);
    await expect.poll(() => hitCount()).toBe(before);
    expect(await page.locator('#q').inputValue()).toBe('Albania cyber');

    await page.goForward();
    await expect.poll(() => page.locator('.chip', { hasText: 'Person: Edi Rama' }).count()).toBe(1);
  });

  it("narrows by an organization from a result's own tags", async () => {
    await page.goto(`${app.url}/?q=Albania+cyber`);
    await expect.poll(async () => (await firstTitle().textContent())?.trim()).toBe(seedTitle);
    const tag = page.locator('.hit').first().locator('a.tag-organization', { hasText: 'Israel National Cyber Directorate' });
    await tag.click();
    await page.waitForURL((url) => url.searchParams.getAll('organization').includes('Israel National Cyber Directorate'));
    await expect.poll(() => page.locator('.chip', { hasText: 'Israel National Cyber Directorate' }).count()).toBe(1);
    expect((await firstTitle().textContent())?.trim()).toBe(seedTitle);
  });

  it('works without JavaScript state: a reload of a filtered URL renders the same results', async () => {
    await page.goto(`${app.url}/?q=Albania+cyber&person=Edi+Rama`);
    await expect.poll(() => page.locator('.chip', { hasText: 'Person: Edi Rama' }).count()).toBe(1);
    expect((await firstTitle().textContent())?.trim()).toBe(seedTitle);
  });

  it('renders markup from articles as text', async () => {
    await page.goto(`${app.url}/?q=phishing`);
    const title = (await firstTitle().textContent())?.trim();
    expect(title).toBe('<script>window.__xss = 1</script> Phishing alert <img src=x onerror="window.__xss = 2">');
    expect(await page.locator('.hit-source').first().textContent()).toBe('<i>Markup</i> Daily');
    expect(await page.locator('[data-facet="person"] .facet-name').allTextContents()).toContain('<img src=y onerror="window.__xss = 4">');
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('#results img, #results script, #results i, #results svg:not(.timeline-svg)').count()).toBe(0);
    expect(await page.locator('.hit-title mark').first().textContent()).toBe('Phishing');
  });

  it('searches inside a long facet and filters on a found value', async () => {
    await page.goto(`${app.url}/?q=marathon`);
    const box = page.locator('[data-facet="person"] .facet-search input');
    await expect.poll(() => box.isVisible()).toBe(true);
    await box.pressSequentially('juno', { delay: 30 });
    const found = page.locator('[data-facet="person"] .facet-found a', { hasText: 'Juno Reed' });
    await expect.poll(() => found.count()).toBe(1);
    await found.click();
    await page.waitForURL((url) => url.searchParams.get('person') === 'Juno Reed');
    await expect.poll(() => page.locator('.hit').count()).toBe(1);
    await expect.poll(() => page.locator('.chip', { hasText: 'Person: Juno Reed' }).count()).toBe(1);
  });

  it('narrows the dates by clicking a bar of the timeline', async () => {
    await page.goto(`${app.url}/?q=marathon`);
    const bars = page.locator('.timeline-svg a');
    expect(await bars.count()).toBe(10);
    await bars.nth(2).click();
    await page.waitForURL((url) => url.searchParams.get('from') === '2024-04-03' && url.searchParams.get('to') === '2024-04-03');
    await expect.poll(() => page.locator('.hit').count()).toBe(1);
    await expect.poll(() => page.locator('.chip', { hasText: 'Dates: 2024-04-03 to 2024-04-03' }).count()).toBe(1);
    expect(await page.locator('input[name="from"]').inputValue()).toBe('2024-04-03');
    expect(await page.locator('.timeline-svg .bar.out-of-range').count()).toBe(9);
  });

  it('runs a boolean query as typed, without flashing syntax errors while a parenthesis is open', async () => {
    await page.goto(`${app.url}/`);
    const errors: number[] = [];
    const watch = setInterval(
      () =>
        void page
          .locator('.error-state')
          .count()
          .then(
            (n) => errors.push(n),
            () => {},
          ),
      50,
    );
    await page.locator('#q').pressSequentially('(olive OR ransomware) -hospital', { delay: 40 });
    await page.waitForURL((url) => url.searchParams.get('q') === '(olive OR ransomware) -hospital');
    await expect.poll(() => page.locator('.hit').count()).toBe(1);
    clearInterval(watch);
    expect(errors.every((n) => n === 0)).toBe(true);
    expect((await firstTitle().textContent())?.trim()).toBe('Albanian olive harvest breaks records');
  });

  it('is usable at phone width', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${app.url}/?q=Albania+cyber`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(ARTIFACTS, 'search-page-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('ran without script errors, CSP violations or dialogs', () => {
    expect(problems).toEqual([]);
  });
});
