/**
 * Parse + normalise + enrich throughput per input format. The same synthetic articles are
 * written as plain text (one file each), HTML pages (one each), JSON (arrays of 100), one NDJSON
 * file and RSS 2.0 feeds (50 items each, full text in content:encoded), then run through the
 * real pipeline into a null sink: once with enrichment, once with a no-op enrichment so the
 * cost of parsing and normalising shows on its own.
 */
import { mkdirSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { runPipeline } from '../ingest/pipeline.ts';
import type { Enrichment } from '../ingest/enrich/types.ts';
import { noEnrichment } from '../ingest/enrich/enrich.ts';
import type { SynthArticle } from './synth.ts';

export const FORMATS = ['txt', 'html', 'json', 'ndjson', 'rss'] as const;
export type InputFormat = (typeof FORMATS)[number];

export interface FormatResult {
  format: InputFormat;
  articles: number;
  files: number;
  megabytes: number;
  /** Parse + normalise + enrich. */
  articlesPerSec: number;
  megabytesPerSec: number;
  /** Parse + normalise only (enrichment replaced by a no-op). */
  parseOnlyArticlesPerSec: number;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const paragraphsHtml = (body: string) =>
  body
    .split('\n\n')
    .map((p) => `<p>${escapeXml(p)}</p>`)
    .join('\n');

function htmlPage(a: SynthArticle): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeXml(a.title)} | ${escapeXml(a.source)}</title>
<link rel="canonical" href="${escapeXml(a.url)}">
<meta property="og:type" content="article">
<meta property="og:title" content="${escapeXml(a.title)}">
<meta property="og:site_name" content="${escapeXml(a.source)}">
<meta property="og:description" content="${escapeXml(a.standfirst)}">
<meta property="article:published_time" content="${a.publishedAt}">
${a.authors.map((name) => `<meta name="author" content="${escapeXml(name)}">`).join('\n')}
</head>
<body>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
<main>
<article>
<h1>${escapeXml(a.title)}</h1>
<p class="standfirst">${escapeXml(a.standfirst)}</p>
<time datetime="${a.publishedAt}">${a.publishedAt.slice(0, 10)}</time>
${paragraphsHtml(a.body)}
</article>
</main>
<footer><p>Synthetic page for the Lede benchmark.</p></footer>
</body>
</html>
`;
}

function rssFeed(items: SynthArticle[]): string {
  const entries = items.map(
    (a) => `<item>
<title>${escapeXml(a.title)}</title>
<link>${escapeXml(a.url)}</link>
<guid isPermaLink="true">${escapeXml(a.url)}</guid>
<pubDate>${new Date(a.publishedAt).toUTCString()}</pubDate>
${a.authors.map((name) => `<dc:creator>${escapeXml(name)}</dc:creator>`).join('\n')}
<description>${escapeXml(a.standfirst)}</description>
<content:encoded><![CDATA[${paragraphsHtml(a.body)}]]></content:encoded>
</item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>${escapeXml(items[0]?.source ?? 'Synthetic feed')}</title>
<link>https://synthetic.lede.invalid/</link>
<description>Synthetic feed for the Lede benchmark.</description>
<language>en</language>
${entries.join('\n')}
</channel>
</rss>
`;
}

const record = (a: SynthArticle) => ({
  url: a.url,
  source: a.source,
  title: a.title,
  standfirst: a.standfirst,
  body: a.body,
  authors: a.authors,
  publishedAt: a.publishedAt,
  language: a.language,
});

/** Writes the articles in every format under `dir/<format>/`. */
export function writeFormatInputs(dir: string, articles: SynthArticle[]): Record<InputFormat, string> {
  const dirs = Object.fromEntries(FORMATS.map((f) => [f, path.join(dir, f)])) as Record<InputFormat, string>;
  for (const f of FORMATS) mkdirSync(dirs[f], { recursive: true });
  const pad = (n: number) => String(n).padStart(7, '0');
  articles.forEach((a, i) => {
    writeFileSync(path.join(dirs.txt, `${pad(i)}.txt`), `${a.title}\n\n${a.standfirst}\n\n${a.body}\n`);
    writeFileSync(path.join(dirs.html, `${pad(i)}.html`), htmlPage(a));
  });
  for (let i = 0; i < articles.length; i += 100) {
    writeFileSync(path.join(dirs.json, `${pad(i)}.json`), JSON.stringify(articles.slice(i, i + 100).map(record)));
  }
  writeFileSync(path.join(dirs.ndjson, 'articles.ndjson'), `${articles.map((a) => JSON.stringify(record(a))).join('\n')}\n`);
  for (let i = 0; i < articles.length; i += 50) {
    writeFileSync(path.join(dirs.rss, `${pad(i)}.rss`), rssFeed(articles.slice(i, i + 50)));
  }
  return dirs;
}

async function timePipeline(dir: string, enrich?: () => Enrichment): Promise<{ articles: number; seconds: number }> {
  const started = performance.now();
  let articles = 0;
  for await (const event of runPipeline([dir], enrich ? { enrich } : {})) if (event.type === 'article') articles++;
  return { articles, seconds: (performance.now() - started) / 1000 };
}

function dirBytes(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  const files = readdirSync(dir);
  for (const file of files) bytes += statSync(path.join(dir, file)).size;
  return { bytes, files: files.length };
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Measures every format (after a warm-up that loads the models and lets the JIT settle). */
export async function measureFormats(dirs: Record<InputFormat, string>, log: (line: string) => void): Promise<FormatResult[]> {
  await timePipeline(dirs.json);
  const results: FormatResult[] = [];
  for (const format of FORMATS) {
    const { bytes, files } = dirBytes(dirs[format]);
    const full = await timePipeline(dirs[format]);
    const parseOnly = await timePipeline(dirs[format], noEnrichment);
    const result: FormatResult = {
      format,
      articles: full.articles,
      files,
      megabytes: round(bytes / 1e6, 2),
      articlesPerSec: round(full.articles / full.seconds),
      megabytesPerSec: round(bytes / 1e6 / full.seconds, 2),
      parseOnlyArticlesPerSec: round(parseOnly.articles / parseOnly.seconds),
    };
    log(
      `  ${format.padEnd(6)} ${result.articles} articles, ${result.megabytes} MB: ${result.articlesPerSec} articles/s, ${result.megabytesPerSec} MB/s (parse + normalise only: ${result.parseOnlyArticlesPerSec} articles/s)`,
    );
    results.push(result);
  }
  return results;
}
