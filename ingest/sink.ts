/**
 * Articles → Meilisearch in batches. A bounded number of batches is in flight; each is a task
 * that is waited for and checked. A failed task is split in halves until the documents that
 * Meilisearch refuses are found (one bad article never sinks a batch). Network failures are
 * retried with backoff; when the server stays down, the batches are handed to `onUnindexed`
 * (written to a resumable file by the CLI) — never a silent partial success.
 *
 * Whole articles are added (`addDocuments`: a document replaces the stored one); with
 * `partial: true` the documents carry an id and only the fields to change (`updateDocuments`:
 * the other stored fields stay), which is how `lede retag` and `lede resolve` write.
 *
 * Whole documents get `indexedTs` (Unix ms) when they are sent, unless they carry one already (a
 * stored document rebuilt by `lede reindex` keeps its own): the marker the server's alert loop
 * polls for. Partial updates never touch it.
 */
import type { Meilisearch, Task } from 'meilisearch';
import PQueue from 'p-queue';
import type { Article } from '../src/article.ts';
import { meiliErrorInfo } from '../src/meili/http-client.ts';
import type { Problem } from './types.ts';

/** What a sink writes: whole articles, or (with `partial`) an id and the fields to change. */
export type SinkDocument = { id: string } & Partial<Article>;

/**
 * Batches sent and not yet indexed, at most. Meilisearch indexes the addition tasks waiting in its
 * queue as one batch, and a batch's cost grows far less than its documents: with four in flight,
 * three wait while one is indexed, and indexing 40,000 articles took 117 CPU seconds instead of
 * 163 with two (docs/performance.md). Each batch in flight is held for a retry, so more costs memory.
 */
export const SINK_BATCHES_IN_FLIGHT = 4;

export interface SinkOptions<D extends SinkDocument = Article> {
  /** Send documents as partial updates (`updateDocuments`) instead of whole ones. Default: false. */
  partial?: boolean;
  /** Documents per batch. Default: 1,000. */
  batchSize?: number;
  /** Serialised bytes per batch, at most. Default: 16 MB. */
  maxBatchBytes?: number;
  /** Batches in flight at once. Default: SINK_BATCHES_IN_FLIGHT. */
  concurrency?: number;
  /** Attempts per batch when Meilisearch cannot be reached. Default: 8. */
  attempts?: number;
  /** First backoff, doubled per attempt up to `maxBackoffMs`. Default: 500. */
  backoffMs?: number;
  /** Default: 15,000. */
  maxBackoffMs?: number;
  /** How long to wait for one indexing task. Default: 30 minutes. */
  taskTimeoutMs?: number;
  /** Called with the number of documents a finished batch indexed, and where each came from. */
  onIndexed?: (count: number, origins: ReadonlyArray<Pending<D>['origin']>) => void;
  /** Called with documents that could not be sent because Meilisearch stayed unreachable. */
  onUnindexed?: (documents: D[], reason: string) => void;
  sleep?: (ms: number) => Promise<void>;
  /** The clock of `indexedTs`, Unix ms. Default: Date.now. */
  now?: () => number;
}

export interface SinkResult {
  indexed: number;
  /** Documents Meilisearch refused, one entry each. */
  failed: Problem[];
  /** Documents never indexed because Meilisearch stayed unreachable. */
  unindexed: number;
  /** Why documents were unindexed, when some were. */
  unreachableReason?: string;
}

interface Pending<D> {
  doc: D;
  origin: { input: string; position?: string };
}

/**
 * An upper estimate of a document's JSON size, without serialising it a second time: text at up
 * to 3 bytes a character (UTF-8, escapes) plus room for the short fields.
 */
