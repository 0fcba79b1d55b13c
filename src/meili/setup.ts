/** Index setup: settings applied idempotently, and the search-only key the API uses. */
import type { Meilisearch } from 'meilisearch';
import { applySettings } from './settings.ts';
import { ensureSearchKey } from './keys.ts';

export interface IndexSetup {
  /** Settings that had to change (empty when the index was already in line). */
  changed: string[];
  /** Search-only key, or undefined for a server running without keys. */
  searchKey: string | undefined;
}

export async function setupIndex(
  admin: Meilisearch,
  index: string,
  options: { adminKey: string | undefined; searchKey?: string },
): Promise<IndexSetup> {
  const changed = await applySettings(admin, index);
  if (options.searchKey) return { changed, searchKey: options.searchKey };
  // A server without a master key has no keys at all: searches need none.
  const searchKey = options.adminKey ? await ensureSearchKey(admin, `${index}*`) : undefined;
  return { changed, searchKey };
}
