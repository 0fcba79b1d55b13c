/**
 * Every document of an index, streamed page by page through the documents API
 * (`GET /indexes/{uid}/documents?offset&limit`), which, unlike search, has no 1,000-hit cap.
 */
import type { Meilisearch } from 'meilisearch';
import type { Json } from '../parse/json.ts';

/** A stored document as Meilisearch returns it. */
export type StoredDocument = { [key: string]: Json };

/** A string array field of a stored document (missing or malformed: empty). */
export function stringList(value: Json | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export interface DocumentPagesOptions {
  /** Documents per request. Default: 1,000. */
  pageSize?: number;
  /** Only the documents matching this filter (on filterable attributes). Default: all. */
  filter?: string;
  /** Only these fields of each document. Default: all. */
  fields?: string[];
}

/**
 * Yields the documents of `index` in Meilisearch's internal order: stable while no document is
 * added or deleted (partial updates of stored documents keep their place).
 */
export async function* indexDocuments(
  client: Meilisearch,
  index: string,
  options: DocumentPagesOptions = {},
): AsyncGenerator<StoredDocument> {
  const limit = options.pageSize ?? 1000;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`Expected \`pageSize\` to be a positive integer, got \`${limit}\``);
  for (let offset = 0; ; offset += limit) {
    const page = await client.index(index).getDocuments<StoredDocument>({ offset, limit, filter: options.filter, fields: options.fields });
    yield* page.results;
    if (page.results.length < limit || offset + page.results.length >= page.total) return;
  }
}
