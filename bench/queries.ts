/**
 * The query mix, and the exact Meilisearch request Lede makes for each query.
 *
 * Queries are drawn deterministically (seeded) from the corpus vocabulary and the index's most
 * frequent facet values: empty, one-, two- and three-word queries, half of them with one or two
 * facet filters (some with a one-year date range), some sorted by date. For each one, the
 * multi-search body that Lede's search layer sends is recorded by running the real search
 * layer (src/search/query.ts) against a client whose HTTP function captures the request instead
 * of sending it; that body is what the load generator sends straight to Meilisearch.
 */
import { Meilisearch } from 'meilisearch';
import { FACET_FIELDS } from '../src/facets.ts';
import { parseParams, searchSchema } from '../src/search/params.ts';
import { withExactFirst } from '../src/search/exact-first.ts';
import { createSearcher } from '../src/search/query.ts';
import type { SearchOptions } from '../src/search/result.ts';
import type { LoadRequest } from './load.ts';
import { prng } from './prng.ts';

/** Public filter name → facet values to draw from. */
export type FacetPool = Partial<Record<'country' | 'person' | 'organization' | 'topic' | 'source', string[]>>;

export interface BenchQuery {
  /** Query parameters of GET /api/search. */
  params: Record<string, string | string[]>;
  /** GET /api/search?… */
  ledePath: string;
  /** The JSON body Lede POSTs to Meilisearch's /multi-search for it. */
  meiliBody: string;
  /** Searches inside the multi-search (1 + one per filtered facet). */
  queries: number;
  /**
   * One plain search (POST /indexes/{uid}/search) as a direct Meilisearch client would send it:
   * Lede's main query (same q, filter, page, highlight and crop) with the facets Lede shows, and
   * no disjunctive count queries.
   */
  directBody: string;
}

const WORD = /[A-Za-z][a-z]{3,}/g;

/**
 * Words for queries: lower-cased words of 4+ letters from the texts, without the 150 most
 * frequent ones (function words), ranked by frequency, at most `limit` of them.
 */
export function vocabulary(texts: Iterable<string>, limit = 2000): string[] {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const match of text.matchAll(WORD)) {
      const word = match[0].toLowerCase();
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return [...counts]
    .filter(([, count]) => count >= 3)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(150, 150 + limit)
    .map(([word]) => word);
}

/** Query parameters for `count` searches. */
export function queryMix(words: string[], facets: FacetPool, count: number, seed = 1): Array<Record<string, string | string[]>> {
  const random = prng(seed * 7919 + 17);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const facetNames = (Object.keys(facets) as Array<keyof FacetPool>).filter((name) => (facets[name]?.length ?? 0) > 0);
  const mix: Array<Record<string, string | string[]>> = [];
  for (let i = 0; i < count; i++) {
    const params: Record<string, string | string[]> = {};
    const shape = random();
    const wordCount = shape < 0.1 ? 0 : shape < 0.55 ? 1 : shape < 0.9 ? 2 : 3;
    const q = Array.from({ length: wordCount }, () => pick(words)).join(' ');
    if (q) params['q'] = q;
    const filters = random();
    const filterCount = facetNames.length === 0 || filters < 0.5 ? 0 : filters < 0.85 ? 1 : 2;
    const used = new Set<string>();
    for (let f = 0; f < filterCount; f++) {
      const name = pick(facetNames);
      if (used.has(name)) continue;
      used.add(name);
      params[name] = pick(facets[name]!);
    }
    if (filterCount > 0 && random() < 0.2) {
      const year = 2015 + Math.floor(random() * 10);
      params['from'] = `${year}-01-01`;
      params['to'] = `${year}-12-31`;
    }
    if (random() < 0.15) params['sort'] = 'newest';
    mix.push(params);
  }
  return mix;
}

function toQueryString(params: Record<string, string | string[]>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : [value]) search.append(key, v);
  }
  return search.toString();
}

