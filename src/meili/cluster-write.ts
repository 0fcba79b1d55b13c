/**
 * A Meilisearch client for writing to a sharded cluster, for the ingest sink.
 *
 * Requests go to the configured write node (Meilisearch forwards each document to its shard);
 * when that node does not answer they go to the next node that does. Documents are only sent
 * when every node answers /health: in 1.21 a document belongs to exactly one shard and a write
 * whose shard node is down is accepted but silently loses that share. A refused send is a
 * request error, which the sink retries with backoff and finally reports as unindexed (resume
 * file). A finished task that lists a failed forward (`network.remote_tasks[*].error`) is
 * reported the same way, so the batch is sent again (upserts by id make that safe).
 *
 * The write node's task succeeds once it has forwarded the shares (`network.remote_tasks`: the
 * task uid each node enqueued), not once those nodes have processed them. With `waitForShares`
 * a task reads as `processing` until every remote task has finished, so a caller waiting for it
 * can read its write back on every shard (read your writes: the saved-searches store); a remote
 * task that failed makes it `failed`. The ingest does without: it needs no read after its
 * writes, and waiting made `lede ingest` of bbc-dev on 3 local nodes 1.3-1.6x slower.
 * Task uids are per node: the uids handed to the client are made unique and mapped back here.
 */
import { Meilisearch, MeilisearchRequestError } from 'meilisearch';
import type { ClusterConfig, ClusterNode } from './cluster-config.ts';
import { createKeepAliveHttpClient, type MeiliHttpClient } from './http-client.ts';
import { isHealthy } from './health.ts';
import { LedeError } from '../errors.ts';

export interface ClusterWriteOptions {
  /** How long a /health check of the nodes is trusted, in ms. Default: 2,000. */
  healthTtlMs?: number;
  /** A task is done only once every node has processed its share too (read your writes). Default: false. */
  waitForShares?: boolean;
  log?: (line: string) => void;
}

export interface ClusterWriter {
  /** The client to give to `ingest()` / MeiliSink. */
  client: Meilisearch;
  /** Name of the node writes currently go to. */
  currentNode(): string;
}

const DOCUMENT_WRITE = /^\/indexes\/[^/]+\/documents(?:\/|$)/;
const TASK_PATH = /^\/tasks\/(\d+)$/;

interface TaskAnswer {
  uid?: number;
  taskUid?: number;
  status?: string;
  network?: { remote_tasks?: Record<string, { taskUid?: number | null; error?: { message?: string } | null }> };
  error?: unknown;
}

const FINISHED = new Set(['succeeded', 'failed', 'canceled']);

