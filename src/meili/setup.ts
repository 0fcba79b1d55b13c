/** Index setup: settings applied idempotently, and the search-only key the API uses. */
import type { Meilisearch } from 'meilisearch';
import type { Config } from '../config.ts';
import type { MeiliConnection } from './connect.ts';
import { applySettings } from './settings.ts';
import { ensureSearchKey } from './keys.ts';
import { setupSavedSearchIndex, type SavedSearchKeys } from './saved-index.ts';

export interface IndexSetup {
  /** Settings that had to change (empty when the index was already in line). */
  changed: string[];
  /** Search-only key, or undefined for a server running without keys. */
  searchKey: string | undefined;
  /** The keys of the saved-searches index (see saved-index.ts); absent on a cluster, whose nodes have theirs (ReadyNode.savedSearches). */
  savedSearches?: SavedSearchKeys;
}

export async function setupIndex(
  admin: Meilisearch,
  index: string,
  options: { adminKey: string | undefined; searchKey?: string },
): Promise<IndexSetup> {
  const changed = await applySettings(admin, index);
  const savedSearches = await setupSavedSearchIndex(admin, index, Boolean(options.adminKey));
  if (options.searchKey) return { changed, searchKey: options.searchKey, savedSearches };
  // A server without a master key has no keys at all: searches need none.
  const searchKey = options.adminKey ? await ensureSearchKey(admin, `${index}*`) : undefined;
  return { changed, searchKey, savedSearches };
}

/**
 * The setup `npm start` and the CLI run before their work: the configured index on the connected
 * server; nothing on a cluster, whose nodes (articles and saved-searches indexes, keys) were set up
 * one by one when connecting (setupCluster).
 */
export async function setupConfiguredIndex(config: Config, connection: Pick<MeiliConnection, 'admin' | 'adminKey'>): Promise<IndexSetup> {
  if (config.cluster) return { changed: [], searchKey: undefined };
  return setupIndex(connection.admin, config.index, { adminKey: connection.adminKey, searchKey: config.meili.searchKey });
}
