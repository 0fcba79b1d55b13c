/** Helpers for tests that talk to the Meilisearch of the global setup. */
import { randomBytes } from 'node:crypto';
import type { Meilisearch } from 'meilisearch';
import { inject } from 'vitest';
import { createMeiliClient } from '../../src/meili/client.ts';

/** An admin client for the test server. */
export function testAdminClient(): Meilisearch {
  return createMeiliClient(inject('meiliUrl'), inject('meiliKey'));
}

/** A fresh index name, so test files never share documents. */
export function uniqueIndex(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}
