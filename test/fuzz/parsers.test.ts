/**
 * Property-based fuzzing (fast-check) of the parsers that read untrusted input: the HTML page
 * parser, the feed parser, the input sniffer, and the URL and date parsers. Each must return
 * (never throw, never fall back to its own catch-all) in bounded time, with well-formed output.
 *
 * `npm test` runs a fixed seed and a modest number of runs; `npm run fuzz` runs many more with a
 * fresh seed (LEDE_FUZZ_RUNS, LEDE_FUZZ_SEED to replay a failure: fast-check prints the seed
 * and the shrunk counterexample).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseArticle, sourceFromInput } from '../../ingest/normalise/article.ts';
import { LedeError } from '../../src/errors.ts';
import { normaliseDate } from '../../ingest/normalise/dates.ts';
import { isFeed, parseFeed } from '../../ingest/parse/feed.ts';
import { parseHtml } from '../../ingest/parse/html.ts';
import { dateFromUrl } from '../../ingest/parse/html/metadata.ts';
import { parseInput } from '../../ingest/parse/parse-input.ts';
import { classifyAddress, createAddressPolicy } from '../../ingest/sources/address-guard.ts';
import type { ParseResult } from '../../ingest/types.ts';
import { fuzzParams, fuzzRuns } from './fuzz-params.ts';

const RUNS = fuzzRuns(150);
const PARAMS = fuzzParams(RUNS, { endOnFailure: false });
/** Longest one parse may take on a shared 2-core machine (inputs are at most a few tens of KB). */
const BUDGET_MS = 2_000;
const FUZZ_TIMEOUT = Math.max(60_000, RUNS * 400);

/** Runs `parse` on `input`, checks the time budget, and returns what it returned. */
function timed<T>(parse: () => T): T {
  const started = performance.now();
  const result = parse();
  const took = performance.now() - started;
  expect(took, `took ${Math.round(took)} ms`).toBeLessThan(BUDGET_MS);
  return result;
}

function wellFormed(result: ParseResult, input: string): void {
  expect(Array.isArray(result.articles)).toBe(true);
  expect(Array.isArray(result.problems)).toBe(true);
  for (const problem of result.problems) {
    expect(problem.input).toBe(input);
    expect(typeof problem.code).toBe('string');
    expect(typeof problem.message).toBe('string');
  }
  for (const { article } of result.articles) {
    for (const key of ['title', 'body', 'standfirst', 'url', 'source', 'language'] as const) {
      if (article[key] !== undefined) expect(typeof article[key]).toBe('string');
    }
  }
}

// ---- generators ------------------------------------------------------------------------------

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    'Harbour wall repaired.',
    'Minister resigns',
    '&amp;',
    '&#x1F600;',
    '&#0;',
    '&bogus;',
    ']]>',
    '<!--',
    '\u0000',
    '\uFEFF',
    '\uD800',
  ),
);
const attrValue = fc.oneof(
  text,
  fc.constantFrom('article', 'post-body', 'share', 'nav', 'byline', 'http://x/2024/05/01/a', 'javascript:alert(1)', '"', "'"),
);
const attrs = fc.array(
  fc.tuple(
    fc.constantFrom('class', 'id', 'href', 'src', 'itemprop', 'property', 'name', 'content', 'datetime', 'lang', 'rel', 'type'),
    attrValue,
  ),
  { maxLength: 3 },
);

const HTML_TAGS = [
  'html',
  'head',
  'body',
  'article',
  'main',
  'div',
  'section',
  'p',
  'span',
  'a',
  'h1',
  'h2',
  'ul',
  'li',
  'blockquote',
  'nav',
  'footer',
  'header',
  'aside',
  'figure',
  'figcaption',
  'time',
  'meta',
  'link',
  'title',
  'script',
  'style',
  'noscript',
  'br',
  'img',
  'table',
  'td',
  'template',
  'svg',
  'math',
  'iframe',
  'form',
  'textarea',
  'pre',
];

/** HTML-ish trees: real tag names, attributes, text, JSON-LD, and the usual breakage (unclosed, stray closing tags, truncation). */
const html = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text.map((t) => t.replace(/</g, '&lt;')),
    text,
    fc
      .tuple(fc.constantFrom(...HTML_TAGS), attrs, fc.array(tie('node'), { maxLength: 4 }), fc.boolean())
      .map(([tag, as, children, close]) => {
        const attributes = as.map(([name, value]) => ` ${name}="${value.replace(/"/g, '&quot;')}"`).join('');
        return `<${tag}${attributes}>${(children as string[]).join('')}${close ? `</${tag}>` : ''}`;
      }),
    fc.constantFrom(
      '<script type="application/ld+json">{"@type":"NewsArticle","headline":"H","articleBody":"' +
        'Body text. '.repeat(30) +
        '","datePublished":"2024-05-01"}</script>',
      '<script type="application/ld+json">{"@type":[{"x":',
      '<meta property="og:title" content="T">',
      '<meta charset="windows-1252">',
      '<time datetime="2024-02-30T25:61">',
      '</div></div></p>',
      `<p>${'A sentence of the article, with commas, and more words. '.repeat(8)}</p>`,
    ),
  ),
})).node;

