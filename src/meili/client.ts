/** Meilisearch clients over the keep-alive HTTP path: one with the admin key, one search-only. */
import { Meilisearch } from 'meilisearch';
import { createKeepAliveHttpClient } from './http-client.ts';

const sharedHttpClient = createKeepAliveHttpClient();

export function createMeiliClient(url: string, apiKey: string | undefined, timeoutMs = 30_000): Meilisearch {
  const httpClient = timeoutMs === 30_000 ? sharedHttpClient : createKeepAliveHttpClient({ timeoutMs });
  return new Meilisearch({ host: url, apiKey, httpClient, clientAgents: ['Lede'] });
}
