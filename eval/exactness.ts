/**
 * Exactness check of the query language (issue 13): random boolean queries of quoted words (AND /
 * OR / NOT / - / parentheses / title: / now and then a country: term) over bbc-dev, each run
 * through the real API (createApp on an ephemeral port): the ids of GET /api/export?format=ndjson
 * must equal the ids a brute-force matcher (eval/exactness/matcher.ts, independent of src/search)
 * finds in the stored documents, totalHits of GET /api/search must equal their number and its
 * first page show matches only. Cases also carry plain words (exact first), a country= filter,
 * sort, and from/to on the half run after dating the archive (dateArchive). Also:
 * for the most frequent countries (and persons, organizations), `q=-country:"X"` plus `country=X`
 * totals add up to the whole archive and `country=X` equals the brute-force count. Prints a table
 * and every mismatch; exit code 1 on any.
 *
 * bbc-dev goes through the real ingest (ingest/ingest.ts) into a managed Meilisearch (temp dir,
 * free port), with the index set up as `npm start` does (setupIndex: settings, search-only key).
 *
 *   npm run eval:exactness [-- --queries 200] [-- --seed 1] [-- --corpus DIR] [-- --words all] [-- --prefix]
 *
 * --words all: quote any word of the tokenizer (digits, 1–2 letters, non-ASCII), not only a–z words
 * of 3+ letters. --prefix: one query in eight also has a `pre*` word (known not exact, see
 * docs/query-language.md), listed as mismatches.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Meilisearch } from 'meilisearch';
import { prng } from '../bench/prng.ts';
import { ingest } from '../ingest/ingest.ts';
import { periodsOf } from '../src/article.ts';
import { findMeiliBinary } from '../src/meili/binary.ts';
import { createMeiliClient } from '../src/meili/client.ts';
import { startManagedMeili } from '../src/meili/managed.ts';
import { setupIndex } from '../src/meili/setup.ts';
import { createApp } from '../src/server/app.ts';
import {
  ANY_WORD,
  caseQuery,
  type GoldCase,
  type GoldDocument,
  type GoldQuery,
  generatorSource,
  goldDocument,
  PLAIN_WORD,
  matchAll,
  randomCase,
} from './exactness/matcher.ts';

export const DEFAULT_CORPUS = fileURLToPath(new URL('../../shared/corpora/bbc-dev/', import.meta.url));

export interface QueryOutcome {
  kind: GoldCase['kind'];
  /** `q` and the other parameters, as a query string. */
  request: string;
  q: string;
  /** Phase: the archive as ingested (undated), or with synthetic dates (see dateArchive). */
  phase: 'undated' | 'dated';
  /** A plain-words query with no exact match: answered by the typo-tolerant fallback, not compared. */
  fuzzy?: boolean;
  gold: number;
  exported: number;
  totalHits: number;
  extra: string[];
  missing: string[];
  /** An API error (status and body) instead of an answer. */
  error?: string;
  or: boolean;
}

export interface FacetOutcome {
  facet: string;
  value: string;
  gold: number;
  filtered: number;
  excluded: number;
  archive: number;
}

export interface ExactnessResult {
  documents: number;
  queries: QueryOutcome[];
  facets: FacetOutcome[];
  /** Documents read back, by id, for the context of mismatches. */
  stored: Map<string, Record<string, unknown>>;
}

export interface ExactnessOptions {
  /** The API's base URL (createApp listening). */
  apiUrl: string;
  /** An admin client of the index, to read the stored documents back. */
  admin: Meilisearch;
  index: string;
  queries: number;
  seed: number;
  /** The words quoted: `plain` (default; a–z, 3 letters or more) or `all` (any token: digits, short words, non-ASCII). */
  words?: 'plain' | 'all';
  /** Share of queries with a `pre*` word (not exact in Lede: see docs/query-language.md). Default 0. */
  prefixRate?: number;
  /** Date most of the archive halfway through (dateArchive). Default true. */
  dated?: boolean;
  /** Facet values tested per facet: the top N countries, and the top `others` persons and organizations. */
  countries?: number;
  others?: number;
}

/** Every stored document, every field. */
export async function readBack(admin: Meilisearch, index: string): Promise<Record<string, unknown>[]> {
  const docs: Record<string, unknown>[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await admin.index(index).getDocuments<Record<string, unknown>>({ limit: 1000, offset, fields: ['*'] });
    docs.push(...page.results);
    if (page.results.length < 1000) return docs;
  }
}

