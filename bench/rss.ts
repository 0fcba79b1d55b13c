/** Resident memory of another process (Linux /proc), read once or sampled over a run. */
import { readFileSync } from 'node:fs';

/** VmRSS of a process in MB, or NaN when it cannot be read (not Linux, process gone). */
export function rssMB(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round((Number(match[1]) / 1024) * 10) / 10 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

export interface RssSampler {
  /** Stops sampling; the highest reading (NaN when none could be read) and the number of readings. */
  stop(): { peakMB: number; samples: number };
}

/** Reads a process's RSS every `intervalMs` until stopped. */
export function sampleRss(pid: number, intervalMs = 100): RssSampler {
  let peak = Number.NaN;
  let samples = 0;
  const read = () => {
    const mb = rssMB(pid);
    if (Number.isNaN(mb)) return;
    samples++;
    if (!(mb <= peak)) peak = mb;
  };
  read();
  const timer = setInterval(read, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      read();
      return { peakMB: peak, samples };
    },
  };
}
