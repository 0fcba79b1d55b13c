/**
 * Saved searches and the alerts delivered for them, as documents of the saved-searches index
 * (saved-index.ts). Two kinds share the index: `search` (one per saved search, with its alert
 * checkpoint and retry state) and `delivery` (one per saved search and article delivered, which
 * is how an article re-ingested unchanged is never sent twice). Every write waits for its task,
 * so a read right after sees it.
 */
import { randomBytes } from 'node:crypto';
import type { Meilisearch } from 'meilisearch';
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

export interface Delivery {
  id: string;
  kind: 'delivery';
  savedSearchId: string;
  articleId: string;
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

export const deliveryId = (savedSearchId: string, articleId: string) => `d${hashId('delivery', savedSearchId, articleId)}`;

const PAGE = 1000;
const WAIT = { timeout: 60_000, interval: 25 };

export class SavedSearchStore {
  constructor(
    private readonly client: Meilisearch,
    readonly indexUid: string,
    private readonly now: () => number = Date.now,
  ) {}

  private get index() {
    return this.client.index(this.indexUid);
  }

  private async write(what: string, run: () => ReturnType<ReturnType<Meilisearch['index']>['updateDocuments']>): Promise<void> {
    const task = await callMeili(what, () => run().waitTask(WAIT));
    if (task.status !== 'succeeded') throw new Error(`Saved searches: ${what} failed: ${task.error?.message ?? task.status}`);
  }

  async create(input: SavedSearchInput): Promise<SavedSearch> {
    const now = this.now();
    const search: SavedSearch = {
      id: randomBytes(8).toString('hex'),
      kind: 'search',
      ...input,
      createdTs: now,
      updatedTs: now,
      checkpointTs: now,
      retry: null,
    };
    await this.write('saving the search', () => this.index.addDocuments([search], { primaryKey: 'id' }));
    return search;
  }

  async list(): Promise<SavedSearch[]> {
    const out: SavedSearch[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await callMeili('listing saved searches', () =>
        this.index.search<SavedSearch>('', { filter: 'kind = "search"', sort: ['createdTs:asc'], limit: PAGE, offset }),
      );
      out.push(...page.hits);
      if (page.hits.length < PAGE) return out;
    }
  }

  async get(id: string): Promise<SavedSearch | undefined> {
    const page = await callMeili('reading a saved search', () =>
      this.index.search<SavedSearch>('', { filter: `kind = "search" AND id = ${quote(id)}`, limit: 1 }),
    );
    return page.hits[0];
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

  /** The ids among `articleIds` already delivered (or abandoned) for a saved search. */
  async delivered(savedSearchId: string, articleIds: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let at = 0; at < articleIds.length; at += 500) {
      const chunk = articleIds.slice(at, at + 500);
      const page = await callMeili('reading deliveries', () =>
        this.index.search<Delivery>('', {
          filter: `kind = "delivery" AND savedSearchId = ${quote(savedSearchId)} AND articleId IN [${chunk.map(quote).join(', ')}]`,
          limit: chunk.length,
          attributesToRetrieve: ['articleId'],
        }),
      );
      for (const hit of page.hits) found.add(hit.articleId);
    }
    return found;
  }

  /** Writes deliveries and saved-search changes in one task (partial updates: other fields stay). */
  async apply(writes: readonly StoreWrite[]): Promise<void> {
    if (writes.length === 0) return;
    await this.write('recording alerts', () => this.index.updateDocuments(writes as StoreWrite[], { primaryKey: 'id' }));
  }
}
