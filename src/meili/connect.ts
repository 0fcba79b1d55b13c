/**
 * Config → a reachable Meilisearch with admin rights: the server at MEILI_URL, or the managed
 * local one (reused when another Lede process already runs it on the same data dir).
 */
import type { Meilisearch } from 'meilisearch';
import type { Config } from '../config.ts';
import { findMeiliBinary } from './binary.ts';
import { createMeiliClient } from './client.ts';
import { isHealthy } from './health.ts';
import { startManagedMeili } from './managed.ts';
import { LedeError } from '../errors.ts';

export interface MeiliConnection {
  url: string;
  /** Master or admin key; undefined for a server without keys. Never sent to browsers. */
  adminKey: string | undefined;
  admin: Meilisearch;
  /** True when Lede manages the server process. */
  managed: boolean;
  /** Stops the managed server when this process started it. */
  close(): Promise<void>;
}

export async function connectMeili(config: Config, log: (line: string) => void = () => {}): Promise<MeiliConnection> {
  if (config.meili.url) {
    const url = config.meili.url.replace(/\/+$/, '');
    if (!(await isHealthy(url, 3000))) {
      throw new LedeError(
        'meili_unreachable',
        `Meilisearch at MEILI_URL=${url} does not answer /health: start it (e.g. \`docker compose up -d meilisearch\`) or unset MEILI_URL to let Lede run its own.`,
      );
    }
    const adminKey = config.meili.adminKey;
    return { url, adminKey, admin: createMeiliClient(url, adminKey), managed: false, close: async () => {} };
  }
  const server = await startManagedMeili({
    bin: findMeiliBinary(config.meili.bin),
    dataDir: config.meili.dataDir,
    port: config.meili.port,
    log,
  });
  return {
    url: server.url,
    adminKey: server.masterKey,
    admin: createMeiliClient(server.url, server.masterKey),
    managed: true,
    close: server.stop,
  };
}
