/**
 * Exact first, around any Searcher (one node or a cluster): a query of plain words is first
 * searched with every word quoted (exact words: no typos, no prefix match); only when that
 * matches nothing is the normal, typo-tolerant query answered, flagged `fuzzy: true`. Queries
 * with operators, phrases, fields, exclusions or prefixes are searched as given. The timeline
 * and exports pick the same matches as the search. Applied by createApp (src/server/app.ts).
 */
import type { ExportParams, SearchParams, TimelineParams } from './params.ts';
import type { SearchOptions, SearchResult, Searcher } from './result.ts';

/** The words of a plain-words query, each quoted (exact), or undefined when `q` is anything else. */
export function exactQuery(q: string): string | undefined {
  const words = q.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return undefined;
  if (!words.every((w) => /^[\p{L}\p{N}]+(?:['’.][\p{L}\p{N}]+)*$/u.test(w) && !['OR', 'AND', 'NOT'].includes(w))) return undefined;
  return words.map((w) => `"${w}"`).join(' ');
}

export function withExactFirst<S extends Searcher>(searcher: S): S {
  async function search(params: SearchParams, options: SearchOptions = {}): Promise<SearchResult> {
    const exact = exactQuery(params.q);
    if (exact === undefined) return searcher.search(params, options);
    const exactResult = await searcher.search({ ...params, q: exact }, options);
    if (exactResult.totalHits > 0) return { ...exactResult, query: params.q };
    const fuzzy = await searcher.search(params, options);
    return fuzzy.totalHits > 0 ? { ...fuzzy, fuzzy: true } : fuzzy;
  }

  /** The q the search answers from: the exact words when they match anything. */
  async function effectiveQuery(params: ExportParams | TimelineParams): Promise<string> {
    const exact = exactQuery(params.q);
    if (exact === undefined) return params.q;
    const { interval: _i, format: _f, sort: _s, ...rest } = params as ExportParams & TimelineParams;
    const counted = await searcher.search({ ...rest, q: exact, sort: 'relevance', page: 1, hitsPerPage: 0, collapse: false, facets: [] });
    return counted.totalHits > 0 ? exact : params.q;
  }

  const wrapped: S = {
    ...searcher,
    search,
    timeline: async (params: TimelineParams) => searcher.timeline({ ...params, q: await effectiveQuery(params) }),
  };
  const exportArticles = searcher.exportArticles?.bind(searcher);
  if (exportArticles) {
    wrapped.exportArticles = async function* (params: ExportParams) {
      yield* exportArticles({ ...params, q: await effectiveQuery(params) });
    };
  }
  return wrapped;
}
