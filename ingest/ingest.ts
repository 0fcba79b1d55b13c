/**
 * Ingest: the pipeline's articles into the sink, problems into the report and the dead-letter
 * file. The one place that joins parse/normalise/enrich with indexing.
 */
import type { Meilisearch } from 'meilisearch';
import type { IngestJournal } from './journal.ts';
import { runPipeline, type PipelineOptions } from './pipeline.ts';
import { LazyNdjsonWriter, type IngestReport } from './report.ts';
import { MeiliSink, type SinkOptions } from './sink.ts';
import type { Problem } from './types.ts';

export interface IngestOptions {
  client: Meilisearch;
  index: string;
  pipeline?: PipelineOptions;
  sink?: Omit<SinkOptions, 'onIndexed' | 'onUnindexed'>;
  /** Where failures go as NDJSON (created only when something fails). */
  deadLetterFile?: string;
  /** Where articles go that could not be indexed because Meilisearch stayed down. */
  resumeFile?: string;
  /**
   * The progress journal (journal.ts): articles it lists as indexed by an earlier run are
   * skipped, and every batch acknowledged now is recorded in it. The caller closes it.
   */
  journal?: IngestJournal;
  /** Progress: articles read so far, indexed so far, failed so far. */
  onProgress?: (progress: { read: number; indexed: number; failed: number }) => void;
  signal?: AbortSignal;
}

/** One dead-letter line: input, position (`whole input` when the problem is about all of it), code, message. */
function deadLetterLine(problem: Problem, severity: 'error' | 'warning') {
  return { input: problem.input, position: problem.position ?? 'whole input', code: problem.code, message: problem.message, severity };
}

export async function ingest(inputs: Iterable<string>, options: IngestOptions): Promise<IngestReport> {
  const started = Date.now();
  const report: IngestReport = { read: 0, indexed: 0, duplicates: 0, failed: [], warnings: [], unindexed: 0, durationMs: 0 };
  // Ids are hex hashes: their first 52 bits, as numbers, take a fraction of the memory of the strings.
  const seenIds = new Set<number>();
  const deadLetter = options.deadLetterFile ? new LazyNdjsonWriter(options.deadLetterFile) : undefined;
  const resume = options.resumeFile ? new LazyNdjsonWriter(options.resumeFile) : undefined;
  const progress = () => options.onProgress?.({ read: report.read, indexed: report.indexed, failed: report.failed.length });

  const sink = new MeiliSink(options.client, options.index, {
    ...options.sink,
    onIndexed: (count, origins) => {
      options.journal?.recordIndexed(origins);
      report.indexed += count;
      progress();
    },
    onUnindexed: (documents, reason) => {
      for (const doc of documents) resume?.write(doc);
      report.unreachableReason = reason;
    },
  });

  const journal = options.journal;
  const skip = journal ? (input: string, position: string | undefined) => journal.skip(input, position) : undefined;
  for await (const event of runPipeline(inputs, { ...options.pipeline, ...(skip ? { skip } : {}), signal: options.signal })) {
    if (event.type === 'article') {
      report.read++;
      const key = Number.parseInt(event.article.id.slice(0, 13), 16);
      if (seenIds.has(key)) report.duplicates++;
      else seenIds.add(key);
      await sink.add(event.article, { input: event.input, position: event.position });
    } else {
      (event.severity === 'warning' ? report.warnings : report.failed).push(event.problem);
      deadLetter?.write(deadLetterLine(event.problem, event.severity));
    }
    progress();
    if (options.signal?.aborted) break;
  }
  // Stopped early: what was read is still sent below, and the report says the run is incomplete.
  if (options.signal?.aborted) report.interrupted = true;

  const result = await sink.drain();
  for (const problem of result.failed) {
    report.failed.push(problem);
    deadLetter?.write(deadLetterLine(problem, 'error'));
  }
  report.indexed = result.indexed;
  report.unindexed = result.unindexed;
  report.unreachableReason = result.unreachableReason;
  await deadLetter?.close();
  await resume?.close();
  if (deadLetter?.lines) report.deadLetterFile = deadLetter.file;
  if (resume?.lines) report.resumeFile = resume.file;
  const resumed = journal?.resumeInfo();
  if (resumed) report.resumed = resumed;
  report.durationMs = Date.now() - started;
  return report;
}
