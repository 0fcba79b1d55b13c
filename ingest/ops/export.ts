/**
 * `lede export`: every indexed article as NDJSON (one document per line, fields as stored),
 * streamed with backpressure. `lede ingest` of the output rebuilds the same documents.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Meilisearch } from 'meilisearch';
import { indexDocuments, type DocumentPagesOptions } from './documents.ts';

export interface ExportOptions extends DocumentPagesOptions {
  /** Called after each document with the number written so far. */
  onProgress?: (written: number) => void;
}

/** Writes the documents of `index` to `out` as NDJSON; resolves with the number written. Does not end `out`. */
export async function exportIndex(client: Meilisearch, index: string, out: Writable, options: ExportOptions = {}): Promise<number> {
  let written = 0;
  for await (const doc of indexDocuments(client, index, options)) {
    if (!out.write(`${JSON.stringify(doc)}\n`)) await once(out, 'drain');
    written++;
    options.onProgress?.(written);
  }
  return written;
}
