/**
 * Article-extraction benchmark on ../shared/corpora/extraction-dev: quality (shingle F1, precision,
 * recall; see eval/shingles.ts) and speed (pages/s, MB/s of HTML) of Lede's HTML parser and of
 * Mozilla Readability over jsdom, run by this one script in one process on the same pages.
 *
 *   npm run eval:extraction [-- --rounds 3] [--no-readability] [--json] [--out file] [--pages]
 *
 * --json writes the results to bench/results/extraction.json (or --out file); --pages lists per-page scores.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { decodeBytes } from '../ingest/normalise/charset.ts';
import { parseHtml } from '../ingest/parse/html.ts';
import { type CorpusPage, loadExtractionCorpus, REPO_ROOT } from './extraction-corpus.ts';
import { type CorpusScore, type PageScore, scoreCorpus, scorePage } from './shingles.ts';

/** One extractor under test: page bytes and URL → body text. */
type Extractor = (page: CorpusPage) => string;

interface RunResult extends CorpusScore {
  name: string;
  pagesPerSecond: number;
  megabytesPerSecond: number;
  /** Wall time of the timed round(s) reported, in milliseconds. */
  milliseconds: number;
  perPage: Array<{ id: string } & PageScore>;
}

const lede: Extractor = (page) => {
  const result = parseHtml({ input: page.id, bytes: page.html, url: page.url });
  return result.articles[0]?.article.body ?? '';
};

/** The subset of jsdom this script uses (jsdom ships no types; it is a dev dependency of the benchmark only). */
interface JsdomModule {
  JSDOM: new (html: string, options: { url?: string; virtualConsole?: object }) => { window: { document: Document; close(): void } };
  VirtualConsole: new () => object;
}

/**
 * <style> blocks are removed before jsdom sees the page: Readability ignores them, and jsdom 27's CSS
 * parser throws on some real stylesheets. This only makes Readability faster, so the ratio is conservative.
 */
const STYLE_BLOCK = /<style\b[^>]*>[\s\S]*?<\/style\s*>/gi;

async function readabilityExtractor(): Promise<Extractor> {
  const jsdomName = 'jsdom';
  const { JSDOM, VirtualConsole } = (await import(jsdomName)) as JsdomModule;
  const { Readability } = await import('@mozilla/readability');
  return (page) => {
    const html = decodeBytes(page.html).replace(STYLE_BLOCK, '');
    // A silent console: jsdom reports every script and CSS it does not run or understand.
    const dom = new JSDOM(html, { url: page.url, virtualConsole: new VirtualConsole() });
    try {
      return new Readability(dom.window.document).parse()?.textContent ?? '';
    } finally {
      dom.window.close();
    }
  };
}

/** Runs an extractor over every page `rounds` times; scores the last round, reports the median round time. */
function run(name: string, extract: Extractor, pages: CorpusPage[], rounds: number): RunResult {
  const megabytes = pages.reduce((sum, page) => sum + page.html.length, 0) / 1e6;
  const times: number[] = [];
  let outputs: string[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    outputs = pages.map((page) => extract(page));
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const milliseconds = times[Math.floor(times.length / 2)]!;
  const perPage = pages.map((page, i) => ({ id: page.id, ...scorePage(outputs[i]!, page.truth) }));
  return {
    name,
    ...scoreCorpus(perPage),
    pagesPerSecond: pages.length / (milliseconds / 1000),
    megabytesPerSecond: megabytes / (milliseconds / 1000),
    milliseconds,
    perPage,
  };
}

function warmUp(extract: Extractor, pages: CorpusPage[], count: number): void {
  for (const page of pages.slice(0, count)) extract(page);
}

const COLUMNS = ['Extractor', 'F1', 'Precision', 'Recall', 'pages/s', 'MB/s'] as const;

function cells(result: RunResult): string[] {
  return [
    result.name,
    result.f1.toFixed(3),
    result.precision.toFixed(3),
    result.recall.toFixed(3),
    result.pagesPerSecond.toFixed(1),
    result.megabytesPerSecond.toFixed(2),
  ];
}

function plainTable(results: RunResult[]): string {
  const rows = [COLUMNS.slice(), ...results.map(cells)];
  const widths = COLUMNS.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  return rows.map((row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}

function markdownTable(results: RunResult[]): string {
  const header = `| ${COLUMNS.join(' | ')} |`;
  const rule = `|${COLUMNS.map((_, c) => (c === 0 ? ' --- ' : ' ---: ')).join('|')}|`;
  return [header, rule, ...results.map((result) => `| ${cells(result).join(' | ')} |`)].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '3' },
      'no-readability': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      out: { type: 'string', default: 'bench/results/extraction.json' },
      pages: { type: 'boolean', default: false },
    },
    allowPositionals: false,
  });
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`Expected \`--rounds\` to be a positive integer, got \`${values.rounds}\``);

  const pages = loadExtractionCorpus();
  const megabytes = pages.reduce((sum, page) => sum + page.html.length, 0) / 1e6;
  console.log(
    `extraction-dev: ${pages.length} pages, ${megabytes.toFixed(1)} MB of HTML; Lede timed over ${rounds} round(s) (median), Readability over 1.\n`,
  );

  const results: RunResult[] = [];
  warmUp(lede, pages, pages.length);
  results.push(run('Lede (cheerio)', lede, pages, rounds));
  if (!values['no-readability']) {
    const readability = await readabilityExtractor();
    warmUp(readability, pages, 5);
    results.push(run('Readability.js 0.6 + jsdom', readability, pages, 1));
  }

  console.log(`\n${plainTable(results)}`);
  const [ours, theirs] = results;
  const ratio = ours && theirs ? ours.pagesPerSecond / theirs.pagesPerSecond : undefined;
  if (ratio !== undefined) console.log(`\nSpeed ratio (Lede / Readability): ${ratio.toFixed(1)}×`);
  console.log(
    `\nMarkdown:\n\n${markdownTable(results)}${ratio !== undefined ? `\n\nLede is ${ratio.toFixed(1)}× faster than Readability.js over jsdom on the same pages, same process.` : ''}\n`,
  );

  if (values.pages && ours) {
    const rows = ours.perPage.map((page, i) => {
      const other = theirs?.perPage[i];
      return `${page.id.slice(0, 12)}  P ${page.precision.toFixed(3)}  R ${page.recall.toFixed(3)}${other ? `   Readability P ${other.precision.toFixed(3)}  R ${other.recall.toFixed(3)}` : ''}`;
    });
    console.log(rows.join('\n'));
  }

  if (values.json) {
    const file = path.resolve(REPO_ROOT, values.out);
    mkdirSync(path.dirname(file), { recursive: true });
    const summary = results.map(({ perPage, ...rest }) => ({ ...rest, perPage }));
    writeFileSync(
      file,
      `${JSON.stringify({ corpus: 'extraction-dev', pages: pages.length, megabytes, speedRatio: ratio ?? null, results: summary }, null, 2)}\n`,
    );
    console.log(`Results written to ${path.relative(process.cwd(), file)}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