function approximateBytes(doc: SinkDocument): number {
  let chars = 0;
  for (const value of Object.values(doc)) {
    if (typeof value === 'string') chars += value.length;
    else if (Array.isArray(value)) for (const item of value) chars += String(item).length + 3;
  }
  return chars * 3 + 1024;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class MeiliSink<D extends SinkDocument = Article> {
  private batch: Pending<D>[] = [];
  private batchBytes = 0;
  private readonly queue: PQueue;
  private readonly result: SinkResult = { indexed: 0, failed: [], unindexed: 0 };
  private readonly options: Required<Omit<SinkOptions<D>, 'onIndexed' | 'onUnindexed'>> & Pick<SinkOptions<D>, 'onIndexed' | 'onUnindexed'>;

  constructor(
    private readonly client: Meilisearch,
    private readonly indexUid: string,
    options: SinkOptions<D> = {},
  ) {
    this.options = {
      partial: options.partial ?? false,
      batchSize: options.batchSize ?? 1000,
      maxBatchBytes: options.maxBatchBytes ?? 16 * 1024 * 1024,
      concurrency: options.concurrency ?? SINK_BATCHES_IN_FLIGHT,
      attempts: options.attempts ?? 8,
      backoffMs: options.backoffMs ?? 500,
      maxBackoffMs: options.maxBackoffMs ?? 15_000,
      taskTimeoutMs: options.taskTimeoutMs ?? 30 * 60_000,
      sleep: options.sleep ?? delay,
      now: options.now ?? Date.now,
      onIndexed: options.onIndexed,
      onUnindexed: options.onUnindexed,
    };
    this.queue = new PQueue({ concurrency: this.options.concurrency });
  }

  /** Adds one article; resolves when there is room for more (backpressure). */
  async add(doc: D, origin: Pending<D>['origin']): Promise<void> {
    const bytes = approximateBytes(doc);
    if (this.batch.length && this.batchBytes + bytes > this.options.maxBatchBytes) this.flush();
    this.batch.push({ doc, origin });
    this.batchBytes += bytes;
    if (this.batch.length >= this.options.batchSize) this.flush();
    // One batch may wait for a free slot, so a slot never idles while the next batch fills; no
    // more, since every batch held is memory (at most concurrency + 2 batches: sent, waiting, filling).
    if (this.queue.size >= 1) await this.queue.onSizeLessThan(1);
  }

  /** Sends what is batched, waits for every task, and returns the totals so far. */
  async drain(): Promise<SinkResult> {
    this.flush();
    await this.queue.onIdle();
    return this.result;
  }

  private flush(): void {
    if (!this.batch.length) return;
    // p-queue keeps a dequeued task's function until it compacts its array (every ~100 tasks), so
    // the function must not hold the batch itself: that kept up to 100 batches in memory.
    const slot: { batch?: Pending<D>[] } = { batch: this.batch };
    this.batch = [];
    this.batchBytes = 0;
    void this.queue.add(() => {
      const batch = slot.batch ?? [];
      slot.batch = undefined;
      return this.send(batch);
    });
  }

  private async send(batch: Pending<D>[]): Promise<void> {
    // Once a batch gave up on an unreachable server, the rest are not sent to it either.
    if (this.result.unreachableReason !== undefined)
      return this.giveUp(batch, this.result.unreachableReason ?? 'Meilisearch is unreachable');
    let lastError = '';
    for (let attempt = 0; attempt < this.options.attempts; attempt++) {
      if (attempt > 0) {
        const backoff = Math.min(this.options.maxBackoffMs, this.options.backoffMs * 2 ** (attempt - 1));
        await this.options.sleep(backoff * (0.75 + Math.random() * 0.5));
      }
      let taskUid: number;
      try {
        const index = this.client.index(this.indexUid);
        const docs = this.options.partial ? batch.map((p) => p.doc) : this.stamped(batch);
        taskUid = (
          await (this.options.partial ? index.updateDocuments(docs, { primaryKey: 'id' }) : index.addDocuments(docs, { primaryKey: 'id' }))
        ).taskUid;
      } catch (error) {
        // An API answer (4xx) will not change with a retry: find the documents it is about.
        const info = meiliErrorInfo(error);
        if (info.status !== undefined && info.status < 500 && info.status !== 429) {
          return await this.refused(batch, info.message, info.code ?? `http-${info.status}`);
        }
        lastError = info.message;
        continue;
      }
      try {
        const task = await this.waitForTask(taskUid);
        if (task.status === 'succeeded') {
          this.result.indexed += batch.length;
          this.options.onIndexed?.(
            batch.length,
            batch.map((p) => p.origin),
          );
          return;
        }
        if (task.status === 'failed') {
          return await this.refused(batch, task.error?.message ?? 'task failed', task.error?.code ?? 'indexing-failed');
        }
        lastError = `task ${taskUid} ${task.status}`;
      } catch (error) {
        // Lost while waiting (server restarted, task gone, timeout): sending again is safe, documents are upserted by id.
        lastError = `waiting for task ${taskUid}: ${meiliErrorInfo(error).message}`;
      }
    }
    this.result.unreachableReason = `Meilisearch unreachable after ${this.options.attempts} attempts: ${lastError}`;
    this.giveUp(batch, this.result.unreachableReason);
  }

  /** The batch's documents with `indexedTs` set to now where they have none. */
  private stamped(batch: Pending<D>[]): D[] {
    const now = this.options.now();
    return batch.map((p) => (typeof p.doc.indexedTs === 'number' ? p.doc : { ...p.doc, indexedTs: now }));
  }

  /**
   * Polls a task until it is finished. (The client's own waitForTask leaves its timeout timer
   * running when a poll fails, which keeps a process alive for `taskTimeoutMs` after an outage.)
   */
  private async waitForTask(taskUid: number): Promise<Task> {
    const started = Date.now();
    for (;;) {
      const task = await this.client.tasks.getTask(taskUid);
      if (task.status !== 'enqueued' && task.status !== 'processing') return task;
      const waited = Date.now() - started;
      if (waited > this.options.taskTimeoutMs) throw new Error(`task ${taskUid} still ${task.status} after ${waited} ms`);
      await delay(waited < 1000 ? 50 : 250);
    }
  }

  /** Meilisearch refused a batch: halve it until the refused documents are isolated. */
  private async refused(batch: Pending<D>[], message: string, code: string): Promise<void> {
    if (batch.length === 1) {
      const { doc, origin } = batch[0]!;
      this.result.failed.push({ ...origin, code: `meilisearch-${code}`, message: `Article ${doc.id} refused by Meilisearch: ${message}` });
      return;
    }
    const middle = Math.ceil(batch.length / 2);
    await this.send(batch.slice(0, middle));
    await this.send(batch.slice(middle));
  }

  private giveUp(batch: Pending<D>[], reason: string): void {
    this.result.unindexed += batch.length;
    this.options.onUnindexed?.(
      batch.map((p) => p.doc),
      reason,
    );
  }
}
