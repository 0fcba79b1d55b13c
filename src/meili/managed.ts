/**
 * A local Meilisearch that Lede starts, supervises and stops.
 *
 * The data dir holds the database, the generated master key (mode 0600) and a state file
 * naming the running server, so a second Lede process (e.g. `lede ingest` while `npm start`
 * is up) reuses that server instead of starting another one on the same data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { isHealthy } from './health.ts';
import { LedeError } from '../errors.ts';

export interface ManagedMeiliOptions {
  /** Meilisearch binary path. */
  bin: string;
  /** Database and key directory; created when missing. */
  dataDir: string;
  /** Port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** Restart the server when it dies unexpectedly. Default: true. */
  restartOnCrash?: boolean;
  /** Milliseconds to wait for `/health`. Default: 30,000. */
  startTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface ManagedMeili {
  url: string;
  masterKey: string;
  /** True when this process started the server (false when it reused a running one). */
  owned: boolean;
  /** Stops the server if this process owns it; idempotent. */
  stop(): Promise<void>;
}

interface ServerState {
  pid: number;
  url: string;
}

const STATE_FILE = 'lede-server.json';
const KEY_FILE = 'master-key';

/** Reads the master key of a data dir, generating it (owner-only permissions) on first use. */
export function ensureMasterKey(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, KEY_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = randomBytes(32).toString('base64url');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}

/** True while a process with this pid exists. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The server another Lede process runs on this data dir, if it is alive and healthy. */
export async function findRunningServer(dataDir: string): Promise<ServerState | undefined> {
  const file = path.join(dataDir, STATE_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as ServerState;
    if (processAlive(state.pid) && (await isHealthy(state.url))) return state;
  } catch {
    // Stale state from a process that is gone.
  }
  return undefined;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reuses the server running on `dataDir`, or starts one and supervises it. */
export async function startManagedMeili(options: ManagedMeiliOptions): Promise<ManagedMeili> {
  const log = options.log ?? (() => {});
  const masterKey = ensureMasterKey(options.dataDir);
  const running = await findRunningServer(options.dataDir);
  if (running) {
    log(`Using the Meilisearch already running on ${running.url} (pid ${running.pid}).`);
    return { url: running.url, masterKey, owned: false, stop: async () => {} };
  }

  const port = options.port === 0 ? await freePort() : options.port;
  if (!(await portIsFree(port))) {
    throw new LedeError(
      'meili_start_failed',
      `Port ${port} is already in use, so Lede cannot start its own Meilisearch there: ` +
        `set MEILI_PORT to a free port, or MEILI_URL (+ MEILI_MASTER_KEY) to use the server on it.`,
    );
  }
  const url = `http://127.0.0.1:${port}`;
  // `--name=value` form, so no value can be misread as a flag.
  const args = [
    `--db-path=${path.join(options.dataDir, 'data.ms')}`,
    `--dump-dir=${path.join(options.dataDir, 'dumps')}`,
    `--snapshot-dir=${path.join(options.dataDir, 'snapshots')}`,
    `--http-addr=127.0.0.1:${port}`,
    '--no-analytics',
    '--env=development',
    '--log-level=WARN',
  ];

  let child: ChildProcess | undefined;
  let stopping = false;
  let stderrTail = '';
  const restarts: number[] = [];

  const launch = () => {
    stderrTail = '';
    // The key goes through the environment (readable only by the owner), not argv (visible in `ps`).
    // Its own process group: a terminal's Ctrl-C reaches Lede, which stops the server in order.
    const proc = spawn(options.bin, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, MEILI_MASTER_KEY: masterKey },
      detached: true,
    });
    proc.stderr?.on('data', (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString()).slice(-2000);
    });
    proc.on('exit', (code, signal) => {
      if (stopping || child !== proc) return;
      const now = Date.now();
      restarts.push(now);
      while (restarts.length && restarts[0]! < now - 60_000) restarts.shift();
      if (options.restartOnCrash !== false && restarts.length <= 5) {
        log(`Meilisearch exited (${signal ?? code}); restarting it.`);
        setTimeout(() => {
          if (!stopping) launch();
        }, 500);
      } else {
        log(`Meilisearch exited (${signal ?? code}) and is not restarted again.`);
      }
    });
    child = proc;
    writeFileSync(path.join(options.dataDir, STATE_FILE), JSON.stringify({ pid: proc.pid, url }));
    return proc;
  };

  const first = launch();
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    process.off('exit', killOnExit);
    const proc = child;
    rmSync(path.join(options.dataDir, STATE_FILE), { force: true });
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  // Last resort for a process that exits without calling stop(): never leave an orphan.
  const killOnExit = () => {
    child?.kill('SIGKILL');
    rmSync(path.join(options.dataDir, STATE_FILE), { force: true });
  };
  process.on('exit', killOnExit);

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  while (!(await isHealthy(url, 500))) {
    if (first.exitCode !== null || first.signalCode !== null) {
      await stop();
      const reason = stderrTail.trim().split('\n').pop() ?? '';
      throw new LedeError('meili_start_failed', `Meilisearch (${options.bin}) exited at start: ${reason || `code ${first.exitCode}`}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new LedeError(
        'meili_start_failed',
        `Meilisearch did not become healthy on ${url} within ${options.startTimeoutMs ?? 30_000} ms.`,
      );
    }
    await sleep(100);
  }
  log(`Started Meilisearch on ${url} (data in ${options.dataDir}).`);
  return { url, masterKey, owned: true, stop };
}
