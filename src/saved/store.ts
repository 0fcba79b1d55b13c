/**
 * Saved searches and the alerts delivered for them, as documents of the saved-searches index
 * (saved-index.ts). Two kinds share the index: `search` (one per saved search, with its alert
 * checkpoint and retry state) and `delivery` (one per webhook request: the saved search and the
 * ids of the articles it carried, which is how an article re-ingested unchanged is never sent
 * twice). Every write waits for its task,
 * so a read right after sees it.
 *
 * On a sharded cluster the index is sharded like the articles (by id, across the nodes): writes
 * go through the cluster writer (cluster-write.ts) with `waitForShares`: a write is done once
 * every node has processed its share, so a read right after sees it too, and every read asks each node's shard and joins the
 * answers. Not a federated search: the network's remotes carry the articles search key, which
 * does not cover this index (it must not: it holds webhook secrets). Each node is read and
 * written with its own alerts key (saved-index.ts), and every node must answer.
 */
import { randomBytes } from 'node:crypto';
import type { Meilisearch, RecordAny, SearchParams as MeiliParams } from 'meilisearch';
import type { ClusterConfig } from '../meili/cluster-config.ts';
import type { ClusterSetup } from '../meili/cluster.ts';
import { createClusterWriter } from '../meili/cluster-write.ts';
import { createMeiliClient } from '../meili/client.ts';
import { savedSearchIndex } from '../meili/saved-index.ts';
import { hashId } from '../article.ts';
import { callMeili } from '../search/meili-call.ts';
import { quote } from '../search/filters.ts';
import type { SavedParams, SavedSearchInput } from './schema.ts';

/** Why the webhook is not being called right now, and when it will be again. */
export interface RetryState {
  attempts: number;
  firstFailureTs: number;
  nextAttemptTs: number;
  lastError: string;
}

export interface SavedSearch {
  id: string;
  kind: 'search';
  name: string;
  params: SavedParams;
  webhook: string | null;
  secret: string | null;
  /** Unix ms. */
  createdTs: number;
  updatedTs: number;
  /** Articles with an `indexedTs` up to here have been checked (Unix ms). */
  checkpointTs: number;
  retry: RetryState | null;
}

/**
 * The record of one webhook request (or of the articles given up on): the saved search and the
 * article ids it carried. Records written before these were per article (`articleId`); they are
 * still read.
 */
export interface Delivery {
  id: string;
  kind: 'delivery';
  savedSearchId: string;
  articleIds: string[];
  deliveredTs: number;
  /** `abandoned` when the webhook failed until the give-up time. */
  status: 'delivered' | 'abandoned';
}

/** A change to write in the one batched write of an alert round. */
export type StoreWrite = ({ id: string } & Partial<SavedSearch>) | Delivery;

/** The saved search as the API shows it: never the secret. */
export function publicView(search: SavedSearch) {
  return {
    id: search.id,
    name: search.name,
    ...search.params,
    webhook: search.webhook,
    hasSecret: search.secret !== null,
    createdAt: new Date(search.createdTs).toISOString(),
    updatedAt: new Date(search.updatedTs).toISOString(),
    checkpoint: new Date(search.checkpointTs).toISOString(),
    delivery: search.retry
      ? {
          state: 'retrying',
          attempts: search.retry.attempts,
          nextAttemptAt: new Date(search.retry.nextAttemptTs).toISOString(),
          lastError: search.retry.lastError,
        }
      : { state: search.webhook ? 'ok' : 'none' },
  };
}

/** Article ids per delivery record (a webhook request carries at most `batchSize`, 100 by default). */
const IDS_PER_RECORD = 1000;

/** The delivery records of articles sent (or abandoned) for a saved search: one per `IDS_PER_RECORD` ids. */
export function deliveryRecords(
  savedSearchId: string,
  articles: ReadonlyArray<{ id: string }>,
  deliveredTs: number,
  status: Delivery['status'],
): Delivery[] {
  const out: Delivery[] = [];
  for (let at = 0; at < articles.length; at += IDS_PER_RECORD) {
    const articleIds = articles.slice(at, at + IDS_PER_RECORD).map((a) => a.id);
    out.push({
      id: `d${hashId('delivery', savedSearchId, ...articleIds)}`,
      kind: 'delivery',
      savedSearchId,
      articleIds,
      deliveredTs,
      status,
    });
  }
  return out;
}

const PAGE = 1000;
const WAIT = { timeout: 60_000, interval: 25 };

/** A saved search as it is first stored: its checkpoint at its creation, so it alerts on what is indexed from then on. */
export function newSavedSearch(input: SavedSearchInput, now: number, id = randomBytes(8).toString('hex')): SavedSearch {
  return { id, kind: 'search', ...input, createdTs: now, updatedTs: now, checkpointTs: now, retry: null };
}

/** How the store reaches its index on a cluster: one client that writes, one client per node's shard for reads. */
export interface ShardedAccess {
  writer: Meilisearch;
  readers: readonly Meilisearch[];
}

export class SavedSearchStore {
  private readonly writer: Meilisearch;
  private readonly readers: readonly Meilisearch[];

  /** `client`: one node (reads and writes), or a cluster's ShardedAccess. */
  constructor(
    client: Meilisearch | ShardedAccess,
    readonly indexUid: string,
    private readonly now: () => number = Date.now,
  ) {
    const sharded = 'readers' in client;
    this.writer = sharded ? client.writer : client;
    this.readers = sharded ? client.readers : [client];
  }

  private get index() {
    return this.writer.index(this.indexUid);
  }

