/**
 * `lede cluster up|down`: a local sharded Meilisearch cluster for trying cluster mode on one
 * machine. `up` runs in the foreground until Ctrl-C (or `lede cluster down`) and stops every
 * node it started; `down` stops the cluster running on the data dir.
 */
import path from 'node:path';
import type { Config } from '../../src/config.ts';
import { findMeiliBinary } from '../../src/meili/binary.ts';
import { shardSizes } from '../../src/meili/cluster.ts';
import { startLocalCluster, stopLocalCluster } from '../../src/meili/cluster-local.ts';

export interface ClusterCommandOptions {
  nodes: number;
  basePort: number;
  dataDir: string;
}

const err = (line: string) => process.stderr.write(`${line}\n`);

/** Starts the cluster, prints the environment lines to use it, and waits for a signal. */
export async function clusterUp(options: ClusterCommandOptions, config: Config): Promise<number> {
  const dataDir = path.resolve(options.dataDir);
  const cluster = await startLocalCluster({
    bin: findMeiliBinary(config.meili.bin),
    nodes: options.nodes,
    basePort: options.basePort,
    dataDir,
    index: config.index,
    log: err,
  });
  const sizes = await shardSizes(cluster.setup.nodes, config.index);
  process.stdout.write(
    [
      `# Sharded Meilisearch cluster of ${cluster.nodes.length} node(s) (index "${config.index}"):`,
      ...cluster.nodes.map((n) => `#   ${n.name}  ${n.url}  ${sizes[n.name] ?? 0} documents  data ${n.dataDir}`),
      '# Use it from another shell (npm start, lede ingest) with:',
      `LEDE_CLUSTER_FILE=${cluster.file}`,
      `# or, without the file: LEDE_CLUSTER_NODES=${cluster.nodes.map((n) => `${n.name}=${n.url}`).join(',')}`,
      '# plus LEDE_CLUSTER_KEY_<NODE>=<master key> per node (see the file above, mode 0600).',
      '# Ctrl-C or `lede cluster down` stops it.',
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  err('Stopping the cluster…');
  await cluster.stop();
  err('Cluster stopped.');
  return 0;
}

export async function clusterDown(options: Pick<ClusterCommandOptions, 'dataDir'>): Promise<number> {
  const dataDir = path.resolve(options.dataDir);
  const count = await stopLocalCluster(dataDir, err);
  err(count ? `Stopped the cluster on ${dataDir} (${count} node(s)).` : `No cluster is running on ${dataDir}.`);
  return 0;
}
