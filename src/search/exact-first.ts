/**
 * Exact first, around any Searcher (one node or a cluster): a query is first searched with every
 * word quoted (exact words: no typos, no prefix match), operators, phrases, fields, exclusions
 * and `word*` prefixes kept; only when that matches nothing is the query as written answered
 * (typo-tolerant, and Meilisearch's prefix match of a query's last word), flagged `fuzzy: true`.
 * The timeline and exports pick the same matches as the search. Applied by createApp
 * (src/server/app.ts).
 */
import type { ExportParams, SearchParams, TimelineParams } from './params.ts';
import type { QueryNode } from './query-language/ast.ts';
import { formatQuery } from './query-language/format.ts';
import { parseQuery } from './query-language/parse.ts';
import type { SearchOptions, SearchResult, Searcher } from './result.ts';

/**
 * The query with every positive, unquoted, non-prefix word quoted (an exact word), or undefined
 * when that changes nothing (no such word, bad syntax, an empty query). Excluded words are left
 * as they are: an exclusion matches whole words already. `iran OR war*` → `"iran" OR war*`.
 */
export function exactQuery(q: string): string | undefined {
  let tree: QueryNode | null;
  try {
    tree = parseQuery(q);
  } catch {
    return undefined; // The search itself reports the syntax error.
  }
  if (!tree) return undefined;
  let changed = false;
  const exact = (node: QueryNode, negated: boolean): QueryNode => {
    switch (node.type) {
      case 'word':
        if (node.prefix || negated) return node;
        changed = true;
        return { type: 'phrase', text: node.text, title: node.title };
      case 'not':
        return { ...node, child: exact(node.child, !negated) };
      case 'and':
      case 'or':
        return { ...node, children: node.children.map((child) => exact(child, negated)) };
      default:
        return node;
    }
  };
  const rewritten = exact(tree, false);
  return changed ? formatQuery(rewritten) : undefined;
}

/**
 * Exact first for any search: `search` runs on the exact form of `q` and, only when that matches
 * nothing, on `q` as written; `fuzzy` when that second answer is the one with matches.
 */
export async function answerExactFirst<T extends { totalHits: number }>(
  q: string,
  search: (q: string) => Promise<T>,
): Promise<{ answer: T; fuzzy: boolean }> {
  const exact = exactQuery(q);
  if (exact === undefined) return { answer: await search(q), fuzzy: false };
  const exactAnswer = await search(exact);
  if (exactAnswer.totalHits > 0) return { answer: exactAnswer, fuzzy: false };
  const answer = await search(q);
  return { answer, fuzzy: answer.totalHits > 0 };
}

export function withExactFirst<S extends Searcher>(searcher: S): S {
  async function search(params: SearchParams, options: SearchOptions = {}): Promise<SearchResult> {
    const { answer, fuzzy } = await answerExactFirst(params.q, (q) => searcher.search({ ...params, q }, options));
    return fuzzy ? { ...answer, fuzzy: true } : { ...answer, query: params.q };
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
