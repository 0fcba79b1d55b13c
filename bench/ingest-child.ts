/**
 * The ingester as a child process of the benchmark, so its peak memory (VmHWM / maxRSS) is its
 * own and its time is not shared with the parent's event loop.
 *
 * Modes (one JSON argument, see ChildTask):
 * - `pipeline`: source → parse → normalise → enrich into a null sink (optionally writing the
 *   prepared documents as NDJSON, for the bare indexing run);
 * - `index`: the real `ingest()` into Meilisearch.
 * Reports a ChildReport over IPC.
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { ingest } from '../ingest/ingest.ts';
import { runPipeline } from '../ingest/pipeline.ts';
import { createMeiliClient } from '../src/meili/client.ts';

export type ChildTask =
  | { mode: 'pipeline'; inputs: string[]; preparedFile?: string; maxSeconds?: number }
  | { mode: 'index'; inputs: string[]; meiliUrl: string; apiKey: string; index: string; batchSize: number };

export interface ChildReport {
  articles: number;
  problems: number;
  seconds: number;
  /** CPU time of the process (all threads), seconds. */
  cpuSeconds: number;
  /** Fraction of wall time the event loop was busy (the rest it waited: I/O, Meilisearch). */
  eventLoopUtilization: number;
  /** VmHWM (peak resident set), MB. */
  peakRssMB: number;
  /** Resident set while running: at 1k, 10k, every 10k up to 100k, then every 100k articles. */
  rssSamples: Array<{ articles: number; rssMB: number }>;
  /** True when `maxSeconds` ended the run before the inputs did. */
  truncated: boolean;
}

function status(field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) / 1024;
  } catch {
    // Not Linux: fall back below.
  }
  return field === 'VmHWM' ? process.resourceUsage().maxRSS / 1024 : process.memoryUsage.rss() / 2 ** 20;
}

const mb = (value: number) => Math.round(value * 10) / 10;

async function run(task: ChildTask): Promise<ChildReport> {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const eluStart = performance.eventLoopUtilization();
  const rssSamples: ChildReport['rssSamples'] = [];
  let nextSample = 1000;
  const sample = (articles: number) => {
    if (articles < nextSample) return;
    rssSamples.push({ articles, rssMB: mb(status('VmRSS')) });
    nextSample = nextSample < 10_000 ? nextSample * 10 : nextSample < 100_000 ? nextSample + 10_000 : nextSample + 100_000;
  };
  let articles = 0;
  let problems = 0;
  let truncated = false;

  if (task.mode === 'pipeline') {
    const out = task.preparedFile ? createWriteStream(task.preparedFile) : undefined;
    const deadline = task.maxSeconds ? started + task.maxSeconds * 1000 : Infinity;
    const controller = new AbortController();
    for await (const event of runPipeline(task.inputs, { signal: controller.signal })) {
      if (event.type === 'article') {
        articles++;
        if (out && !out.write(`${JSON.stringify(event.article)}\n`)) await once(out, 'drain');
        sample(articles);
        if ((articles & 255) === 0 && performance.now() > deadline) {
          truncated = true;
          controller.abort();
        }
      } else if (event.severity === 'error') {
        problems++;
      }
    }
    if (out) {
      out.end();
      await once(out, 'finish');
    }
  } else {
    const client = createMeiliClient(task.meiliUrl, task.apiKey);
    const report = await ingest(task.inputs, {
      client,
      index: task.index,
      sink: { batchSize: task.batchSize },
      onProgress: ({ read }) => sample(read),
    });
    articles = report.indexed;
    problems = report.failed.length + report.unindexed;
  }

  const cpu = process.cpuUsage(cpuStart);
  return {
    articles,
    problems,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    eventLoopUtilization: Math.round(performance.eventLoopUtilization(eluStart).utilization * 1000) / 1000,
    peakRssMB: mb(status('VmHWM')),
    rssSamples,
    truncated,
  };
}

if (process.send) {
  const task = JSON.parse(process.argv[2] ?? '{}') as ChildTask;
  run(task).then(
    (report) => process.send!({ report }, () => process.exit(0)),
    (error: unknown) => process.send!({ error: (error as Error).stack ?? String(error) }, () => process.exit(1)),
  );
}