async function getJson(url: string): Promise<{ status: number; body: unknown; text: string }> {
  const response = await fetch(url);
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, body, text };
}

/** GET /api/search as the page asks it (first page of hits, facet counts) unless `params` say otherwise. */
async function searchTotal(
  apiUrl: string,
  params: Record<string, string>,
): Promise<{ totalHits: number; fuzzy: boolean; hitIds: string[] }> {
  const { status, body, text } = await getJson(`${apiUrl}/api/search?${new URLSearchParams(params)}`);
  if (status !== 200) throw new Error(`GET /api/search ${JSON.stringify(params)}: HTTP ${status} ${text.slice(0, 300)}`);
  const result = body as { totalHits: number; fuzzy?: boolean; hits: Array<{ id: string }> };
  return { totalHits: result.totalHits, fuzzy: result.fuzzy === true, hitIds: result.hits.map((h) => h.id) };
}

const totalOf = async (apiUrl: string, params: Record<string, string>) =>
  (await searchTotal(apiUrl, { ...params, hitsPerPage: '0' })).totalHits;

async function exportIds(apiUrl: string, params: Record<string, string>): Promise<{ ids: string[] } | { error: string }> {
  const response = await fetch(`${apiUrl}/api/export?${new URLSearchParams({ ...params, format: 'ndjson' })}`);
  const text = await response.text();
  if (response.status !== 200) return { error: `export HTTP ${response.status} ${text.slice(0, 300)}` };
  return {
    ids: text
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => (JSON.parse(line) as { id: string }).id),
  };
}

const isOr = (query: GoldQuery): boolean =>
  query.type === 'or' || (query.type === 'not' ? isOr(query.child) : query.type === 'and' ? query.children.some(isOr) : false);

/**
 * One random case checked: export ids and totalHits against the matcher. A plain-words query
 * whose words match nothing exactly must say `fuzzy: true` when the fallback finds something;
 * its (typo-tolerant) answer is not compared.
 */
export async function checkCase(
  apiUrl: string,
  c: GoldCase,
  docs: readonly GoldDocument[],
  phase: QueryOutcome['phase'],
): Promise<QueryOutcome> {
  const gold = matchAll(caseQuery(c), docs);
  const params = { q: c.q, ...c.params };
  const outcome: QueryOutcome = {
    kind: c.kind,
    request: new URLSearchParams(params).toString(),
    q: c.q,
    phase,
    gold: gold.size,
    exported: 0,
    totalHits: 0,
    extra: [],
    missing: [],
    or: isOr(c.query),
  };
  const exported = await exportIds(apiUrl, params);
  if ('error' in exported) return { ...outcome, error: exported.error };
  try {
    const searched = await searchTotal(apiUrl, params);
    outcome.totalHits = searched.totalHits;
    if (c.kind === 'plain' && gold.size === 0) {
      outcome.fuzzy = true;
      if (searched.fuzzy !== searched.totalHits > 0)
        outcome.error = `no exact match, ${searched.totalHits} fuzzy ones, but fuzzy: ${searched.fuzzy}`;
      return outcome;
    }
    if (searched.fuzzy) outcome.error = 'fuzzy: true although the words match exactly';
    // The first page shows matches only, as many as there are up to a page.
    const shown = searched.hitIds.filter((id) => !gold.has(id));
    if (shown.length) outcome.error = `the first page shows ${shown.length} articles that do not match: ${shown.slice(0, 3).join(', ')}`;
    else if (searched.hitIds.length !== Math.min(gold.size, HITS_PER_PAGE)) {
      outcome.error = `the first page shows ${searched.hitIds.length} articles of ${gold.size} matches`;
    }
  } catch (error) {
    outcome.error = (error as Error).message;
  }
  const ids = new Set(exported.ids);
  outcome.exported = exported.ids.length;
  outcome.extra = [...ids].filter((id) => !gold.has(id));
  outcome.missing = [...gold].filter((id) => !ids.has(id));
  return outcome;
}

/** The API's default hitsPerPage (src/search/params.ts). */
const HITS_PER_PAGE = 20;

