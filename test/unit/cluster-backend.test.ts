/**
 * The cluster backend of the analyses (src/analysis/cluster-backend.ts) over the real federated
 * transport with fake node clients: the federated requests it builds (every planned search on
 * every node, the window, merged facets with every shard value), the answers it reads back,
 * facet-value search summed over nodes, and the refusal of answers that miss a shard.
 */
import type { Meilisearch } from 'meilisearch';
import { afterEach, describe, expect, it } from 'vitest';
import { clusterBackend, splitWindow } from '../../src/analysis/cluster-backend.ts';
import { createClusterBreakers, type ClusterBreakers } from '../../src/meili/circuit-breaker.ts';
import { SHARD_MAX_VALUES_PER_FACET } from '../../src/meili/cluster.ts';
import { createFederatedTransport } from '../../src/search/federated.ts';
import { parseParams, searchSchema } from '../../src/search/params.ts';

interface Sent {
  node: string;
  body: {
    federation: { limit: number; offset: number; facetsByIndex?: Record<string, string[]>; mergeFacets?: { maxValuesPerFacet: number } };
    queries: Array<Record<string, unknown> & { federationOptions: { remote: string } }>;
  };
}

const created: ClusterBreakers[] = [];
afterEach(() => {
  for (const b of created.splice(0)) b.close();
});

/** Two fake nodes: multi-search answers `answer`, facet search answers per node. */
function fake(answer: Record<string, unknown>, facetHits: Record<string, Array<{ value: string; count: number }>> = {}) {
  const sent: Sent[] = [];
  const client = (name: string) =>
    ({
      multiSearch: async (body: Sent['body']) => {
        sent.push({ node: name, body: structuredClone(body) });
        return structuredClone(answer);
      },
      index: () => ({ searchForFacetValues: async () => ({ facetHits: facetHits[name] ?? [] }) }),
    }) as unknown as Meilisearch;
  const nodes = ['n1', 'n2'].map((name) => ({ name, url: `http://${name}.invalid`, client: client(name) }));
  const breakers = createClusterBreakers(nodes, { probe: async () => true });
  created.push(breakers);
  const transport = createFederatedTransport({ nodes, index: 'articles', breakers });
  return { sent, backend: clusterBackend(transport) };
}

const search = (raw: Record<string, string>) => parseParams(searchSchema, raw);

describe('splitWindow', () => {
  it('turns page/hitsPerPage into limit/offset and moves the facets to the federation', () => {
    expect(splitWindow({ q: 'x', page: 3, hitsPerPage: 10, facets: ['persons'], filter: 'a = 1' })).toEqual({
      params: { q: 'x', filter: 'a = 1' },
      federation: { limit: 10, offset: 20, facets: ['persons'] },
    });
    expect(splitWindow({ q: '', limit: 5, offset: 7 }).federation).toEqual({ limit: 5, offset: 7, facets: undefined });
    expect(splitWindow({ q: '', hitsPerPage: 0 }).federation).toEqual({ limit: 0, offset: 0, facets: undefined });
    // A single node's default window.
    expect(splitWindow({ q: '' }).federation).toEqual({ limit: 20, offset: 0, facets: undefined });
  });
});

describe('clusterBackend', () => {
  it('sends a match request as one federated search of every planned search on every node, facets merged with every shard value', async () => {
    const { sent, backend } = fake({
      hits: [{ id: 'a' }],
      estimatedTotalHits: 123_456,
      facetDistribution: { persons: { 'Jo Bloggs': 2, 'jo bloggs': 3, Ann: 1 } },
      facetStats: { publishedTs: { min: 1, max: 9 } },
    });
    const [answer] = await backend.sendMatches('test', [
      {
        params: search({ q: 'glacier OR volcano', country: 'Iceland' }),
        extra: { filter: ['indexedTs > 5'], facets: ['persons'], page: 2, hitsPerPage: 10, sort: ['publishedTs:desc'] },
      },
    ]);
    expect(sent).toHaveLength(1);
    const { federation, queries } = sent[0]!.body;
    expect(federation).toEqual({
      limit: 10,
      offset: 10,
      facetsByIndex: { articles: ['persons'] },
      mergeFacets: { maxValuesPerFacet: SHARD_MAX_VALUES_PER_FACET },
    });
    // Two planned searches (the OR) × two nodes.
    expect(queries).toHaveLength(4);
    expect(queries.map((q) => q.federationOptions.remote).sort()).toEqual(['n1', 'n1', 'n2', 'n2']);
    for (const q of queries) {
      expect(q['indexUid']).toBe('articles');
      expect(q['sort']).toEqual(['publishedTs:desc']);
      expect(q['filter']).toContain('indexedTs > 5');
      expect(q).not.toHaveProperty('facets');
      expect(q).not.toHaveProperty('page');
      expect(q).not.toHaveProperty('limit');
    }
    expect(new Set(queries.map((q) => q['q']))).toEqual(new Set(['glacier', 'volcano']));
    // Total capped at maxTotalHits as a single node's; spellings joined (most frequent shown).
    expect(answer).toEqual({
      hits: [{ id: 'a' }],
      totalHits: 10_000,
      facetDistribution: { persons: { 'jo bloggs': 5, Ann: 1 } },
      facetStats: { publishedTs: { min: 1, max: 9 } },
    });
  });

  it('sends plain queries and searches the same way, each its own federated search', async () => {
    const { sent, backend } = fake({ hits: [], estimatedTotalHits: 42 });
    const answers = await backend.sendQueries('test', [
      { q: '', page: 1, hitsPerPage: 0, facets: ['topics'] },
      { q: '', page: 1, hitsPerPage: 0, filter: 'persons = "Ann"' },
    ]);
    expect(answers.map((a) => a.totalHits)).toEqual([42, 42]);
    expect(sent.map((s) => s.body.federation.limit)).toEqual([0, 0]);
    expect(sent[0]!.body.federation.facetsByIndex).toEqual({ articles: ['topics'] });
    expect(sent[1]!.body.queries.map((q) => q['filter'])).toEqual(['persons = "Ann"', 'persons = "Ann"']);
    const found = await backend.search('scan', { q: '', filter: 'indexedTs > 1', sort: ['indexedTs:asc'], limit: 10_000 });
    expect(found.totalHits).toBe(42);
    expect(sent[2]!.body.federation).toEqual({ limit: 10_000, offset: 0 });
    expect(sent[2]!.body.queries[0]!['sort']).toEqual(['indexedTs:asc']);
  });

  it('sums facet-value search over the nodes', async () => {
    const { backend } = fake(
      { hits: [] },
      {
        n1: [
          { value: 'smith', count: 2 },
          { value: 'jones', count: 1 },
        ],
        n2: [{ value: 'smith', count: 3 }],
      },
    );
    const hits = await backend.facetValues('aliases', { facetName: 'personKeys', facetQuery: '', q: '' });
    expect(hits.sort((a, b) => a.value.localeCompare(b.value))).toEqual([
      { value: 'jones', count: 1 },
      { value: 'smith', count: 5 },
    ]);
  });

  it('refuses an answer that misses a shard, whatever partial answers the searcher allows', async () => {
    const { backend } = fake({ hits: [], estimatedTotalHits: 1, remoteErrors: { n2: { message: 'down' } } });
    await expect(backend.sendQueries('test', [{ q: '', limit: 0 }])).rejects.toMatchObject({ code: 'search_unavailable' });
  });
});