/**
 * The multi-search body Lede sends for each search of the mix, recorded through the same layers
 * as the API (exact first around the searcher). With `server`, the searches are answered by that
 * Meilisearch (so exact first sees whether the exact words match and sends the fallback only when
 * they do not); without it, by empty answers. When Lede sends two bodies (exact words, then the
 * query as written), Meilisearch's side gets both sets of queries in one multi-search: the same
 * searches, one round trip fewer than Lede.
 */
export async function recordMeiliBodies(
  index: string,
  mix: Array<Record<string, string | string[]>>,
  options: SearchOptions = {},
  server?: { url: string; key: string | undefined },
): Promise<BenchQuery[]> {
  let captured: Array<{ url: string; body: string }> = [];
  const recorder = async (input: string | URL | Request, init?: RequestInit): Promise<unknown> => {
    const url = String(input instanceof Request ? input.url : input);
    const body = typeof init?.body === 'string' ? init.body : '';
    captured.push({ url, body });
    if (server) {
      const response = await fetch(new URL(new URL(url).pathname, server.url), {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', ...(server.key ? { authorization: `Bearer ${server.key}` } : {}) },
      });
      if (!response.ok) throw new Error(`Meilisearch answered ${response.status}: ${await response.text()}`);
      return response.json();
    }
    const { queries } = JSON.parse(body) as { queries: unknown[] };
    return {
      results: queries.map(() => ({ hits: [], facetDistribution: {}, totalHits: 0, totalPages: 0, processingTimeMs: 0, query: '' })),
    };
  };
  // Without facet lanes: the body compared is the one multi-search Lede sends when it is busy.
  const searcher = withExactFirst(
    createSearcher(new Meilisearch({ host: 'http://recorder.invalid', httpClient: recorder }), index, { facetLanes: false }),
  );
  const out: BenchQuery[] = [];
  for (const params of mix) {
    captured = [];
    await searcher.search(parseParams(searchSchema, params), options);
    if (captured.length === 0) throw new Error(`The search layer sent nothing for ${JSON.stringify(params)}.`);
    for (const { url } of captured)
      if (!url.endsWith('/multi-search')) throw new Error(`Expected multi-searches only, got a call to ${url}.`);
    const bodies = captured.map((c) => JSON.parse(c.body) as { queries: Array<Record<string, unknown>>; federation?: unknown });
    // Exact words, then the fallback: one body with both sets (a federated body cannot be merged; its first is kept).
    const merged = bodies.every((b) => !b.federation) ? { queries: bodies.flatMap((b) => b.queries) } : bodies[0]!;
    const queryString = toQueryString(params);
    const { indexUid: _uid, ...main } = bodies[bodies.length - 1]!.queries[0]!;
    out.push({
      params,
      ledePath: `/api/search${queryString ? `?${queryString}` : ''}`,
      meiliBody: JSON.stringify(merged),
      queries: merged.queries.length,
      directBody: JSON.stringify({ ...main, facets: Object.values(FACET_FIELDS) }),
    });
  }
  return out;
}

/**
 * The request lists of the comparison: Lede's API, Meilisearch's multi-search with the identical
 * body, one direct Meilisearch search asking the shown facets, and Lede's page.
 */
export function loadRequests(
  queries: BenchQuery[],
  searchKey: string | undefined,
  index: string,
): { lede: LoadRequest[]; meili: LoadRequest[]; direct: LoadRequest[]; page: LoadRequest[] } {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (searchKey) headers['authorization'] = `Bearer ${searchKey}`;
  return {
    lede: queries.map((q) => ({ method: 'GET', path: q.ledePath })),
    meili: queries.map((q) => ({ method: 'POST', path: '/multi-search', body: q.meiliBody, headers })),
    direct: queries.map((q) => ({ method: 'POST', path: `/indexes/${index}/search`, body: q.directBody, headers })),
    page: queries.map((q) => ({ method: 'GET', path: q.ledePath.replace(/^\/api\/search/, '/') })),
  };
}