  /** Every hit of a search on every shard (`limit` per request page), pages read to the end. */
  private async readAll<T extends RecordAny>(what: string, params: MeiliParams): Promise<T[]> {
    const pages = await Promise.all(
      this.readers.map(async (reader) => {
        const out: T[] = [];
        for (let offset = 0; ; offset += PAGE) {
          const page = await callMeili(what, () => reader.index(this.indexUid).search<T>('', { ...params, limit: PAGE, offset }));
          out.push(...page.hits);
          if (page.hits.length < PAGE) return out;
        }
      }),
    );
    return pages.flat();
  }

  /** Writes and waits; returns Meilisearch's processing time of the task, ms. */
  private async write(what: string, run: () => ReturnType<ReturnType<Meilisearch['index']>['updateDocuments']>): Promise<number> {
    const task = await callMeili(what, () => run().waitTask(WAIT));
    if (task.status !== 'succeeded') throw new Error(`Saved searches: ${what} failed: ${task.error?.message ?? task.status}`);
    return isoDurationMs(task.duration);
  }

  async create(input: SavedSearchInput): Promise<SavedSearch> {
    const search = newSavedSearch(input, this.now());
    await this.write('saving the search', () => this.index.addDocuments([search], { primaryKey: 'id' }));
    return search;
  }

  async list(): Promise<SavedSearch[]> {
    const all = await this.readAll<SavedSearch>('listing saved searches', { filter: 'kind = "search"', sort: ['createdTs:asc'] });
    return this.readers.length === 1 ? all : all.sort((a, b) => a.createdTs - b.createdTs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async get(id: string): Promise<SavedSearch | undefined> {
    const pages = await Promise.all(
      this.readers.map((reader) =>
        callMeili('reading a saved search', () =>
          reader.index(this.indexUid).search<SavedSearch>('', { filter: `kind = "search" AND id = ${quote(id)}`, limit: 1 }),
        ),
      ),
    );
    return pages.flatMap((page) => page.hits)[0];
  }

  /** Replaces what the user set; keeps the id, creation time and alert state (retry reset when the webhook changes). */
  async replace(id: string, input: SavedSearchInput): Promise<SavedSearch | undefined> {
    const current = await this.get(id);
    if (!current) return undefined;
    const next: SavedSearch = {
      ...current,
      ...input,
      updatedTs: this.now(),
      retry: input.webhook === current.webhook ? current.retry : null,
    };
    await this.write('updating the search', () => this.index.addDocuments([next], { primaryKey: 'id' }));
    return next;
  }

  /** Deletes a saved search and its delivery records; false when there was none. */
  async remove(id: string): Promise<boolean> {
    if (!(await this.get(id))) return false;
    await this.write('deleting the search', () =>
      this.index.deleteDocuments({ filter: `id = ${quote(id)} OR savedSearchId = ${quote(id)}` }),
    );
    return true;
  }

  /**
   * Which of `articleIds` were delivered (or abandoned) before, per saved search: one query per
   * 500 ids, whatever the number of saved searches. Reads per-article records of earlier versions too.
   */
  async delivered(articleIds: readonly string[]): Promise<Map<string, Set<string>>> {
    const found = new Map<string, Set<string>>();
    for (let at = 0; at < articleIds.length; at += 500) {
      const chunk = articleIds.slice(at, at + 500);
      const wanted = new Set(chunk);
      const list = chunk.map(quote).join(', ');
      const hits = await this.readAll<Delivery & { articleId?: string }>('reading deliveries', {
        filter: `kind = "delivery" AND (articleIds IN [${list}] OR articleId IN [${list}])`,
        attributesToRetrieve: ['savedSearchId', 'articleIds', 'articleId'],
      });
      for (const hit of hits) {
        const set = found.get(hit.savedSearchId) ?? new Set<string>();
        found.set(hit.savedSearchId, set);
        for (const id of hit.articleIds ?? [hit.articleId]) if (id !== undefined && wanted.has(id)) set.add(id);
      }
    }
    return found;
  }

  /** Writes deliveries and saved-search changes in one task (partial updates: other fields stay). */
  async apply(writes: readonly StoreWrite[]): Promise<number> {
    if (writes.length === 0) return 0;
    return await this.write('recording alerts', () => this.index.updateDocuments(writes as StoreWrite[], { primaryKey: 'id' }));
  }
}

/**
 * The store of a cluster's saved searches: reads from every node's shard, writes through a
 * cluster writer; both with each node's alerts key (setupCluster created them), never an admin key.
 */
export function clusterSavedSearchStore(config: ClusterConfig, setup: ClusterSetup, articlesIndex: string): SavedSearchStore {
  const keyOf = (name: string) => setup.nodes.find((n) => n.name === name)?.savedSearches.alertsKey;
  const writer = createClusterWriter(
    { ...config, nodes: config.nodes.map((node) => ({ ...node, adminKey: keyOf(node.name) })) },
    { waitForShares: true },
  );
  const readers = setup.nodes.map((node) => createMeiliClient(node.url, node.savedSearches.alertsKey));
  return new SavedSearchStore({ writer: writer.client, readers }, savedSearchIndex(articlesIndex));
}

/** Meilisearch's task duration (ISO 8601, e.g. `PT1.234S`) in ms; 0 when absent. */
function isoDurationMs(duration: string | null | undefined): number {
  const m = /^P(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(duration ?? '');
  if (!m) return 0;
  const [, d, h, min, sec] = m;
  return Math.round(((Number(d ?? 0) * 24 + Number(h ?? 0)) * 60 + Number(min ?? 0)) * 60_000 + Number(sec ?? 0) * 1000);
}
