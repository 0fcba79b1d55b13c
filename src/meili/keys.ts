/** The search-only API key the search service uses: created once at setup, never the master key. */
import { createHash } from 'node:crypto';
import type { Meilisearch } from 'meilisearch';
import { meiliErrorInfo } from './http-client.ts';

/**
 * A fixed uid per index pattern (a UUID built from its hash), so setup finds the same key every
 * time instead of creating a new one, and another LEDE_INDEX gets a key of its own.
 */
export function searchKeyUid(indexPattern: string): string {
  const hex = createHash('sha256').update(`lede-search-key:${indexPattern}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

type KeyFields = Omit<Parameters<Meilisearch['createKey']>[0], 'uid' | 'expiresAt'>;

/** The key with this uid, created with `fields` on first use; safe when two processes set up at once. */
async function ensureKey(admin: Meilisearch, uid: string, fields: KeyFields): Promise<string> {
  try {
    return (await admin.getKey(uid)).key;
  } catch (error) {
    if (meiliErrorInfo(error).code !== 'api_key_not_found') throw error;
  }
  try {
    return (await admin.createKey({ ...fields, uid, expiresAt: null })).key;
  } catch (error) {
    // Two processes set up at once: the other one created it.
    if (meiliErrorInfo(error).code === 'api_key_already_exists') return (await admin.getKey(uid)).key;
    throw error;
  }
}

/** Returns the search-only key for indexes matching `indexPattern`, creating it on first use. */
export function ensureSearchKey(admin: Meilisearch, indexPattern: string): Promise<string> {
  return ensureKey(admin, searchKeyUid(indexPattern), {
    name: `lede-search ${indexPattern}`.slice(0, 255),
    description: 'Lede search service: search only (created by Lede at setup).',
    actions: ['search'],
    indexes: [indexPattern],
  });
}

/** What a scoped key may do, and on which indexes. */
export interface ScopedKeySpec {
  /** A short name of its purpose, part of its uid and name (e.g. `lede-alerts`). */
  purpose: string;
  actions: string[];
  indexes: string[];
  description: string;
}

/** A fixed uid per purpose and index list, so setup finds the same key every time. */
export function scopedKeyUid(spec: Pick<ScopedKeySpec, 'purpose' | 'indexes'>): string {
  return searchKeyUid(`${spec.purpose}:${spec.indexes.join(',')}`);
}

/** Returns the key of `spec`, creating it on first use (the search key's logic, for any scope). */
export function ensureScopedKey(admin: Meilisearch, spec: ScopedKeySpec): Promise<string> {
  return ensureKey(admin, scopedKeyUid(spec), {
    name: `${spec.purpose} ${spec.indexes.join(',')}`.slice(0, 255),
    description: spec.description,
    actions: spec.actions as KeyFields['actions'],
    indexes: spec.indexes,
  });
}
