/** The search-only API key the search service uses: created once at setup, never the master key. */
import type { Meilisearch } from 'meilisearch';
import { meiliErrorInfo } from './http-client.ts';

/** Fixed uid so setup finds the same key every time instead of creating a new one. */
export const SEARCH_KEY_UID = '6c1c3f9e-5d1a-4e3b-9a57-1ede5ea4c4e1';

/** Returns the search-only key for indexes matching `indexPattern`, creating it on first use. */
export async function ensureSearchKey(admin: Meilisearch, indexPattern: string): Promise<string> {
  try {
    const existing = await admin.getKey(SEARCH_KEY_UID);
    return existing.key;
  } catch (error) {
    if (meiliErrorInfo(error).code !== 'api_key_not_found') throw error;
  }
  const created = await admin.createKey({
    uid: SEARCH_KEY_UID,
    name: 'lede-search',
    description: 'Lede search service: search only (created by Lede at setup).',
    actions: ['search'],
    indexes: [indexPattern],
    expiresAt: null,
  });
  return created.key;
}