export const queryExact = (o: QueryOutcome) =>
  !o.error && (o.fuzzy === true || (o.extra.length === 0 && o.missing.length === 0 && o.exported === o.gold));
export const totalExact = (o: QueryOutcome) => !o.error && (o.fuzzy === true || o.totalHits === o.gold);
const isOrCase = (o: QueryOutcome) => o.or && compared(o);
/** Compared with the brute force (not a fuzzy fallback). */
export const compared = (o: QueryOutcome) => o.fuzzy !== true;
export const facetExact = (f: FacetOutcome) => f.filtered === f.gold && f.filtered + f.excluded === f.archive;

const FACET_FIELD: Record<string, string> = { country: 'countries', person: 'persons', organization: 'organizations' };

function topValues(docs: readonly Record<string, unknown>[], field: string, n: number): string[] {
  const counts = new Map<string, number>();
  for (const doc of docs) for (const v of new Set((doc[field] as string[] | undefined) ?? [])) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, n)
    .map(([v]) => v);
}

/** The facet-sum check of one value: `q=-facet:"v"` + `facet=v` = the archive; `facet=v` = the brute-force count. */
export async function checkFacet(
  apiUrl: string,
  facet: string,
  value: string,
  stored: readonly Record<string, unknown>[],
  archive: number,
): Promise<FacetOutcome> {
  const field = FACET_FIELD[facet]!;
  const gold = stored.filter((doc) => ((doc[field] as string[] | undefined) ?? []).includes(value)).length;
  const filtered = await totalOf(apiUrl, { [facet]: value });
  const excluded = await totalOf(apiUrl, { q: `-${facet}:"${value}"` });
  return { facet, value, gold, filtered, excluded, archive };
}

export async function runExactness(options: ExactnessOptions): Promise<ExactnessResult> {
  const stored = await readBack(options.admin, options.index);
  const docs = stored.map(goldDocument);
  const source = generatorSource(stored, options.words === 'all' ? ANY_WORD : PLAIN_WORD);
  const random = prng(options.seed);
  const archive = await totalOf(options.apiUrl, {});
  const facets: FacetOutcome[] = [];
  const tested: Array<[string, string[]]> = [
    ['country', topValues(stored, 'countries', options.countries ?? 10)],
    ['person', topValues(stored, 'persons', options.others ?? 3)],
    ['organization', topValues(stored, 'organizations', options.others ?? 3)],
  ];
  for (const [facet, values] of tested)
    for (const value of values) facets.push(await checkFacet(options.apiUrl, facet, value, stored, archive));

  // Half the queries on the archive as ingested (bbc-dev is undated: exports page by offset), half
  // after dating most of it (exports page by date, across ties), see dateArchive.
  const queries: QueryOutcome[] = [];
  const undated = options.dated === false ? options.queries : Math.ceil(options.queries / 2);
  for (let i = 0; i < undated; i++)
    queries.push(await checkCase(options.apiUrl, randomCase(source, random, { prefixRate: options.prefixRate ?? 0 }), docs, 'undated'));
  if (undated < options.queries) {
    const dates = await dateArchive(options.admin, options.index, stored, random);
    const datedDocs = stored.map((doc) => goldDocument({ ...doc, publishedTs: dates.get(String(doc['id'])) ?? null }));
    // from/to parameters: the days of the dates, and one before and after.
    const days = [...new Set([...dates.values()].map((ts) => new Date(ts * 1000).toISOString().slice(0, 10)))].sort();
    const around = (day: string, delta: number) => new Date(Date.parse(`${day}T00:00:00Z`) + delta * 86_400_000).toISOString().slice(0, 10);
    if (days.length) {
      days.unshift(around(days[0]!, -1));
      days.push(around(days.at(-1)!, 1));
    }
    for (let i = undated; i < options.queries; i++) {
      const c = randomCase(source, random, { prefixRate: options.prefixRate ?? 0, days });
      queries.push(await checkCase(options.apiUrl, c, datedDocs, 'dated'));
    }
  }
  return { documents: stored.length, queries, facets, stored: new Map(stored.map((d) => [String(d['id']), d])) };
}

/**
 * Gives 85 % of the documents a synthetic date (publishedTs and the fields derived from it), so
 * exports page by date: 40 % of the dated ones share one timestamp (a tie wider than a batch
 * boundary can fall in), the others come seven to a timestamp. Only the dates change: the text the
 * matcher reads is the same.
 */
