/**
 * The ingest progress journal: what a run has got into Meilisearch, written as it happens, so a
 * run that dies without warning (kill -9, a crash, the machine going down) can be resumed.
 *
 * An append-only NDJSON file in the data directory, one per (index, inputs) pair. A run writes a
 * `run` line when it starts, then one `done` line per batch Meilisearch acknowledged (task
 * succeeded), listing the articles of the batch by input and position; each line is written with
 * one write(2) and flushed to disk (fdatasync) before the run goes on. The next run with the same
 * index and inputs reads it and skips those articles before normalising and enriching them. A run
 * that ends with everything read and indexed deletes the journal; an interrupted or incomplete
 * one leaves it for the next run. A torn last line (the process killed mid-write) is ignored:
 * the articles it named are simply sent again, which is safe (documents are upserted by id).
 *
 * The journal trusts that the inputs did not change in between: to start over, delete it or run
 * with `--no-resume`.
 */
import { createHash } from 'node:crypto';
import { closeSync, fdatasyncSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

/** What a resumed run reports. */
export interface ResumeInfo {
  /** The journal file read. */
  journal: string;
  /** Earlier runs of the same ingest that did not finish. */
  interruptedRuns: number;
  /** Articles those runs got indexed, skipped by this one. */
  skipped: number;
}

interface RunLine {
  run: string;
  pid: number;
}

interface DoneLine {
  done: string[];
}

/** The key of one article: where it came from. */
export function articleKey(input: string, position: string | undefined): string {
  return position === undefined ? input : `${input}\u0000${position}`;
}

/** Journal file for ingesting `inputs` into `index`, inside `dataDir`. */
export function journalFile(dataDir: string, index: string, inputs: readonly string[]): string {
  const hash = createHash('sha256')
    .update(JSON.stringify([index, ...inputs]))
    .digest('hex')
    .slice(0, 16);
  return path.join(dataDir, 'journals', `ingest-${index}-${hash}.ndjson`);
}

export class IngestJournal {
  private readonly done: Set<string>;
  private readonly interruptedRuns: number;
  private fd: number | undefined;
  private skipped = 0;

  private constructor(
    readonly file: string,
    done: Set<string>,
    interruptedRuns: number,
  ) {
    this.done = done;
    this.interruptedRuns = interruptedRuns;
  }

  /**
   * Opens the journal: reads what earlier runs recorded (none when `fresh` or when there is no
   * file) and appends this run's start line.
   */
  static open(file: string, options: { fresh?: boolean; now?: () => Date } = {}): IngestJournal {
    const done = new Set<string>();
    let runs = 0;
    if (options.fresh) rmSync(file, { force: true });
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    for (const line of text.split('\n')) {
      if (!line) continue;
      let value: Partial<RunLine & DoneLine>;
      try {
        value = JSON.parse(line) as Partial<RunLine & DoneLine>;
      } catch {
        continue; // a torn line from a killed run: its articles are sent again
      }
      if (typeof value.run === 'string') runs++;
      if (Array.isArray(value.done)) for (const key of value.done) if (typeof key === 'string') done.add(key);
    }
    mkdirSync(path.dirname(file), { recursive: true });
    const journal = new IngestJournal(file, done, runs);
    // A torn last line must not swallow the next one: start on a fresh line.
    journal.fd = openSync(file, 'a', 0o600);
    if (text && !text.endsWith('\n')) writeSync(journal.fd, '\n');
    journal.append({ run: (options.now?.() ?? new Date()).toISOString(), pid: process.pid });
    return journal;
  }

  /** True (and counted as skipped) when an earlier run got this article indexed. */
  skip(input: string, position: string | undefined): boolean {
    if (!this.done.has(articleKey(input, position))) return false;
    this.skipped++;
    return true;
  }

  /** Records a batch Meilisearch acknowledged; on disk when this returns. */
  recordIndexed(origins: ReadonlyArray<{ input: string; position?: string | undefined }>): void {
    if (origins.length === 0) return;
    this.append({ done: origins.map((o) => articleKey(o.input, o.position)) });
  }

  /** What this run resumed, or undefined when it resumed nothing. */
  resumeInfo(): ResumeInfo | undefined {
    if (this.interruptedRuns === 0) return undefined;
    return { journal: this.file, interruptedRuns: this.interruptedRuns, skipped: this.skipped };
  }

  /** Closes the file; `complete` (everything read and indexed) deletes it, else it stays for the next run. */
  close(complete: boolean): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    if (complete) rmSync(this.file, { force: true });
  }

  private append(value: RunLine | DoneLine): void {
    if (this.fd === undefined) throw new Error(`The ingest journal ${this.file} is closed.`);
    writeSync(this.fd, `${JSON.stringify(value)}\n`);
    fdatasyncSync(this.fd);
  }
}
