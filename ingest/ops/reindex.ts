/**
 * `lede reindex`: rebuilds an index with the current settings (index-config/) and the current
 * normalisation and enrichment, then swaps it in atomically.
 *
 * The documents of the live index are read page by page, their text fields go through
 * normalise + enrich again (ids are kept, so links to articles stay valid), and the result is
 * written to `<index>_reindex_<time>`, created with the current settings before any document.
 * Only when that index holds every document is it swapped with the live one
 * (`POST /swap-indexes`, atomic); the old data, now under the temporary name, is deleted.
 * Searches hit the old index until the swap and the new one after it: never a half-built one.
 * On any failure the temporary index is deleted and the live index is left untouched.
 */
import type { Meilisearch } from 'meilisearch';
import type { Article } from '../../src/article.ts';
import { meiliErrorInfo } from '../../src/meili/http-client.ts';
import { applySettings } from '../../src/meili/settings.ts';
import { MeiliSink, type SinkOptions } from '../sink.ts';
import type { Problem } from '../types.ts';
import { indexDocuments, type StoredDocument } from './documents.ts';
import { reprocessStored, type ReprocessOptions } from './stored-article.ts';
import { LedeError } from '../../src/errors.ts';

export interface ReindexOptions {
  /** Enrichment (or the entity knowledge it uses) and clock, as for ingest (injected in tests). */
  pipeline?: ReprocessOptions;
  sink?: Omit<SinkOptions, 'onIndexed' | 'onUnindexed'>;
  /** Documents read per request. Default: 1,000. */
  pageSize?: number;
  /** Called with the documents written to the new index so far, and the total. */
  onProgress?: (done: number, total: number) => void;
  /** Stops the rebuild; the temporary index is deleted and the live one kept. */
  signal?: AbortSignal;
  /** Clock for the temporary index name. */
  now?: () => Date;
}

export interface ReindexResult {
  index: string;
  /** The name the new index was built under (deleted after the swap). */
  temporaryIndex: string;
  documents: number;
  /** Documents that could not be normalised again and were copied unchanged (with the reason). */
  copiedUnchanged: Problem[];
  durationMs: number;
}

const TASK_WAIT = { timeout: 30 * 60_000, interval: 100 };

/** The document normalised and enriched again under its own id, or itself when that now fails. */
function rebuild(doc: StoredDocument, index: string, options: ReindexOptions): { article: Article; problem?: Problem } {
  const result = reprocessStored(doc, index, options.pipeline);
  // Never drop a document the index holds: keep it as it is, and say so.
  if (!result.ok) return { article: doc as unknown as Article, problem: result.problem };
  // Rebuilt is not newly indexed: the alert loop must not see the whole archive again.
  const indexedTs = doc['indexedTs'];
  return { article: typeof indexedTs === 'number' ? { ...result.article, indexedTs } : result.article };
}

async function deleteIndexQuietly(client: Meilisearch, uid: string): Promise<void> {
  try {
    await client.deleteIndex(uid).waitTask(TASK_WAIT);
  } catch {
    // Best effort: the caller reports the original failure.
  }
}

export async function reindex(client: Meilisearch, index: string, options: ReindexOptions = {}): Promise<ReindexResult> {
  const started = Date.now();
  let total: number;
  try {
    total = (await client.index(index).getStats()).numberOfDocuments;
  } catch (error) {
    const info = meiliErrorInfo(error);
    throw new LedeError(
      'reindex_failed',
      info.code === 'index_not_found' ? `There is no index "${index}" to rebuild.` : `Cannot read index "${index}": ${info.message}`,
      { cause: error },
    );
  }
  const stamp = (options.now?.() ?? new Date()).toISOString().replace(/\D/g, '').slice(0, 17);
  const temporaryIndex = `${index}_reindex_${stamp}`;
  await applySettings(client, temporaryIndex);

  try {
    const copiedUnchanged: Problem[] = [];
    let done = 0;
    const sink = new MeiliSink(client, temporaryIndex, {
      ...options.sink,
      onIndexed: (count) => options.onProgress?.((done += count), total),
    });
    let read = 0;
    for await (const doc of indexDocuments(client, index, { pageSize: options.pageSize })) {
      if (options.signal?.aborted) throw new LedeError('reindex_failed', 'Reindex interrupted; the live index is unchanged.');
      const { article, problem } = rebuild(doc, index, options);
      if (problem) copiedUnchanged.push(problem);
      await sink.add(article, { input: index, position: `document ${article.id}` });
      read++;
    }
    const result = await sink.drain();
    if (options.signal?.aborted) throw new LedeError('reindex_failed', 'Reindex interrupted; the live index is unchanged.');
    if (result.unindexed || result.failed.length) {
      const first = result.failed[0]?.message ?? result.unreachableReason ?? '';
      throw new LedeError(
        'reindex_failed',
        `The new index is incomplete (${result.failed.length} refused, ${result.unindexed} not sent): ${first}`,
      );
    }
    const built = (await client.index(temporaryIndex).getStats()).numberOfDocuments;
    if (built !== read)
      throw new LedeError('reindex_failed', `The new index has ${built} documents, the live one had ${read}: not swapped.`);

    const swap = await client.swapIndexes([{ indexes: [index, temporaryIndex], rename: false }]).waitTask(TASK_WAIT);
    if (swap.status !== 'succeeded')
      throw new LedeError('reindex_failed', `Swapping the indexes failed: ${swap.error?.message ?? swap.status}`);
    // After the swap the temporary name holds the old documents.
    await client.deleteIndex(temporaryIndex).waitTask(TASK_WAIT);
    return { index, temporaryIndex, documents: read, copiedUnchanged, durationMs: Date.now() - started };
  } catch (error) {
    await deleteIndexQuietly(client, temporaryIndex);
    throw error;
  }
}
