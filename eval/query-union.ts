/**
 * Are totals and facet counts exact for queries that OR words? Lede runs each OR branch as one
 * search of a federated multi-search (see src/search/plan.ts). This script checks it against
 * the ground truth computed here: every branch searched on its own with all of its hits (ids and
 * facet values), the union taken by id, totals and counts recomputed from it.
 *
 *   MEILI_URL=… MEILI_MASTER_KEY=… LEDE_INDEX=… npx tsx eval/query-union.ts
 */
import type { Hit } from 'meilisearch';
import type { Article } from '../src/article.ts';
import { FACET_FIELDS, FACET_NAMES } from '../src/facets.ts';
import { createMeiliClient } from '../src/meili/client.ts';
import { parseParams, searchSchema } from '../src/search/params.ts';
import { planSearch, searchParams } from '../src/search/plan.ts';
import { createSearcher } from '../src/search/query.ts';

const url = process.env['MEILI_URL'] ?? 'http://127.0.0.1:7700';
const key = process.env['MEILI_MASTER_KEY'] ?? '';
const indexUid = process.env['LEDE_INDEX'] ?? 'articles';

const QUERIES: Array<Record<string, string>> = [
  { q: 'election OR vote' },
  { q: '(labour OR tory OR conservative) tax' },
  { q: '(iran OR iraq) AND (nuclear OR war*)' },
  { q: 'football OR rugby OR cricket -injury' },
  { q: 'title:film OR title:music' },
  { q: 'economy OR growth', topic: 'politics' },
  { q: 'phone OR mobile OR broadband', sort: 'newest' },
  { q: '"prime minister" OR chancellor', collapse: 'true' },
  { q: 'blair OR brown country:"United Kingdom"' },
  { q: 'games OR gaming OR console -"video games"' },
];

const client = createMeiliClient(url, key);
const searcher = createSearcher(client, indexUid);
let failures = 0;
/** Meilisearch's facet value identity: trimmed, NFKD, lower case. */
const identity = (value: string) => value.trim().normalize('NFKD').toLowerCase();

for (const raw of QUERIES) {
  const params = parseParams(searchSchema, raw);
  const plan = planSearch(params);
  const started = performance.now();
  const result = await searcher.search(params);
  const ms = performance.now() - started;

  // Ground truth: each branch alone, all hits (the index holds far fewer than maxTotalHits).
  const union = new Map<string, Hit<Article>>();
  let summed = 0;
  for (const search of plan.queries[0]!.searches) {
    const response = await client.index<Article>(indexUid).search(search.q, {
      ...searchParams(search),
      limit: 10_000,
      attributesToRetrieve: ['id', 'cluster', ...Object.values(FACET_FIELDS)],
    });
    summed += response.hits.length;
    for (const hit of response.hits) union.set(hit.id, hit);
  }
  const truth = params.collapse ? new Set([...union.values()].map((h) => h.cluster)).size : union.size;
  const facetErrors: string[] = [];
  // Collapsed counts and a filtered facet's own (disjunctive) counts are other questions.
  for (const name of params.collapse ? [] : FACET_NAMES.filter((n) => !params[n]?.length)) {
    const field = FACET_FIELDS[name];
    const counts = new Map<string, number>();
    for (const hit of union.values()) {
      const values = hit[field] as string[] | string;
      // Once per document and spelling as Meilisearch counts it ("Labour Party" = "Labour party").
      for (const value of new Set((Array.isArray(values) ? values : [values]).map(identity)))
        counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    for (const { value, count } of result.facets[name] ?? []) {
      if (counts.get(identity(value)) !== count) facetErrors.push(`${name}=${value}: ${count} (truth ${counts.get(identity(value)) ?? 0})`);
    }
  }
  const ok = result.totalHits === truth && facetErrors.length === 0;
  if (!ok) failures++;
  console.log(
    `${ok ? 'ok  ' : 'FAIL'} ${JSON.stringify(raw)}: ${plan.queries[0]!.searches.length} searches, total ${result.totalHits} (truth ${truth}; branch totals summed: ${summed}), ` +
      `${facetErrors.length} facet count errors${facetErrors.length ? ` e.g. ${facetErrors.slice(0, 2).join('; ')}` : ''}, ${ms.toFixed(0)} ms`,
  );
}
process.exitCode = failures ? 1 : 0;
