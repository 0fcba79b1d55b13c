/**
 * Saved searches and the alerts delivered for them, as documents of the saved-searches index
 * (saved-index.ts). Two kinds share the index: `search` (one per saved search, with its alert
 * checkpoint and retry state) and `delivery` (one per webhook request: the saved search and the
 * ids of the articles it carried, which is how an article re-ingested unchanged is never sent
 * twice). Every write waits for its task,
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

export class SavedSearchStore {
  constructor(
    private readonly client: Meilisearch,
    readonly indexUid: string,
    private readonly now: () => number = Date.now,
  ) {}

  private get index() {
    return this.client.index(this.indexUid);
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
      for (let offset = 0; ; offset += PAGE) {
        const page = await callMeili('reading deliveries', () =>
          this.index.search<Delivery & { articleId?: string }>('', {
            filter: `kind = "delivery" AND (articleIds IN [${list}] OR articleId IN [${list}])`,
            attributesToRetrieve: ['savedSearchId', 'articleIds', 'articleId'],
            limit: PAGE,
            offset,
          }),
        );
        for (const hit of page.hits) {
          const set = found.get(hit.savedSearchId) ?? new Set<string>();
          found.set(hit.savedSearchId, set);
          for (const id of hit.articleIds ?? [hit.articleId]) if (id !== undefined && wanted.has(id)) set.add(id);
        }
        if (page.hits.length < PAGE) break;
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

/** Meilisearch's task duration (ISO 8601, e.g. `PT1.234S`) in ms; 0 when absent. */
function isoDurationMs(duration: string | null | undefined): number {
  const m = /^P(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(duration ?? '');
  if (!m) return 0;
  const [, d, h, min, sec] = m;
  return Math.round(((Number(d ?? 0) * 24 + Number(h ?? 0)) * 60 + Number(min ?? 0)) * 60_000 + Number(sec ?? 0) * 1000);
}