export async function dateArchive(
  admin: Meilisearch,
  index: string,
  stored: readonly Record<string, unknown>[],
  random: () => number,
): Promise<Map<string, number>> {
  const order = stored.map((doc) => ({ id: String(doc['id']), r: random() })).sort((a, b) => a.r - b.r);
  const dated = order.slice(0, Math.round(order.length * 0.85));
  const tie = Math.round(dated.length * 0.4);
  const base = Date.UTC(2005, 0, 1) / 1000;
  // The tie sits half an hour off the hours of the others, in the middle of their range.
  const middle = base + 1800 + Math.floor((dated.length - tie) / 14) * 3600;
  const updates = dated.map(({ id }, i) => {
    const ts = i < tie ? middle : base + Math.floor((i - tie) / 7) * 3600;
    const { day, week, month } = periodsOf(ts);
    return {
      id,
      publishedTs: ts,
      publishedAt: new Date(ts * 1000).toISOString(),
      dateSource: 'input',
      publishedDay: day,
      publishedWeek: week,
      publishedMonth: month,
    };
  });
  const task = await admin.index(index).updateDocuments(updates).waitTask({ timeout: 300_000 });
  if (task.status !== 'succeeded') throw new Error(`Dating the archive failed: ${task.error?.message ?? task.status}`);
  return new Map(updates.map((u) => [u.id, u.publishedTs]));
}

/** A few words of the document around the first occurrence of any of the query's words. */
function context(doc: Record<string, unknown> | undefined, q: string): string {
  if (!doc) return '(not stored)';
  const quoted = [...q.matchAll(/"([^"]+)"/g)].map((m) => m[1]!.toLowerCase());
  const words = quoted.length ? quoted : q.toLowerCase().split(/\s+/).filter(Boolean);
  const text = ['title', 'standfirst', 'body'].map((f) => String(doc[f] ?? '')).join(' ¶ ');
  const folded = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  for (const w of words) {
    const at = folded.search(new RegExp(`(?<![\\p{L}\\p{N}])${w}(?![\\p{L}\\p{N}])`, 'u'));
    const loose = at >= 0 ? at : folded.indexOf(w);
    if (loose >= 0) return `${w}: …${text.slice(Math.max(0, loose - 40), loose + w.length + 40).replace(/\s+/g, ' ')}…`;
  }
  return `"${String(doc['title'] ?? '').slice(0, 80)}"`;
}

const pct = (n: number, d: number) => `${d ? ((100 * n) / d).toFixed(1) : '100.0'} %`;

