import { chromium } from 'playwright-core';
const base = process.argv[2];
const pages = [
  ['search-iran-or-war', '/?q=iran+OR+war'],
  ['search-blair-election', '/?q=blair+election'],
  ['search-fuzzy', '/?q=electoin+campaing'],
  ['search-person-filter', '/?q=chelsea&person=Jose+Mourinho'],
  ['entity-blair', '/entities/person/Tony%20Blair'],
];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1300, height: 1800 } });
for (const [name, path] of pages) {
  await page.goto(base + path, { waitUntil: 'networkidle' });
  await page.screenshot({ path: `/tmp/jc-${name}.png`, fullPage: false });
  const text = await page.evaluate(() => document.body.innerText.slice(0, 1500));
  console.log('=====', name, '\n', text.replace(/\n+/g, ' | ').slice(0, 1400));
}
await browser.close();
