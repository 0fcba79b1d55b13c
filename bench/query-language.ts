/**
 * Query-language latency (issue 13): a three-branch OR query `(a OR b OR c)` against the plain
 * query `a`, both through GET /api/search on the API child, one connection, the same duration,
 * alternating runs. The words are drawn (seeded) from the bench vocabulary; each kind cycles
 * through its list, so the figures cover several triples.
 */
import { averageLoads, describeLoad, runLoad, type LoadRequest, type LoadResult } from './load.ts';
import { prng } from './prng.ts';

export interface QueryLanguageResults {
  /** The OR queries measured (the plain query of each is its first word). */
  queries: string[];
  connections: number;
  durationSec: number;
  plain: LoadResult;
  or: LoadResult;
  /** OR ÷ plain. */
  ratios: { p50: number; p99: number };
}

/** `count` triples of distinct words from the most frequent `pool` words of the vocabulary. */
export function orTriples(words: string[], count: number, seed = 1, pool = 300): Array<[string, string, string]> {
  const from = words.slice(0, Math.max(3, pool));
  if (from.length < 3) throw new Error(`Expected at least 3 vocabulary words for the OR queries, got ${from.length}.`);
  const random = prng(seed * 104_729 + 3);
  const triples: Array<[string, string, string]> = [];
  for (let i = 0; i < count; i++) {
    const picked = new Set<string>();
    while (picked.size < 3) picked.add(from[Math.floor(random() * from.length)]!);
    triples.push([...picked] as [string, string, string]);
  }
  return triples;
}

/** The two request lists: `a` and `(a OR b OR c)` for each triple. */
export function queryLanguageRequests(triples: Array<[string, string, string]>): { plain: LoadRequest[]; or: LoadRequest[] } {
  const get = (q: string): LoadRequest => ({ method: 'GET', path: `/api/search?${new URLSearchParams({ q })}` });
  return {
    plain: triples.map(([a]) => get(a)),
    or: triples.map(([a, b, c]) => get(`(${a} OR ${b} OR ${c})`)),
  };
}

/**
 * Alternating one-connection runs of the plain and the OR list against the API at `url`,
 * `rounds` of each, `duration` seconds per run.
 */
export async function measureQueryLanguage(options: {
  url: string;
  triples: Array<[string, string, string]>;
  duration: number;
  rounds: number;
  log: (line: string) => void;
}): Promise<QueryLanguageResults> {
  const lists = queryLanguageRequests(options.triples);
  const warmup = Math.min(2, options.duration);
  for (const list of [lists.plain, lists.or]) await runLoad({ url: options.url, requests: list, connections: 1, duration: warmup });
  const results: Record<'plain' | 'or', LoadResult[]> = { plain: [], or: [] };
  for (let round = 0; round < options.rounds; round++) {
    const order: Array<'plain' | 'or'> = round % 2 === 0 ? ['plain', 'or'] : ['or', 'plain'];
    for (const which of order) {
      const result = await runLoad({ url: options.url, requests: lists[which], connections: 1, duration: options.duration });
      results[which].push(result);
      options.log(`  ${which === 'plain' ? 'a               ' : '(a OR b OR c)   '}: ${describeLoad(result)}`);
    }
  }
  const plain = averageLoads(results.plain);
  const or = averageLoads(results.or);
  const ratio = (x: number, y: number) => Math.round((x / y) * 100) / 100;
  return {
    queries: lists.or.map((r) => new URLSearchParams(r.path.slice(r.path.indexOf('?'))).get('q') ?? ''),
    connections: 1,
    durationSec: options.duration * options.rounds,
    plain,
    or,
    ratios: { p50: ratio(or.p50Ms, plain.p50Ms), p99: ratio(or.p99Ms, plain.p99Ms) },
  };
}
