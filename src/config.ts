/**
 * Configuration: environment (and `.env`, via dotenv) → one typed, validated object.
 * Every variable is documented in `.env.example`.
 */
import path from 'node:path';
import { z } from 'zod';
import { loadClusterConfig, type ClusterConfig } from './meili/cluster-config.ts';
import { LedeError, isLedeError } from './errors.ts';

const boolean = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((value) => value === 'true' || value === '1' || value === 'yes');

const port = z.coerce.number().int().min(0).max(65535);

const DEFAULT_DATA_DIR = './data/meili';
const WATCHLIST_FILE = 'watchlist.json';

const schema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  MEILI_URL: z.url().optional(),
  MEILI_MASTER_KEY: z.string().min(16, 'must be at least 16 bytes').optional(),
  MEILI_ADMIN_KEY: z.string().min(1).optional(),
  MEILI_SEARCH_KEY: z.string().min(1).optional(),
  MEILI_BIN: z.string().min(1).optional(),
  MEILI_DATA_DIR: z.string().min(1).default(DEFAULT_DATA_DIR),
  MEILI_PORT: port.default(7700),
  LEDE_INDEX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,400}$/, 'letters, digits, - and _ only')
    .default('articles'),
  LEDE_DEMO: boolean.default(true),
  LEDE_CORS_ORIGIN: z.string().optional(),
  LEDE_RATE_LIMIT: z.coerce.number().int().min(0).default(600),
  LEDE_ALLOW_PARTIAL: boolean.default(true),
  LEDE_WATCHLIST: z.string().min(1).optional(),
  LEDE_ALLOW_PRIVATE_NETWORK: boolean.default(false),
  LEDE_TRUST_PROXY: z.string().optional(),
  LEDE_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  LEDE_ALERT_INTERVAL: z.coerce.number().min(1).default(10),
  LEDE_ALERT_GIVE_UP_HOURS: z.coerce.number().positive().default(24),
  LEDE_FACET_LANES: boolean.default(true),
});

export interface Config {
  /** HTTP port of the search service. */
  port: number;
  host: string;
  meili: {
    /** A Meilisearch to use as is; when absent Lede starts and manages a local one. */
    url?: string;
    /** Master or admin key for writes and setup (never used for searches). */
    adminKey?: string;
    /** A search-only key to use instead of the one Lede creates. */
    searchKey?: string;
    bin?: string;
    dataDir: string;
    port: number;
  };
  index: string;
  /** Index the bundled demo articles when the index is empty. */
  demo: boolean;
  /** Allowed CORS origin(s), comma-separated; none when unset. */
  corsOrigin?: string;
  /** API requests per minute per client address; 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** On a cluster, answer with the nodes that are up (`partial: true`) rather than 503. */
  allowPartial: boolean;
  /** The newsroom's watchlist (`lede watchlist`): LEDE_WATCHLIST, else `watchlist.json` in the data dir. */
  watchlistFile: string;
  /** A sharded Meilisearch cluster (LEDE_CLUSTER_FILE or LEDE_CLUSTER_NODES); absent for one server. */
  cluster?: ClusterConfig | undefined;
  /** Let the ingest fetcher connect to loopback, private and link-local addresses (SSRF protection off). */
  allowPrivateNetwork: boolean;
  /**
   * Express "trust proxy": which reverse proxies' X-Forwarded-For to believe when telling clients
   * apart (rate limit). false (default): none, the socket address is the client.
   */
  trustProxy: TrustProxy;
  /** Token of the endpoints that change data; undefined: generated into the data dir at start. */
  adminToken?: string | undefined;
  /** Alerts of saved searches: seconds between rounds, and hours of webhook failures before giving up. */
  alerts: { intervalSeconds: number; giveUpHours: number };
  /** Count the largest facets in parallel requests when Meilisearch is otherwise idle (src/search/facet-lanes.ts). */
  facetLanes: boolean;
}

/** Express's `trust proxy` values Lede accepts: off, a number of hops, or addresses / subnets / names like `loopback`. */
export type TrustProxy = boolean | number | string;

/**
 * LEDE_TRUST_PROXY → Express's `trust proxy`: `false`/`0`/unset → false; a positive integer → that
 * many hops; `true` → every proxy (only behind a proxy that overwrites X-Forwarded-For);
 * otherwise a comma-separated list of addresses, CIDR subnets or `loopback` / `linklocal` / `uniquelocal`.
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = value?.trim() ?? '';
  if (text === '' || text === 'false' || text === '0') return false;
  if (text === 'true') return true;
  if (/^\d+$/.test(text)) return Number(text);
  const entries = text.split(',').map((entry) => entry.trim());
  const named = new Set(['loopback', 'linklocal', 'uniquelocal']);
  for (const entry of entries) {
    if (!named.has(entry) && !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(entry)) {
      throw new LedeError(
        'invalid_config',
        `Invalid configuration: LEDE_TRUST_PROXY: expected false, a number of hops, or addresses/subnets (e.g. 10.0.0.1,loopback), got \`${entry}\``,
      );
    }
  }
  return entries.join(',');
}

/** Reads the configuration from an environment; throws a LedeError `invalid_config` naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new LedeError('invalid_config', `Invalid configuration: ${details}`);
  }
  const e = parsed.data;
  let cluster: ClusterConfig | undefined;
  try {
    cluster = loadClusterConfig(cleaned, cwd);
  } catch (error) {
    throw isLedeError(error, 'invalid_cluster_config')
      ? new LedeError('invalid_config', `Invalid configuration: ${error.message}`, { cause: error })
      : error;
  }
  return {
    port: e.PORT,
    host: e.HOST,
    meili: {
      url: e.MEILI_URL,
      adminKey: e.MEILI_ADMIN_KEY ?? e.MEILI_MASTER_KEY,
      searchKey: e.MEILI_SEARCH_KEY,
      bin: e.MEILI_BIN,
      dataDir: path.resolve(cwd, e.MEILI_DATA_DIR),
      port: e.MEILI_PORT,
    },
    index: e.LEDE_INDEX,
    demo: e.LEDE_DEMO,
    corsOrigin: e.LEDE_CORS_ORIGIN,
    rateLimitPerMinute: e.LEDE_RATE_LIMIT,
    allowPartial: e.LEDE_ALLOW_PARTIAL,
    watchlistFile: watchlistFile(env, cwd),
    cluster,
    allowPrivateNetwork: e.LEDE_ALLOW_PRIVATE_NETWORK,
    trustProxy: parseTrustProxy(e.LEDE_TRUST_PROXY),
    adminToken: e.LEDE_ADMIN_TOKEN,
    alerts: { intervalSeconds: e.LEDE_ALERT_INTERVAL, giveUpHours: e.LEDE_ALERT_GIVE_UP_HOURS },
    facetLanes: e.LEDE_FACET_LANES,
  };
}

/**
 * The watchlist file: LEDE_WATCHLIST, else `watchlist.json` in the data dir (MEILI_DATA_DIR).
 * Apart from loadConfig so that `lede extract`, which needs no Meilisearch, reads no other setting.
 */
export function watchlistFile(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  const explicit = env['LEDE_WATCHLIST'];
  if (explicit) return path.resolve(cwd, explicit);
  return path.resolve(cwd, env['MEILI_DATA_DIR'] || DEFAULT_DATA_DIR, WATCHLIST_FILE);
}
