/**
 * The ingest report: counts, the problems with their reasons, and the dead-letter NDJSON file
 * (one line per input or item that was not indexed: input, position, code, message). Also the
 * terminal summaries of `lede retag` and `lede resolve`, listed the same way.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import type { ResolvePendingReport } from './ops/resolve-pending.ts';
import type { FieldChange, RetagReport } from './ops/retag.ts';
import type { ResumeInfo } from './journal.ts';
import type { Problem } from './types.ts';

export interface IngestReport {
  /** Articles parsed from the inputs. */
  read: number;
  /** Articles sent to Meilisearch and accepted (an article repeated in the run counts each time). */
  indexed: number;
  /** Articles with the same id as an earlier one of this run (same URL, or same source, title and body): the index holds it once. */
  duplicates: number;
  /** Inputs or items that failed, with reasons (parse errors and refused documents). */
  failed: Problem[];
  /** Articles kept with something dropped (e.g. an impossible date). */
  warnings: Problem[];
  /** Articles not indexed because Meilisearch was unreachable (see `resumeFile`). */
  unindexed: number;
  unreachableReason?: string;
  /** NDJSON file of the unindexed articles: `lede ingest FILE` resumes them. */
  resumeFile?: string;
  deadLetterFile?: string;
  /** Set when this run resumed earlier runs that did not finish (killed, interrupted, server down). */
  resumed?: ResumeInfo;
  /** True when the run was stopped (SIGINT/SIGTERM) before every input was read. */
  interrupted?: boolean;
  durationMs: number;
}

/** Appends NDJSON lines to a file created on first write, so clean runs leave no file. */
export class LazyNdjsonWriter {
  private stream: WriteStream | undefined;
  lines = 0;
  constructor(readonly file: string) {}

  write(value: unknown): void {
    this.stream ??= createWriteStream(this.file, { flags: 'w' });
    this.stream.write(`${JSON.stringify(value)}\n`);
    this.lines++;
  }

