/**
 * Wall times of the commands a user waits for (issue 15): `lede --help`, `lede extract one.txt`
 * and `npm start` until "Lede is ready" on an existing index, each the median of a few runs of
 * the compiled runtime (dist/, brought up to date first with `tsc -b tsconfig.build.json`, as
 * `npm start` and `npm run lede` do). Commands run in a scratch dir with a clean Lede/Meilisearch
 * environment, so no `.env` or data dir of the checkout is read.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { freePort, processAlive } from '../src/meili/managed.ts';
import { serverPid } from './proc.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LEDE = path.join(ROOT, 'bin', 'lede.mjs');
const START = path.join(ROOT, 'dist', 'start', 'main.js');

export interface CliResults {
  /** Runs per command (the figures are medians). */
  runs: number;
  /** `tsc -b tsconfig.build.json` before the runs (incremental: seconds when dist/ was up to date). */
  buildSeconds: number;
  helpSeconds: number;
  extractSeconds: number;
  /** `node dist/start/main.js` to "Lede is ready", starting its own Meilisearch on the bench index's data dir. */
  startSeconds?: number;
  /** The same with the bench's Meilisearch already running (MEILI_URL + master key). */
  startRunningMeiliSeconds?: number;
  samples: Record<'help' | 'extract' | 'start' | 'startRunningMeili', number[]>;
}

const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The environment without any Lede, Meilisearch or server setting of the caller, plus `extra`. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(LEDE_|MEILI_)/.test(name) && name !== 'PORT' && name !== 'HOST'),
  );
  return { ...env, ...extra };
}

/** Brings dist/ up to date (`tsc -b tsconfig.build.json`); returns the seconds it took. */
export function buildRuntime(): number {
  const started = performance.now();
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const out = spawnSync(process.execPath, [tsc, '-b', path.join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`tsc -b tsconfig.build.json failed: ${(out.stdout + out.stderr).slice(0, 1000)}`);
  if (!existsSync(START)) throw new Error(`The build did not write ${START}.`);
  return (performance.now() - started) / 1000;
}

function timeCommand(args: string[], cwd: string, env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const out = spawnSync(process.execPath, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  if (out.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${out.status}: ${out.stderr.slice(-500)}`);
  return seconds;
}

/** Starts the compiled server, resolves the seconds until it logs "Lede is ready", then stops it (SIGTERM) and waits for its exit. */
export function timeStart(cwd: string, env: NodeJS.ProcessEnv, dataDir?: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [START], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  return new Promise<number>((resolve, reject) => {
    let ready: number | undefined;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      // Its Meilisearch (own process group) would outlive a SIGKILL: stop it by the pid it recorded.
      if (dataDir) {
        const pid = serverPid(dataDir);
        // No state file: nothing started.
        if (pid !== undefined && processAlive(pid)) process.kill(pid, 'SIGTERM');
      }
    }, 120_000);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
      if (ready === undefined && stderr.includes('Lede is ready')) {
        ready = (performance.now() - started) / 1000;
        child.kill('SIGTERM');
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (ready !== undefined) resolve(ready);
      else reject(new Error(`npm start (node ${START}) exited (${signal ?? code}) before it was ready: ${stderr.slice(-500)}`));
    });
  });
}

export interface CliOptions {
  runs: number;
  /** Scratch folder (a .txt article and the working dir of the commands). */
  scratch: string;
  /** One article as plain text, for `lede extract`. */
  articleText: string;
  /** The bench's index, when there is one: the server start is timed on it. */
  index?: {
    uid: string;
    /** Meilisearch binary (for the managed start). */
    bin: string;
    url: string;
    masterKey: string;
    /** Data dir of the bench's Meilisearch. */
    dataDir: string;
    /** Stops the bench's Meilisearch (the managed start needs its data dir); undefined: it cannot be stopped here. */
    stopMeili?: () => Promise<void>;
  };
  log: (line: string) => void;
}

export async function measureCli(options: CliOptions): Promise<CliResults> {
  const { runs, scratch, log } = options;
  mkdirSync(scratch, { recursive: true });
  const buildSeconds = buildRuntime();
  log(`  tsc -b tsconfig.build.json: ${round(buildSeconds, 1)} s`);
  const article = path.join(scratch, 'one.txt');
  writeFileSync(article, options.articleText);
  const cliEnv = cleanEnv({ MEILI_DATA_DIR: path.join(scratch, 'data') });
  const lede = (...args: string[]) => ['--max-old-space-size=256', LEDE, ...args];
  const samples: CliResults['samples'] = { help: [], extract: [], start: [], startRunningMeili: [] };
  for (let i = 0; i < runs; i++) {
    samples.help.push(round(timeCommand(lede('--help'), scratch, cliEnv)));
    samples.extract.push(round(timeCommand(lede('extract', article), scratch, cliEnv)));
  }
  const results: CliResults = {
    runs,
    buildSeconds: round(buildSeconds, 1),
    helpSeconds: round(median(samples.help)),
    extractSeconds: round(median(samples.extract)),
    samples,
  };
  log(`  lede --help: ${results.helpSeconds} s; lede extract one.txt: ${results.extractSeconds} s (medians of ${runs})`);
  const index = options.index;
  if (!index) return results;
  const serverEnv = {
    LEDE_INDEX: index.uid,
    LEDE_DEMO: 'false',
    // Given, so no token file is written into the data dir.
    LEDE_ADMIN_TOKEN: randomBytes(24).toString('base64url'),
    HOST: '127.0.0.1',
    PORT: '0',
  };
  for (let i = 0; i < runs; i++) {
    const env = cleanEnv({ ...serverEnv, MEILI_URL: index.url, MEILI_MASTER_KEY: index.masterKey });
    samples.startRunningMeili.push(round(await timeStart(scratch, env)));
  }
  results.startRunningMeiliSeconds = round(median(samples.startRunningMeili));
  log(`  npm start to ready, Meilisearch already running: ${results.startRunningMeiliSeconds} s`);
  if (!index.stopMeili) {
    log('  npm start to ready with its own Meilisearch: skipped (the Meilisearch on the data dir was not started by this run).');
    return results;
  }
  await index.stopMeili();
  for (let i = 0; i < runs; i++) {
    const env = cleanEnv({
      ...serverEnv,
      MEILI_DATA_DIR: index.dataDir,
      MEILI_BIN: index.bin,
      MEILI_PORT: String(await freePort()),
    });
    samples.start.push(round(await timeStart(scratch, env, index.dataDir)));
  }
  results.startSeconds = round(median(samples.start));
  log(`  npm start to ready, starting Meilisearch on the existing index: ${results.startSeconds} s`);
  return results;
}
