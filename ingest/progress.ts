/** Progress bars on a terminal (cli-progress) for ingest and retag; silent when stderr is not a TTY. */
import cliProgress from 'cli-progress';

export interface Progress {
  update(counts: { read: number; indexed: number; failed: number }): void;
  stop(): void;
}

export function createProgress(stream: NodeJS.WriteStream): Progress {
  if (!stream.isTTY) return { update: () => {}, stop: () => {} };
  const started = Date.now();
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: 'read {read} | indexed {indexed} | failed {failed} | {rate} articles/s',
      hideCursor: true,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(0, 0, { read: 0, indexed: 0, failed: 0, rate: 0 });
  return {
    update: ({ read, indexed, failed }) => {
      const rate = Math.round(read / Math.max(0.001, (Date.now() - started) / 1000));
      bar.update(0, { read, indexed, failed, rate });
    },
    stop: () => bar.stop(),
  };
}

export interface RetagProgressBar {
  update(counts: { read: number; total: number; changed: number; failed: number }): void;
  stop(): void;
}

/** A bar over the documents of the index: read / total, with the changed and failed counts. */
export function createRetagProgress(stream: NodeJS.WriteStream): RetagProgressBar {
  if (!stream.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: 'retag [{bar}] {value}/{total} documents | changed {changed} | failed {failed} | eta {eta_formatted}',
      hideCursor: true,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: ({ read, total, changed, failed }) => {
      if (!started) {
        bar.start(total, 0, { changed: 0, failed: 0 });
        started = true;
      }
      bar.setTotal(Math.max(total, read));
      bar.update(read, { changed, failed });
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

/** A bar over the queries of `lede batch`: done / total. */
export function createBatchProgress(stream: NodeJS.WriteStream): { update(done: number, total: number): void; stop(): void } {
  if (!stream.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { stream, format: 'batch [{bar}] {value}/{total} queries | eta {eta_formatted}', hideCursor: true, fps: 5 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (done, total) => {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
