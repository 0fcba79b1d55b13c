/** Forks the benchmark's child processes (same TypeScript loader as the parent) and talks to them over IPC. */
import { buildRuntime } from './cli-timing.ts';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildReport, ChildTask } from './ingest-child.ts';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** Node flags that load TypeScript: the parent's when it runs under tsx, else tsx's loader (e.g. under vitest). */
export function typeScriptExecArgv(): string[] {
  return process.execArgv.some((flag) => flag.includes('tsx')) ? [...process.execArgv] : ['--import', 'tsx'];
}

/** Runs one ingest task in a child process and returns its report. */
export function runIngestChild(task: ChildTask): Promise<ChildReport> {
  const child = fork(here('./ingest-child.ts'), [JSON.stringify(task)], {
    // The same bounded heap as the `lede` command (bin/lede.mjs).
    execArgv: [...typeScriptExecArgv(), '--max-old-space-size=256'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let settled = false;
    child.on('message', (message: { report?: ChildReport; error?: string }) => {
      settled = true;
      if (message.report) resolve(message.report);
      else reject(new Error(`The ingest child failed: ${message.error}`));
    });
    child.on('exit', (code, signal) => {
      if (!settled) reject(new Error(`The ingest child exited (${signal ?? code}) without a report.`));
    });
  });
}

export interface ApiServerChild {
  url: string;
  /** Process id of the child (for memory readings). */
  pid: number;
  /** Stops the server with a normal exit (so a CPU profile is written). */
  stop(): Promise<void>;
}

/** Starts the Lede API in a child process; `cpuProfileDir` turns on `--cpu-prof` there. */
export function startApiServer(options: {
  meiliUrl: string;
  index: string;
  searchKey?: string | undefined;
  cpuProfileDir?: string | undefined;
  /** Facet lanes (src/search/facet-lanes.ts), as LEDE_FACET_LANES. Default: true. */
  facetLanes?: boolean;
}): Promise<ApiServerChild> {
  const args = ['--meili-url', options.meiliUrl, '--index', options.index];
  if (options.searchKey) args.push('--search-key', options.searchKey);
  if (options.facetLanes === false) args.push('--facet-lanes', 'false');
  buildRuntime();
  const execArgv = options.cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir] : [];
  const child: ChildProcess = fork(here('./api-server.mjs'), args, { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`The API server child exited (${code}) before listening.`));
    child.once('exit', onExit);
    child.once('message', (message: { port: number }) => {
      child.off('exit', onExit);
      resolve({
        url: `http://127.0.0.1:${message.port}`,
        pid: child.pid!,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.once('exit', () => {
              clearTimeout(timer);
              done();
            });
            child.send('stop');
          }),
      });
    });
  });
}
