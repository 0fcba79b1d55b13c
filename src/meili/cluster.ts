/**
 * Sets up a sharded Meilisearch network (1.19+, `network` experimental feature; Enterprise
 * Edition licence, free for non-production use). On every node: the feature turned on, the
 * index with Lede's settings (Meilisearch does not forward index creation or settings), a
 * search-only key, the saved-searches index with its settings and its two scoped keys
 * (saved-index.ts: the API writes and reads it on every node with those, never an admin key),
 * and `PATCH /network` with `self`, every node as a remote and `sharding: true`.
 * Verified on 1.21.0: documents written to any node are forwarded to their shard's node.
 */
import type { Meilisearch } from 'meilisearch';
import type { ClusterConfig, ClusterNode } from './cluster-config.ts';
import { createMeiliClient } from './client.ts';
import { isHealthy } from './health.ts';
import { ensureSearchKey } from './keys.ts';
import { setupSavedSearchIndex, type SavedSearchKeys } from './saved-index.ts';
import { applySettings, desiredSettings } from './settings.ts';
import { LedeError } from '../errors.ts';

/**
 * Facet values a shard returns per facet. A single node counts every value and returns the
 * 1,000 most frequent; a shard that did the same would leave out values that are rare on it
 * but frequent overall, and the merged counts would come out low. Shards therefore return
 * (nearly) all values and the federated merge keeps the 1,000 most frequent.
 */
export const SHARD_MAX_VALUES_PER_FACET = 100_000;

/** Lede's index settings as applied to each shard. */
export function shardSettings(): ReturnType<typeof desiredSettings> {
  const settings = desiredSettings();
  return { ...settings, faceting: { ...settings.faceting, maxValuesPerFacet: SHARD_MAX_VALUES_PER_FACET } };
}

/** One node as the search service and the writers use it. */
export interface ReadyNode extends ClusterNode {
  /** Client with the node's admin key (writes, setup). */
  admin: Meilisearch;
  /** Search-only key for the index pattern, or undefined for a node without keys. */
  searchKey: string | undefined;
  /** This node's keys of the saved-searches index (undefined fields for a node without keys). */
  savedSearches: SavedSearchKeys;
}

export interface ClusterSetup {
  nodes: ReadyNode[];
  /** Settings that changed, per node name (empty arrays when everything was in line). */
  changed: Record<string, string[]>;
}

/** The body of `PATCH /network` for one node, as Meilisearch 1.21 accepts it. */
export interface NetworkUpdate {
  self: string;
  remotes: Record<string, { url: string; searchApiKey: string | null; writeApiKey: string | null }>;
  sharding: boolean;
}

export function networkFor(self: string, nodes: ReadyNode[]): NetworkUpdate {
  const remotes: NetworkUpdate['remotes'] = {};
  for (const node of nodes) {
    remotes[node.name] = { url: node.url, searchApiKey: node.searchKey ?? null, writeApiKey: node.adminKey ?? null };
  }
  return { self, remotes, sharding: true };
}

/** Turns on the `network` feature and sends the network object (raw PATCH: the client's type lacks `sharding`). */
async function configureNetwork(node: ReadyNode, update: NetworkUpdate): Promise<void> {
  await node.admin.updateExperimentalFeatures({ network: true });
  const answer = await node.admin.httpRequest.patch<{ self?: string; sharding?: boolean }>({ path: 'network', body: update });
  if (answer.self !== update.self || answer.sharding !== true) {
    throw new LedeError(
      'cluster_setup_failed',
      `Node ${node.name} (${node.url}) did not accept the network configuration: ${JSON.stringify(answer)}`,
    );
  }
}

/**
 * Brings every node in line for `index`: settings, search key, network. Idempotent; every node
 * must be up (a node that is down cannot be configured, and its shard would miss documents).
 */
export async function setupCluster(cluster: ClusterConfig, index: string, log: (line: string) => void = () => {}): Promise<ClusterSetup> {
  const health = await Promise.all(cluster.nodes.map((node) => isHealthy(node.url, 3000)));
  const down = cluster.nodes.filter((_, i) => !health[i]).map((n) => `${n.name} (${n.url})`);
  if (down.length) {
    throw new LedeError('cluster_setup_failed', `Cluster setup needs every node up; not answering /health: ${down.join(', ')}.`);
  }
  const changed: Record<string, string[]> = {};
  const nodes = await Promise.all(
    cluster.nodes.map(async (node): Promise<ReadyNode> => {
      const admin = createMeiliClient(node.url, node.adminKey);
      changed[node.name] = await applySettings(admin, index, shardSettings());
      const searchKey = node.adminKey ? await ensureSearchKey(admin, `${index}*`) : undefined;
      const savedSearches = await setupSavedSearchIndex(admin, index, Boolean(node.adminKey));
      return { ...node, admin, searchKey, savedSearches };
    }),
  );
  await Promise.all(nodes.map((node) => configureNetwork(node, networkFor(node.name, nodes))));
  log(`Cluster of ${nodes.length} node(s) ready for index "${index}": ${nodes.map((n) => `${n.name}=${n.url}`).join(', ')}.`);
  return { nodes, changed };
}

/** Documents per node (each node's own shard). */
export async function shardSizes(nodes: Array<{ name: string; admin: Meilisearch }>, index: string): Promise<Record<string, number>> {
  const sizes: Record<string, number> = {};
  await Promise.all(
    nodes.map(async (node) => {
      sizes[node.name] = (await node.admin.index(index).getStats()).numberOfDocuments;
    }),
  );
  return sizes;
}
