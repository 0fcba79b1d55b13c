/** What Linux's /proc and Lede's state file say of a process: its pid, its CPU time. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The pid of the managed Meilisearch of a data dir (from the state file Lede keeps there). */
export function serverPid(dataDir: string): number | undefined {
  try {
    return (JSON.parse(readFileSync(path.join(dataDir, 'lede-server.json'), 'utf8')) as { pid: number }).pid;
  } catch {
    return undefined;
  }
}

/** User + system CPU seconds of a process so far (Linux /proc; NaN elsewhere). */
export function cpuSecondsOf(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    // After "pid (comm) ": state is field 3, so utime (14) and stime (15) are at 11 and 12.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}
