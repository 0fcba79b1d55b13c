/**
 * The saved-searches index: saved searches and the record of alerts delivered, beside the
 * articles in the same Meilisearch, so dumps (`lede backup`) carry them. Its name starts with
 * `lede-saved-searches--`, NOT with the articles index name: the search-only key covers
 * `<index>*`, and this index holds webhook secrets. The API reads and writes it with a key of its
 * own (the "alerts key": search and document writes on this index only), and watches the
 * articles index's indexing queue with a third key (`tasks.get` on the articles index only).
 */
import type { Meilisearch, Settings } from 'meilisearch';
import { ensureScopedKey } from './keys.ts';
import { applySettings } from './settings.ts';

const PREFIX = 'lede-saved-searches--';

/** The saved-searches index of an articles index. */
export function savedSearchIndex(articlesIndex: string): string {
  return `${PREFIX}${articlesIndex}`;
}

export const SAVED_SEARCH_SETTINGS: Settings = {
  searchableAttributes: ['name'],
  // articleId: the per-article delivery records of earlier versions, still read.
  filterableAttributes: ['id', 'kind', 'savedSearchId', 'articleIds', 'articleId'],
  sortableAttributes: ['createdTs'],
  pagination: { maxTotalHits: 100_000 },
};

export interface SavedSearchKeys {
  /** Reads and writes the saved-searches index only; undefined for a server without keys. */
  alertsKey: string | undefined;
  /** Reads the articles index's task queue only. */
  tasksKey: string | undefined;
}

/**
 * Creates the saved-searches index with its settings, and (given an admin key) the two keys
 * the API process needs for it. Refuses an articles index whose search key would also cover it.
 */
export async function setupSavedSearchIndex(admin: Meilisearch, articlesIndex: string, withKeys: boolean): Promise<SavedSearchKeys> {
  const uid = savedSearchIndex(articlesIndex);
  if (uid.startsWith(articlesIndex)) {
    throw new Error(
      `LEDE_INDEX "${articlesIndex}" is a prefix of "${uid}": its search-only key would read saved searches (and their secrets). Choose another index name.`,
    );
  }
  await applySettings(admin, uid, SAVED_SEARCH_SETTINGS);
  if (!withKeys) return { alertsKey: undefined, tasksKey: undefined };
  const alertsKey = await ensureScopedKey(admin, {
    purpose: 'lede-alerts',
    actions: ['search', 'documents.add', 'documents.get', 'documents.delete', 'tasks.get'],
    indexes: [uid],
    description: 'Lede API: saved searches and alert deliveries (created by Lede at setup).',
  });
  const tasksKey = await ensureScopedKey(admin, {
    purpose: 'lede-alert-tasks',
    actions: ['tasks.get'],
    indexes: [articlesIndex],
    description: 'Lede alert loop: sees which articles are still being indexed (created by Lede at setup).',
  });
  return { alertsKey, tasksKey };
}