  async close(): Promise<void> {
    const stream = this.stream;
    if (!stream) return;
    await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Appends a heading and the first five problems under it, then how many more there are. */
function listProblems(lines: string[], heading: string, problems: Problem[]): void {
  lines.push(`  ${heading}:`);
  for (const p of problems.slice(0, 5)) lines.push(`    ${p.input}${p.position ? ` [${p.position}]` : ''}: ${p.message}`);
  if (problems.length > 5) lines.push(`    … and ${problems.length - 5} more`);
}

/** A human summary for the terminal. */
export function formatReport(report: IngestReport): string {
  const extras = [
    report.warnings.length ? plural(report.warnings.length, 'warning') : '',
    report.duplicates ? `${report.duplicates} repeated within the run (indexed once)` : '',
  ].filter(Boolean);
  const lines = [
    `Read ${plural(report.read, 'article')}, indexed ${report.indexed}, failed ${report.failed.length}` +
      `${extras.map((extra) => `, ${extra}`).join('')} in ${(report.durationMs / 1000).toFixed(1)} s.`,
  ];
  if (report.resumed) {
    const { interruptedRuns, skipped, journal } = report.resumed;
    lines.push(
      `RESUMED after ${plural(interruptedRuns, 'unfinished run')}: ${plural(skipped, 'article')} already indexed by them were skipped (journal ${journal}).`,
    );
  }
  const byReason = new Map<string, Problem[]>();
  for (const problem of report.failed) byReason.set(problem.code, [...(byReason.get(problem.code) ?? []), problem]);
  for (const [code, problems] of byReason) listProblems(lines, `${code} (${problems.length})`, problems);
  if (report.warnings.length) listProblems(lines, 'warnings', report.warnings);
  if (report.deadLetterFile) lines.push(`Failures written to ${report.deadLetterFile}.`);
  if (report.interrupted) {
    lines.push(
      'INTERRUPTED: inputs after the last one read were not ingested; run the same command again to finish (re-ingesting is idempotent).',
    );
  }
  if (report.unindexed) {
    lines.push(`NOT INDEXED: ${plural(report.unindexed, 'article')}. ${report.unreachableReason ?? ''}`);
    if (report.resumeFile)
      lines.push(`They are in ${report.resumeFile}: run \`lede ingest ${report.resumeFile}\` when Meilisearch is back.`);
  }
  return lines.join('\n');
}

/** One changed field for the terminal: the values added and removed ("persons: +Tony Blair −Blair"). */
function formatChange(change: FieldChange): string {
  const before = Array.isArray(change.before) ? change.before.map(String) : [];
  const added = change.after.filter((v) => !before.includes(v));
  const removed = before.filter((v) => !change.after.includes(v));
  if (change.before === undefined)
    return `${change.field}: new field (${change.after.length} value${change.after.length === 1 ? '' : 's'})`;
  if (!added.length && !removed.length) return `${change.field}: same values, new order`;
  return `${change.field}: ${[...added.map((v) => `+${v}`), ...removed.map((v) => `−${v}`)].join(' ')}`;
}

/** The resolution pass in one line (and its refused documents). */
export function formatResolveReport(report: ResolvePendingReport): string {
  const would = report.dryRun ? 'would ' : '';
  const titles = report.titleDocuments
    ? ` Works' titles: ${plural(report.workTitles, 'title')} in the archive, ${would}taken out of the persons or organizations of ${plural(report.titleDocuments, 'document')}.`
    : '';
  if (report.documents === 0) return `Resolution pass: no document has pending surnames or organizations.${titles}`;
  const lines = [
    `Resolution pass: ${plural(report.documents, 'document')} with pending names; ` +
      `${would}resolve${report.dryRun ? '' : 'd'} ${plural(report.resolved, 'surname')} (${report.unresolved} left pending), ` +
      `${would}confirm${report.dryRun ? '' : 'ed'} ${plural(report.confirmedOrganizations, 'organization')}` +
      `${report.dryRun ? '' : `; ${plural(report.updated, 'document')} updated`} (${report.searches} lookups, ${(report.durationMs / 1000).toFixed(1)} s).${titles}`,
  ];
  if (report.failed.length) listProblems(lines, `refused (${report.failed.length})`, report.failed);
  if (report.unindexed)
    lines.push(`NOT WRITTEN: ${plural(report.unindexed, 'document')}: Meilisearch unreachable; run \`lede resolve\` again.`);
  return lines.join('\n');
}

/** A human summary of `lede retag` for the terminal. */
export function formatRetagReport(report: RetagReport): string {
  const lines = [
    `${report.dryRun ? 'Dry run: read' : 'Read'} ${plural(report.read, 'document')} of index "${report.index}": ` +
      `${report.changed} changed, ${report.unchanged} unchanged, ${report.failed.length} failed` +
      `${report.dryRun ? ' (nothing written)' : `, ${report.written} updated`} in ${(report.durationMs / 1000).toFixed(1)} s.`,
  ];
  if (report.samples.length) {
    lines.push(
      `  ${report.dryRun ? 'Changes that would be written' : 'Changes'}${report.changed > report.samples.length ? ` (first ${report.samples.length} of ${report.changed})` : ''}:`,
    );
    for (const sample of report.samples) {
      lines.push(`    ${sample.id} "${sample.title}"`);
      for (const change of sample.changes) lines.push(`      ${formatChange(change)}`);
    }
  }
  const byReason = new Map<string, Problem[]>();
  for (const problem of report.failed) byReason.set(problem.code, [...(byReason.get(problem.code) ?? []), problem]);
  for (const [code, problems] of byReason) listProblems(lines, `${code} (${problems.length}, left as stored)`, problems);
  if (report.interrupted)
    lines.push(
      'INTERRUPTED: documents after the last one read were not retagged; run `lede retag` again (it only writes what still differs).',
    );
  if (report.unindexed)
    lines.push(
      `NOT WRITTEN: ${plural(report.unindexed, 'document')}. ${report.unreachableReason ?? ''} Run \`lede retag\` again when Meilisearch is back.`,
    );
  if (report.resolve) lines.push(formatResolveReport(report.resolve));
  return lines.join('\n');
}
