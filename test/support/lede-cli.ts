/** Runs the real `lede` command (bin/lede.mjs) as a child process, as a user would. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const LEDE_BIN = fileURLToPath(new URL('../../bin/lede.mjs', import.meta.url));

export interface CliRun {
  child: ChildProcess;
  /** Resolves when the process exits, with its code (null when killed by a signal) and output. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  /** Output so far. */
  output(): { stdout: string; stderr: string };
}

/** The environment of a run: the parent's, without any MEILI_/LEDE_ setting, plus `env`. */
export function cliEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(MEILI_|LEDE_)/.test(key)));
  return { ...clean, ...env };
}

/** Starts `lede ARGS...` in `cwd` with `env` (see cliEnv). */
export function startLede(args: string[], options: { cwd: string; env: Record<string, string>; detached?: boolean }): CliRun {
  const child = spawn(process.execPath, [LEDE_BIN, ...args], {
    cwd: options.cwd,
    env: cliEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done, output: () => ({ stdout, stderr }) };
}

/** Runs `lede ARGS...` to the end. */
export function runLede(args: string[], options: { cwd: string; env: Record<string, string> }) {
  return startLede(args, options).done;
}