export function createClusterWriter(cluster: ClusterConfig, options: ClusterWriteOptions = {}): ClusterWriter {
  const log = options.log ?? (() => {});
  const http = createKeepAliveHttpClient();
  const ttl = options.healthTtlMs ?? 2_000;
  let current = cluster.nodes.findIndex((n) => n.name === cluster.writeNode);
  let checked = { at: 0, down: [] as string[] };
  /** Unique task uid handed to the client → the node and its own uid. */
  const tasks = new Map<number, { node: ClusterNode; uid: number }>();
  let nextTask = 1;
  /** Remote tasks (`node/uid`) seen finished: not asked again. */
  const finishedRemote = new Map<string, TaskAnswer>();

  async function nodesDown(): Promise<string[]> {
    if (Date.now() - checked.at < ttl) return checked.down;
    const health = await Promise.all(cluster.nodes.map((n) => isHealthy(n.url, 1500)));
    checked = { at: Date.now(), down: cluster.nodes.filter((_, i) => !health[i]).map((n) => n.name) };
    return checked.down;
  }

  function send(node: ClusterNode, url: URL, init: RequestInit, path: string): Promise<unknown> {
    const target = new URL(path + url.search, node.url);
    const headers = new Headers(init.headers);
    if (node.adminKey) headers.set('authorization', `Bearer ${node.adminKey}`);
    else headers.delete('authorization');
    return http(target.toString(), { ...init, headers });
  }

  /** The tasks the other nodes enqueued for their shares of a finished task of `node`. */
  async function remoteStates(node: ClusterNode, answer: TaskAnswer, url: URL, init: RequestInit): Promise<TaskAnswer[]> {
    const remotes = Object.entries(answer.network?.remote_tasks ?? {}).filter(
      ([name, t]) => name !== node.name && typeof t?.taskUid === 'number',
    );
    return Promise.all(
      remotes.map(async ([name, t]) => {
        const key = `${name}/${t.taskUid}`;
        const known = finishedRemote.get(key);
        if (known) return known;
        const other = cluster.nodes.find((n) => n.name === name);
        if (!other) return { status: 'succeeded' };
        const state = (await send(other, url, { ...init, method: 'GET', body: null }, `/tasks/${t.taskUid}`)) as TaskAnswer;
        if (FINISHED.has(state.status ?? '')) finishedRemote.set(key, state);
        return state;
      }),
    );
  }

  const httpClient: MeiliHttpClient = async (input, init = {}) => {
    const url = new URL(input instanceof Request ? input.url : input);
    const method = (init.method ?? 'GET').toUpperCase();
    const task = TASK_PATH.exec(url.pathname);
    if (task) {
      const entry = tasks.get(Number(task[1]));
      if (entry) {
        const answer = (await send(entry.node, url, init, `/tasks/${entry.uid}`)) as TaskAnswer;
        const failed = Object.entries(answer.network?.remote_tasks ?? {}).filter(([, t]) => t?.error);
        if (answer.status === 'succeeded' && failed.length) {
          const names = failed.map(([name, t]) => `${name} (${t.error?.message ?? 'error'})`).join(', ');
          throw new LedeError('shard_unavailable', `cluster node(s) ${names} did not receive their share of the batch`);
        }
        if (answer.status === 'succeeded' && options.waitForShares) {
          const remote = await remoteStates(entry.node, answer, url, init);
          const failedRemote = remote.find((r) => r.status === 'failed' || r.status === 'canceled');
          if (failedRemote) return { ...answer, uid: Number(task[1]), status: 'failed', error: failedRemote.error ?? null };
          if (remote.some((r) => !FINISHED.has(r.status ?? ''))) return { ...answer, uid: Number(task[1]), status: 'processing' };
        }
        return { ...answer, uid: Number(task[1]) };
      }
    }
    if (method !== 'GET' && DOCUMENT_WRITE.test(url.pathname)) {
      const down = await nodesDown();
      if (down.length) {
        throw new LedeError(
          'shard_unavailable',
          `cluster node(s) ${down.join(', ')} down: their shard cannot receive documents, so none are sent`,
        );
      }
    }
    let lastError: unknown;
    for (let i = 0; i < cluster.nodes.length; i++) {
      const at = (current + i) % cluster.nodes.length;
      const node = cluster.nodes[at]!;
      try {
        const answer = await send(node, url, init, url.pathname);
        if (at !== current) {
          log(`Cluster node ${cluster.nodes[current]!.name} does not answer: writing through ${node.name}.`);
          current = at;
        }
        const taskUid = (answer as TaskAnswer | undefined)?.taskUid;
        if (typeof taskUid === 'number') {
          const uid = nextTask++;
          tasks.set(uid, { node, uid: taskUid });
          return { ...(answer as object), taskUid: uid };
        }
        return answer;
      } catch (error) {
        // An answer from Meilisearch (MeilisearchApiError) is final; only an unreachable node fails over.
        if (!(error instanceof MeilisearchRequestError)) throw error;
        lastError = error;
      }
    }
    throw lastError;
  };

  const writeNode = cluster.nodes[current]!;
  return {
    client: new Meilisearch({ host: writeNode.url, apiKey: writeNode.adminKey, httpClient, clientAgents: ['Lede'] }),
    currentNode: () => cluster.nodes[current]!.name,
  };
}
