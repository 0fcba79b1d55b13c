/**
 * A sharded cluster on one machine, from the managed Meilisearch binary: N nodes on loopback
 * ports, one data dir and master key each, network and index configured. For trying cluster
 * mode (`lede cluster up`), the integration test and the benchmark; not for production.
 *
 * `dataDir` holds node-1 … node-N, the cluster file (LEDE_CLUSTER_FILE, mode 0600: it holds
 * the keys) and a state file naming the process that runs the cluster, for `lede cluster down`.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { clusterFileContent, type ClusterConfig } from './cluster-config.ts';
import { setupCluster, type ClusterSetup } from './cluster.ts';
import { findRunningServer, processAlive, startManagedMeili, type ManagedMeili } from './managed.ts';
import { LedeError } from '../errors.ts';

export interface LocalClusterOptions {
  /** Meilisearch binary. */
  bin: string;
  /** Number of nodes, at least 1. */
  nodes: number;
  /** Port of the first node; the others follow. 0 picks free ports. */
  basePort: number;
  /** Root of the node data dirs; created when missing. */
  dataDir: string;
  /** The index to configure on every node. */
  index: string;
  /** Restart a node that dies. Default: true. */
  restartOnCrash?: boolean;
  log?: (line: string) => void;
}

export interface LocalNode {
  name: string;
  url: string;
  port: number;
  dataDir: string;
  masterKey: string;
  /** True while this process runs the node. */
  running: boolean;
}

export interface LocalCluster {
  config: ClusterConfig;
  setup: ClusterSetup;
  nodes: LocalNode[];
  /** The cluster file to point LEDE_CLUSTER_FILE at. */
  file: string;
  /** Stops one node (to test a node that is down). */
  stopNode(name: string): Promise<void>;
  /** Starts a stopped node again on its port and data (network and index are kept by Meilisearch). */
  startNode(name: string): Promise<void>;
  /** Stops every node and removes the state file; idempotent. */
  stop(): Promise<void>;
}

export const CLUSTER_FILE = 'lede-cluster.json';
export const STATE_FILE = 'lede-cluster-state.json';

interface ClusterState {
  /** The process running the cluster (`lede cluster up`). */
  pid: number;
  nodes: string[];
}

export async function startLocalCluster(options: LocalClusterOptions): Promise<LocalCluster> {
  if (!Number.isInteger(options.nodes) || options.nodes < 1) {
    throw new LedeError('local_cluster_failed', `Expected \`nodes\` to be a positive integer, got \`${options.nodes}\`.`);
  }
  const log = options.log ?? (() => {});
  const servers = new Map<string, ManagedMeili>();
  const nodes: LocalNode[] = [];

  const launch = async (node: Pick<LocalNode, 'name' | 'dataDir' | 'port'>) => {
    const server = await startManagedMeili({
      bin: options.bin,
      dataDir: node.dataDir,
      port: node.port,
      restartOnCrash: options.restartOnCrash ?? true,
      log: (line) => log(`${node.name}: ${line}`),
    });
    servers.set(node.name, server);
    return server;
  };

  const stop = async () => {
    await Promise.all([...servers.values()].map((s) => s.stop()));
    servers.clear();
    for (const node of nodes) node.running = false;
    rmSync(path.join(options.dataDir, STATE_FILE), { force: true });
  };

  try {
    for (let i = 0; i < options.nodes; i++) {
      const name = `node${i + 1}`;
      const dataDir = path.join(options.dataDir, name);
      const server = await launch({ name, dataDir, port: options.basePort === 0 ? 0 : options.basePort + i });
      nodes.push({ name, url: server.url, port: Number(new URL(server.url).port), dataDir, masterKey: server.masterKey, running: true });
    }
    const config: ClusterConfig = {
      nodes: nodes.map((n) => ({ name: n.name, url: n.url, adminKey: n.masterKey })),
      writeNode: nodes[0]!.name,
    };
    const setup = await setupCluster(config, options.index, log);
    const file = path.join(options.dataDir, CLUSTER_FILE);
    writeFileSync(file, clusterFileContent(config), { mode: 0o600 });
    const state: ClusterState = { pid: process.pid, nodes: nodes.map((n) => n.name) };
    writeFileSync(path.join(options.dataDir, STATE_FILE), JSON.stringify(state));

    const byName = (name: string) => {
      const node = nodes.find((n) => n.name === name);
      if (!node) throw new LedeError('local_cluster_failed', `No node "${name}" in this cluster (${nodes.map((n) => n.name).join(', ')}).`);
      return node;
    };
    return {
      config,
      setup,
      nodes,
      file,
      stop,
      async stopNode(name) {
        const node = byName(name);
        await servers.get(name)?.stop();
        servers.delete(name);
        node.running = false;
      },
      async startNode(name) {
        const node = byName(name);
        if (node.running) return;
        await launch(node);
        node.running = true;
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Stops the cluster running on `dataDir`: asks its `lede cluster up` process to stop (SIGTERM),
 * then kills any node process still alive. Returns the number of node processes that were running.
 */
export async function stopLocalCluster(dataDir: string, log: (line: string) => void = () => {}): Promise<number> {
  const stateFile = path.join(dataDir, STATE_FILE);
  const state = existsSync(stateFile) ? (JSON.parse(readFileSync(stateFile, 'utf8')) as ClusterState) : undefined;
  const names = state?.nodes ?? [];
  const before = (await Promise.all(names.map((name) => findRunningServer(path.join(dataDir, name))))).filter(Boolean).length;
  if (state && processAlive(state.pid) && state.pid !== process.pid) {
    process.kill(state.pid, 'SIGTERM');
    const deadline = Date.now() + 15_000;
    while (processAlive(state.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  }
  for (const name of names) {
    const running = await findRunningServer(path.join(dataDir, name));
    if (running) {
      log(`Stopping ${name} (pid ${running.pid}), whose supervisor is gone.`);
      process.kill(running.pid, 'SIGTERM');
      rmSync(path.join(dataDir, name, 'lede-server.json'), { force: true });
    }
  }
  rmSync(stateFile, { force: true });
  return before;
}