/** The table and the mismatches; true when everything agrees. */
export function report(result: ExactnessResult, log: (line: string) => void = console.log): boolean {
  const { queries, facets } = result;
  const checked = queries.filter(compared);
  const row = (label: string, group: readonly QueryOutcome[]) => {
    const ids = group.filter(queryExact).length;
    const totals = group.filter(totalExact).length;
    log(`| ${label} | ${group.length} | ${ids} | ${pct(ids, group.length)} | ${totals} | ${pct(totals, group.length)} |`);
  };
  log(`\n${result.documents} documents; ${queries.length} random queries.\n`);
  log('| Queries | Checked | Export ids = brute force | % | totalHits = brute force | % |');
  log('|---|---:|---:|---:|---:|---:|');
  row('All (compared)', checked);
  row('… with OR', queries.filter(isOrCase));
  row(
    '… boolean, quoted words',
    checked.filter((o) => o.kind === 'boolean'),
  );
  row(
    '… plain words (exact first)',
    checked.filter((o) => o.kind === 'plain'),
  );
  const prefixed = checked.filter((o) => o.kind === 'prefix');
  if (prefixed.length) row('… with a prefix* word (--prefix)', prefixed);
  row(
    '… with from/to',
    checked.filter((o) => /(^|&)(from|to)=/.test(o.request)),
  );
  row(
    '… with a country= filter',
    checked.filter((o) => o.request.includes('country=')),
  );
  row(
    '… undated archive (export by offset)',
    checked.filter((o) => o.phase === 'undated'),
  );
  row(
    '… dated archive (export by date)',
    checked.filter((o) => o.phase === 'dated'),
  );
  row(
    '… more than 1,000 matches',
    checked.filter((o) => o.gold > 1000),
  );
  const fuzzy = queries.filter((o) => o.fuzzy);
  if (fuzzy.length) {
    log(
      `\n${fuzzy.length} plain-word queries had no exact match (answered by the typo-tolerant fallback, not compared; ${fuzzy.filter((o) => !o.error).length} flagged fuzzy correctly).`,
    );
  }
  const sizes = checked.map((o) => o.gold).sort((a, b) => a - b);
  if (sizes.length) {
    log(
      `Matches per compared query (brute force): median ${sizes[Math.floor(sizes.length / 2)]}, max ${sizes.at(-1)}; ${sizes.filter((n) => n === 0).length} with none.`,
    );
  }

  const facetOk = facets.filter(facetExact).length;
  log(
    `\nFacet sums: ${facetOk} of ${facets.length} values exact (facet=X is the brute-force count, and facet=X plus q=-facet:"X" is the archive).\n`,
  );
  log('| Facet | Value | facet=X | q=-facet:"X" | Sum | Archive | Brute force | |');
  log('|---|---|---:|---:|---:|---:|---:|---|');
  for (const f of facets) {
    log(
      `| ${f.facet} | ${f.value} | ${f.filtered} | ${f.excluded} | ${f.filtered + f.excluded} | ${f.archive} | ${f.gold} | ${facetExact(f) ? 'ok' : 'MISMATCH'} |`,
    );
  }

  const wrong = queries.filter((o) => !queryExact(o) || !totalExact(o));
  if (wrong.length) log(`\nMismatches (${wrong.length}):`);
  for (const o of wrong) {
    log(`- ${o.request} (${o.phase})`);
    if (o.error) log(`  error: ${o.error}`);
    log(`  brute force ${o.gold}, exported ${o.exported}, totalHits ${o.totalHits}`);
    for (const id of o.extra.slice(0, 5)) log(`  extra ${id}: ${context(result.stored.get(id), o.q)}`);
    if (o.extra.length > 5) log(`  … ${o.extra.length - 5} more extra`);
    for (const id of o.missing.slice(0, 5)) log(`  missing ${id}: ${context(result.stored.get(id), o.q)}`);
    if (o.missing.length > 5) log(`  … ${o.missing.length - 5} more missing`);
  }
  return wrong.length === 0 && facetOk === facets.length && result.documents > 0;
}

/** createApp listening on a free port of 127.0.0.1 (no rate limit). */
export async function listen(
  meiliUrl: string,
  searchKey: string | undefined,
  index: string,
): Promise<{ url: string; close: () => Promise<void> }> {
  const app = createApp({ meili: { url: meiliUrl, searchKey }, index, rateLimitPerMinute: 0, timeoutMs: 60_000, log: () => {} });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string' },
      queries: { type: 'string', default: '200' },
      seed: { type: 'string', default: '1' },
      words: { type: 'string', default: 'plain' },
      prefix: { type: 'boolean', default: false },
    },
  });
  const corpus = path.resolve(values.corpus ?? DEFAULT_CORPUS);
  const index = 'eval_exactness';
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lede-eval-exactness-'));
  const server = await startManagedMeili({ bin: findMeiliBinary(process.env['MEILI_BIN']), dataDir, port: 0 });
  try {
    const admin = createMeiliClient(server.url, server.masterKey, 120_000);
    const setup = await setupIndex(admin, index, { adminKey: server.masterKey });
    const started = Date.now();
    const ingested = await ingest([corpus], { client: admin, index });
    console.log(
      `Ingested ${ingested.indexed} articles (${ingested.failed.length} failed) from ${corpus} in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
    const api = await listen(server.url, setup.searchKey, index);
    try {
      const checkStarted = Date.now();
      const result = await runExactness({
        apiUrl: api.url,
        admin,
        index,
        queries: Number(values.queries),
        seed: Number(values.seed),
        words: values.words === 'all' ? 'all' : 'plain',
        prefixRate: values.prefix ? 0.125 : 0,
      });
      const ok = report(result);
      console.log(`\nChecked in ${((Date.now() - checkStarted) / 1000).toFixed(1)} s (seed ${values.seed}).`);
      if (!ok) process.exitCode = 1;
    } finally {
      await api.close();
    }
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  });
}
