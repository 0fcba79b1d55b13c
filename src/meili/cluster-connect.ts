/**
 * Config with a cluster → a MeiliConnection for writers (`lede ingest`, `lede index setup`):
 * every node set up (settings, search key, network), then the failover write client.
 */
import type { Config } from '../config.ts';
import { setupCluster, type ClusterSetup } from './cluster.ts';
import { createClusterWriter } from './cluster-write.ts';
import { connectMeili, type MeiliConnection } from './connect.ts';

/** A connection whose `admin` writes through the cluster's write node (with failover); `cluster` has every node. */
export type ClusterConnection = MeiliConnection & { cluster: ClusterSetup };

export async function connectCluster(config: Config, log: (line: string) => void = () => {}): Promise<ClusterConnection> {
  const cluster = config.cluster;
  if (!cluster) throw new TypeError('Expected a cluster configuration (LEDE_CLUSTER_FILE or LEDE_CLUSTER_NODES), got none.');
  const setup = await setupCluster(cluster, config.index, log);
  const writer = createClusterWriter(cluster, { log });
  const node = cluster.nodes.find((n) => n.name === cluster.writeNode)!;
  return { url: node.url, adminKey: node.adminKey, admin: writer.client, managed: false, close: async () => {}, cluster: setup };
}

/** The connection the configuration asks for: the cluster when one is configured, else one server. */
export function connectConfigured(
  config: Config,
  log: (line: string) => void = () => {},
): Promise<MeiliConnection & { cluster?: ClusterSetup }> {
  return config.cluster ? connectCluster(config, log) : connectMeili(config, log);
}
