/**
 * Circuit breakers for the nodes of a cluster, so that a node that is alive but does not answer
 * (a stopped process, a full disk, a network black hole) costs one slow search, not every search.
 *
 * A hung node hurts twice in a federated search: as the node the query is sent to, and as a
 * remote the coordinating node waits for (Meilisearch waits longer than the client's timeout, so
 * every coordinator times out and the search fails after nodes × timeout). Hence:
 *
 * - `watch(run)` runs one request; if it has not answered after `slowMs`, every node's `/health`
 *   is probed (`probeTimeoutMs`, one probe round shared by all waiting requests). A node that
 *   does not answer its probe is opened; if the request involved it, the request is aborted and
 *   the caller resends it without that node (`NodesOpenedError`).
 * - `partition(nodes)` splits nodes into those to use and those whose breaker is open: the
 *   searcher leaves the open ones out of the query and names them as missing (partial answer).
 * - An open node is probed in the background every `probeIntervalMs`; the first healthy answer
 *   closes the breaker, and answers are complete again.
 *
 * Closed → open on a failed probe; open → closed on a successful one. No half-open state is
 * needed: the probe is the trial request.
 */
import http from 'node:http';
import https from 'node:https';
import { LedeError } from '../errors.ts';

export interface BreakerOptions {
  /**
   * A request slower than this triggers a health probe of every node, in milliseconds.
   * @default 1_000
   */
  slowMs?: number;
  /**
   * Time a node has to answer `/health` before its breaker opens, in milliseconds.
   * @default 700
   */
  probeTimeoutMs?: number;
  /**
   * Interval of the background probe of an open node, in milliseconds.
   * @default 1_000
   */
  probeIntervalMs?: number;
  /**
   * Resolves true when the node at `url` answers `/health` within `timeoutMs`. Injected for tests.
   * @default GET {url}/health over node:http(s)
   */
  probe?: (url: string, timeoutMs: number) => Promise<boolean>;
  /** Told when a breaker opens or closes. @default nothing */
  log?: (line: string) => void;
}

/** A request abandoned because a node it involved was found hung; resend it without `nodes`. */
export class NodesOpenedError extends LedeError {
  override name = 'NodesOpenedError';
  constructor(readonly nodes: string[]) {
    super('nodes-open', `Cluster node(s) ${nodes.join(', ')} do not answer /health; their circuit is open.`);
  }
}

export interface ClusterBreakers {
  /** The nodes to use now, and the names of those left out because their breaker is open. */
  partition<T extends { name: string }>(nodes: readonly T[]): { live: T[]; open: string[] };
  /**
   * Runs a request involving the nodes `involved` (all, by default). Rejects with
   * NodesOpenedError (after aborting `run`'s signal) when one of them is found hung while it waits.
   */
  watch<T>(run: (signal: AbortSignal) => Promise<T>, involved?: readonly string[]): Promise<T>;
  /** True when the node's breaker is open. */
  isOpen(name: string): boolean;
  /** Probes every closed node now (shared with concurrent callers); resolves with the nodes it opened. */
  probeAll(): Promise<string[]>;
  /** Stops the background probes. */
  close(): void;
}

interface NodeState {
  name: string;
  url: string;
  open: boolean;
  timer?: NodeJS.Timeout;
}

/** Breakers for the given nodes. */
export function createClusterBreakers(nodes: ReadonlyArray<{ name: string; url: string }>, options: BreakerOptions = {}): ClusterBreakers {
  const slowMs = positive('slowMs', options.slowMs, 1_000);
  const probeTimeoutMs = positive('probeTimeoutMs', options.probeTimeoutMs, 700);
  const probeIntervalMs = positive('probeIntervalMs', options.probeIntervalMs, 1_000);
  const probe = options.probe ?? healthProbe;
  const log = options.log ?? (() => {});
  const states = new Map<string, NodeState>(nodes.map((node) => [node.name, { name: node.name, url: node.url, open: false }]));
  let round: Promise<string[]> | undefined;

  function open(state: NodeState): void {
    if (state.open) return;
    state.open = true;
    log(
      `Cluster node ${state.name} (${state.url}) does not answer /health within ${probeTimeoutMs} ms: left out of searches until it does.`,
    );
    const check = async (): Promise<void> => {
      if (await probe(state.url, probeTimeoutMs)) {
        state.open = false;
        state.timer = undefined;
        log(`Cluster node ${state.name} answers again: back in searches.`);
        return;
      }
      state.timer = setTimeout(() => void check(), probeIntervalMs).unref();
    };
    state.timer = setTimeout(() => void check(), probeIntervalMs).unref();
  }

  function probeAll(): Promise<string[]> {
    round ??= (async () => {
      const closed = [...states.values()].filter((state) => !state.open);
      const healthy = await Promise.all(closed.map((state) => probe(state.url, probeTimeoutMs)));
      const opened = closed.filter((_, i) => !healthy[i]);
      opened.forEach(open);
      return opened.map((state) => state.name);
    })().finally(() => (round = undefined));
    return round;
  }

  return {
    partition(list) {
      const live = list.filter((node) => !states.get(node.name)?.open);
      return { live, open: list.filter((node) => states.get(node.name)?.open).map((node) => node.name) };
    },
    isOpen: (name) => states.get(name)?.open ?? false,
    probeAll,
    watch(run, involved) {
      const controller = new AbortController();
      const names = new Set(involved ?? states.keys());
      return new Promise((resolve, reject) => {
        let settled = false;
        const settle = (fn: () => void): void => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          fn();
        };
        const timer = setTimeout(() => {
          void probeAll().then(() => {
            const hung = [...names].filter((name) => states.get(name)?.open);
            if (hung.length === 0) return;
            settle(() => reject(new NodesOpenedError(hung)));
            controller.abort(new NodesOpenedError(hung));
          });
        }, slowMs);
        timer.unref();
        run(controller.signal).then(
          (value) => settle(() => resolve(value)),
          (error: unknown) => settle(() => reject(error)),
        );
      });
    },
    close() {
      for (const state of states.values()) clearTimeout(state.timer);
    },
  };
}

/** GET {url}/health: true on 200 within `timeoutMs` (a fresh connection, so a hung keep-alive socket cannot fake it). */
export function healthProbe(url: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const target = new URL('/health', url);
    const transport = target.protocol === 'https:' ? https : http;
    const req = transport.request(target, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(false));
    req.end();
  });
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0)
    throw new TypeError(`Expected \`${name}\` to be a positive number of milliseconds, got \`${String(value)}\` (${typeof value})`);
  return value;
}