const FEED_TAGS = [
  'channel',
  'item',
  'entry',
  'title',
  'link',
  'description',
  'content:encoded',
  'content',
  'summary',
  'guid',
  'id',
  'pubDate',
  'published',
  'updated',
  'dc:date',
  'dc:creator',
  'author',
  'name',
  'category',
];

const feedBody = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text.map((t) => t.replace(/[<&]/g, '')),
    text.map((t) => `<![CDATA[${t}]]>`),
    fc
      .tuple(fc.constantFrom(...FEED_TAGS), attrs, fc.array(tie('node'), { maxLength: 4 }), fc.boolean())
      .map(([tag, as, children, close]) => {
        const attributes = as.map(([name, value]) => ` ${name}="${value.replace(/[<&"]/g, '')}"`).join('');
        return `<${tag}${attributes}>${(children as string[]).join('')}${close ? `</${tag}>` : ''}`;
      }),
    fc.constantFrom(
      '<pubDate>Tue, 31 Feb 2024 99:99:99 +9999</pubDate>',
      '<link href="::nope::"/>',
      '<link>http://[::1/x</link>',
      '&entity;',
      '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>',
    ),
  ),
})).node;

const feed = fc
  .tuple(fc.constantFrom('rss', 'atom', 'rdf'), fc.array(feedBody, { maxLength: 6 }), fc.nat({ max: 100 }))
  .map(([kind, items, cut]) => {
    const inner = items.join('');
    const whole =
      kind === 'rss'
        ? `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>F</title>${inner}</channel></rss>`
        : kind === 'atom'
          ? `<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>${inner}</feed>`
          : `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel/>${inner}</rdf:RDF>`;
    // Sometimes truncated, as a feed cut off mid-download is.
    return cut < 80 ? whole : whole.slice(0, Math.floor((whole.length * (cut - 80)) / 20));
  });

const urlLike = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.string({ maxLength: 60 }),
  fc
    .tuple(
      fc.constantFrom('http://', 'https://', 'ftp://', '//', 'http:', 'javascript:', ''),
      fc.string({ maxLength: 30 }),
      fc.constantFrom('/2024/05/01/x', '/2024/13/45/', '/news/20240230-a', '', '?a=1#f'),
    )
    .map((p) => p.join('')),
  fc
    .tuple(fc.ipV4(), fc.ipV6(), fc.nat({ max: 70_000 }))
    .map(([v4, v6, port]) => [`http://${v4}:${port}/`, `http://[${v6}]/`, `http://[::ffff:${v4}]/`][port % 3]!),
);

const dateLike = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.date({ noInvalidDate: false }).map((d) => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString())),
  fc
    .tuple(
      fc.integer({ min: -99999, max: 99999 }),
      fc.integer({ min: -5, max: 20 }),
      fc.integer({ min: -5, max: 40 }),
      fc.integer({ min: -5, max: 30 }),
      fc.constantFrom('', 'Z', '+05:30', '-1200', ' GMT', ' PST', '+99:99'),
    )
    .map(
      ([y, m, d, h, zone]) =>
        `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00${zone}`,
    ),
  fc.constantFrom(
    'Tue, 05 Nov 2024 09:30:00 +0000',
    'Mon, 31 Feb 2024 10:00:00 GMT',
    '1e20',
    '2999-01-01',
    '0000-00-00',
    '  ',
    'yesterday',
  ),
);

// ---- properties -----------------------------------------------------------------------------

