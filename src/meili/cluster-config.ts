/**
 * Cluster configuration: the Meilisearch nodes of a sharded network, their keys, and the node
 * Lede writes to. Read from the environment (LEDE_CLUSTER_NODES + keys) or from a JSON file
 * (LEDE_CLUSTER_FILE, as written by `lede cluster up`), validated with zod.
 *
 *   LEDE_CLUSTER_NODES="a=http://127.0.0.1:7701,b=http://127.0.0.1:7702"
 *   LEDE_CLUSTER_KEY=<admin key of every node>   or   LEDE_CLUSTER_KEY_A=…, LEDE_CLUSTER_KEY_B=…
 *   LEDE_CLUSTER_WRITE_NODE=a                    (default: the first node)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { LedeError } from '../errors.ts';

export interface ClusterNode {
  /** The node's name in the Meilisearch network (`self`, `remotes` keys). */
  name: string;
  /** Base URL, without a trailing slash. */
  url: string;
  /** Master or admin key of this node; undefined for a node without keys. */
  adminKey: string | undefined;
}

export interface ClusterConfig {
  nodes: ClusterNode[];
  /** Name of the node documents are sent to (Meilisearch forwards each one to its shard). */
  writeNode: string;
}

const NODE_NAME = /^[A-Za-z0-9_-]{1,64}$/;

const nodeSchema = z.object({
  name: z.string().regex(NODE_NAME, 'node names are 1-64 letters, digits, - or _'),
  url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).transform((u) => u.replace(/\/+$/, '')),
  adminKey: z.string().min(1).optional(),
});

const fileSchema = z.strictObject({
  nodes: z.array(nodeSchema).min(1, 'a cluster needs at least one node'),
  writeNode: z.string().optional(),
});

/** The environment variable holding one node's key: LEDE_CLUSTER_KEY_<NAME> (upper case, - → _). */
export function nodeKeyVariable(name: string): string {
  return `LEDE_CLUSTER_KEY_${name.toUpperCase().replace(/-/g, '_')}`;
}

function describe(issues: z.core.$ZodIssue[]): string {
  return issues.map((issue) => `${issue.path.join('.') || 'value'}: ${issue.message}`).join('; ');
}

function finish(source: string, nodes: ClusterNode[], writeNode: string | undefined): ClusterConfig {
  const names = new Set<string>();
  const urls = new Set<string>();
  for (const node of nodes) {
    if (names.has(node.name)) throw new LedeError('invalid_cluster_config', `${source}: node name "${node.name}" is used twice.`);
    if (urls.has(node.url)) throw new LedeError('invalid_cluster_config', `${source}: URL ${node.url} is used by two nodes.`);
    names.add(node.name);
    urls.add(node.url);
  }
  const write = writeNode ?? nodes[0]!.name;
  if (!names.has(write)) {
    throw new LedeError('invalid_cluster_config', `${source}: write node "${write}" is not one of the nodes (${[...names].join(', ')}).`);
  }
  return { nodes, writeNode: write };
}

/** Parses `a=http://…,b=http://…` into names and URLs. */
function parseNodeList(value: string): Array<{ name: string; url: string }> {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const at = part.indexOf('=');
      if (at <= 0) {
        throw new LedeError('invalid_cluster_config', `LEDE_CLUSTER_NODES: expected NAME=URL, got "${part}".`);
      }
      return { name: part.slice(0, at).trim(), url: part.slice(at + 1).trim() };
    });
}

function fromEnvironment(env: NodeJS.ProcessEnv): ClusterConfig {
  const shared = env['LEDE_CLUSTER_KEY'] || undefined;
  const raw = parseNodeList(env['LEDE_CLUSTER_NODES'] ?? '').map((node) => ({
    ...node,
    adminKey: env[nodeKeyVariable(node.name)] || shared,
  }));
  const parsed = z.array(nodeSchema).min(1, 'a cluster needs at least one node').safeParse(raw);
  if (!parsed.success) throw new LedeError('invalid_cluster_config', `LEDE_CLUSTER_NODES: ${describe(parsed.error.issues)}`);
  const nodes = parsed.data.map((n) => ({ name: n.name, url: n.url, adminKey: n.adminKey }));
  return finish('LEDE_CLUSTER_NODES', nodes, env['LEDE_CLUSTER_WRITE_NODE'] || undefined);
}

function fromFile(file: string, env: NodeJS.ProcessEnv): ClusterConfig {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new LedeError('invalid_cluster_config', `LEDE_CLUSTER_FILE=${file}: cannot read it as JSON (${(error as Error).message}).`, {
      cause: error,
    });
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) throw new LedeError('invalid_cluster_config', `LEDE_CLUSTER_FILE=${file}: ${describe(parsed.error.issues)}`);
  const nodes = parsed.data.nodes.map((n) => ({ name: n.name, url: n.url, adminKey: n.adminKey }));
  return finish(`LEDE_CLUSTER_FILE=${file}`, nodes, env['LEDE_CLUSTER_WRITE_NODE'] || parsed.data.writeNode);
}

/**
 * The cluster configuration, or undefined when Lede runs on a single Meilisearch.
 * Throws a LedeError `invalid_cluster_config` saying what is wrong.
 */
export function loadClusterConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ClusterConfig | undefined {
  const file = env['LEDE_CLUSTER_FILE'];
  const list = env['LEDE_CLUSTER_NODES'];
  if (file && list) throw new LedeError('invalid_cluster_config', 'Set LEDE_CLUSTER_FILE or LEDE_CLUSTER_NODES, not both.');
  if (file) return fromFile(path.resolve(cwd, file), env);
  if (list) return fromEnvironment(env);
  return undefined;
}

/** Serialises a cluster for LEDE_CLUSTER_FILE (keys included: write it with mode 0600). */
export function clusterFileContent(config: ClusterConfig): string {
  return `${JSON.stringify({ nodes: config.nodes, writeNode: config.writeNode }, null, 2)}\n`;
}