describe('fuzz: HTML page parser', () => {
  it(
    'returns articles or problems for any HTML-like input, in bounded time, never its catch-all',
    () => {
      fc.assert(
        fc.property(
          fc.array(html, { maxLength: 8 }),
          fc.constantFrom(undefined, 'text/html; charset=utf-8', 'text/html; charset=windows-1252', 'text/html; charset=bogus'),
          (nodes, contentType) => {
            const input = 'fuzz.html';
            const result = timed(() => parseHtml({ input, bytes: Buffer.from(nodes.join('')), ...(contentType ? { contentType } : {}) }));
            wellFormed(result, input);
            expect(result.problems.map((p) => p.code)).not.toContain('unreadable-html');
          },
        ),
        PARAMS,
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'survives arbitrary bytes',
    () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
          const result = timed(() => parseHtml({ input: 'bytes.html', bytes: Buffer.from(bytes) }));
          wellFormed(result, 'bytes.html');
          expect(result.problems.map((p) => p.code)).not.toContain('unreadable-html');
        }),
        PARAMS,
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe('fuzz: feed parser', () => {
  it(
    'never throws on RSS / Atom / RDF-like input (broken, truncated, odd dates and links), in bounded time',
    () => {
      fc.assert(
        fc.property(feed, (xml) => {
          const result = timed(() => parseFeed({ input: 'feed.xml', bytes: Buffer.from(xml) }));
          wellFormed(result, 'feed.xml');
          for (const item of result.articles) expect(typeof item.position).toBe('string');
          expect(typeof isFeed(xml)).toBe('boolean');
        }),
        PARAMS,
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'never throws on arbitrary bytes',
    () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
          wellFormed(
            timed(() => parseFeed({ input: 'bytes.xml', bytes: Buffer.from(bytes) })),
            'bytes.xml',
          );
        }),
        PARAMS,
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe('fuzz: input sniffing and the other formats', () => {
  it(
    'parseInput never throws, whatever the name says and the bytes hold',
    () => {
      const content = fc.oneof(
        html.map((h) => h),
        feed,
        fc.json(),
        fc.string({ maxLength: 300 }),
        fc.array(fc.json(), { maxLength: 5 }).map((lines) => lines.join('\n')),
      );
      fc.assert(
        fc.property(
          fc.constantFrom('a.txt', 'a.html', 'a.json', 'a.ndjson', 'a.rss', 'a.xml', 'a', 'https://news.example/a'),
          content,
          (input, body) => {
            wellFormed(
              timed(() => parseInput({ input, bytes: Buffer.from(body) })),
              input,
            );
          },
        ),
        PARAMS,
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe('fuzz: URL parsers', () => {
  it('dateFromUrl, sourceFromInput and the fetch address guard never throw, and answer in their types', () => {
    const policy = createAddressPolicy();
    fc.assert(
      fc.property(urlLike, (url) => {
        const date = dateFromUrl(url);
        if (date !== undefined) expect(normaliseDate(date, new Date('2100-01-01'))).not.toBeNull();
        expect(typeof sourceFromInput(url)).toBe('string');
        let host: string | undefined;
        try {
          host = new URL(url).hostname;
        } catch {
          host = undefined;
        }
        if (host !== undefined) {
          try {
            policy.checkHost(host);
          } catch (error) {
            expect((error as Error).name).toBe('BlockedAddressError');
          }
        }
      }),
      PARAMS,
    );
  });

  it('classifyAddress agrees with itself across IPv4 and its IPv4-mapped IPv6 forms', () => {
    fc.assert(
      fc.property(fc.ipV4(), (v4) => {
        const plain = classifyAddress(v4).public;
        const [a, b, c, d] = v4.split('.').map(Number) as [number, number, number, number];
        const hex = `::ffff:${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
        expect(classifyAddress(`::ffff:${v4}`).public).toBe(plain);
        expect(classifyAddress(hex).public).toBe(plain);
        expect(classifyAddress(`::${v4}`).public).toBe(false);
      }),
      { ...PARAMS, numRuns: RUNS * 10 },
    );
  });

  it('normaliseArticle keeps only http(s) URLs and never throws anything but InvalidArticleError', () => {
    fc.assert(
      fc.property(urlLike, dateLike, (url, date) => {
        try {
          const { article } = normaliseArticle({ title: 'T', body: 'Body of the article.', url, publishedAt: date }, 'fuzz.json');
          if (article.url !== null) expect(article.url).toMatch(/^https?:\/\//);
        } catch (error) {
          expect(error).toBeInstanceOf(LedeError);
        }
      }),
      PARAMS,
    );
  });
});

describe('fuzz: date parser', () => {
  it('normaliseDate returns null or a real UTC date within the plausible range, never throws', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    fc.assert(
      fc.property(fc.oneof(dateLike, fc.date({ noInvalidDate: false })), (value) => {
        const result = normaliseDate(value, now);
        if (result === null) return;
        expect(result.iso).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/);
        expect(Number.isInteger(result.ts)).toBe(true);
        expect(result.ts * 1000).toBeGreaterThanOrEqual(Date.UTC(1800, 0, 1));
        expect(result.ts * 1000).toBeLessThanOrEqual(now.getTime() + 2 * 24 * 3600 * 1000);
        expect(Math.floor(Date.parse(result.iso) / 1000)).toBe(result.ts);
      }),
      { ...PARAMS, numRuns: RUNS * 10 },
    );
  });
});
