/**
 * `lede retag`: enrichment again over the stored articles, after the entity lists, the watchlist
 * or the enricher changed. Nothing is fetched: every document is read from Meilisearch (page by
 * page), goes through normalise + enrich again as `lede reindex` does (reprocessStored), and its
 * enrichment fields (documentEnrichmentFields) are compared with the stored ones. Only documents
 * whose fields differ are written, as partial updates carrying the id and the changed fields;
 * text, dates and ids stay as stored. The resolution pass (resolve-pending.ts) runs at the end.
 *
 * A document's pending surnames and organizations are resolved against the archive (the document
 * itself left out of the evidence) before the comparison, so a document the pass had resolved
 * earlier compares equal instead of being rewritten back to pending and resolved again on every run;
 * the archive's works' titles are left out of its persons and organizations as the pass leaves them.
 */
import type { Meilisearch } from 'meilisearch';
import type { Article } from '../../src/article.ts';
import { meiliErrorInfo } from '../../src/meili/http-client.ts';
import {
  ENRICHMENT_FIELDS,
  withConfirmedOrganizations,
  withResolvedPersons,
  type DocumentEnrichmentFields,
  type EnrichmentField,
} from '../enrich/document-fields.ts';
import type { Json } from '../parse/json.ts';
import { MeiliSink, type SinkOptions } from '../sink.ts';
import type { Problem } from '../types.ts';
import { indexDocuments, type StoredDocument } from './documents.ts';
import { ArchiveResolver, resolvePending, type ResolvePendingReport } from './resolve-pending.ts';
import { archiveWorkTitles, withoutTitles } from './work-titles.ts';
import { reprocessStored, type ReprocessOptions } from './stored-article.ts';
import { LedeError } from '../../src/errors.ts';

/** A partial update: the id and the enrichment fields that changed. */
export type RetagUpdate = { id: string } & Partial<DocumentEnrichmentFields>;

export interface RetagOptions {
  /** Enrichment (or the entity knowledge with the watchlist it uses) and clock, as for ingest. */
  pipeline?: ReprocessOptions;
  /** Count and sample the changes, write nothing (the resolution pass only counts too). Default: false. */
  dryRun?: boolean;
  /** Changed documents listed in the report with their changes. Default: 10. */
  sampleSize?: number;
  /** Documents read per request. Default: 1,000. */
  pageSize?: number;
  sink?: Omit<SinkOptions<RetagUpdate>, 'partial' | 'onIndexed' | 'onUnindexed'>;
  /**
   * Resolve pending surnames against the archive: before comparing each document, and in the
   * pass at the end. Off, a document the pass resolved earlier counts as changed. Default: true.
   */
  resolve?: boolean;
  /** Called after every document read. */
  onProgress?: (progress: RetagProgress) => void;
  /** Stops reading; what was found changed so far is still written. */
  signal?: AbortSignal;
}

export interface RetagProgress {
  read: number;
  /** Documents in the index when the run started. */
  total: number;
  changed: number;
  failed: number;
}

/** One changed field of a document: what is stored and what enrichment gives today. */
export interface FieldChange {
  field: EnrichmentField;
  before: Json | undefined;
  after: string[];
}

export interface RetagChange {
  id: string;
  title: string;
  changes: FieldChange[];
}

export interface RetagReport {
  index: string;
  dryRun: boolean;
  /** Documents read. */
  read: number;
  /** Documents whose enrichment fields differ (written, unless a dry run or refused). */
  changed: number;
  unchanged: number;
  /** Documents that could not be enriched again or that Meilisearch refused, one entry each. */
  failed: Problem[];
  /** Documents updated in the index (0 in a dry run). */
  written: number;
  /** Changed documents not written because Meilisearch stayed unreachable. */
  unindexed: number;
  unreachableReason?: string;
  /** The first changed documents and their changes. */
  samples: RetagChange[];
  /** The resolution pass at the end, when it ran. */
  resolve?: ResolvePendingReport;
  /** True when the run was stopped before every document was read. */
  interrupted?: boolean;
  durationMs: number;
}

/** The enrichment fields whose stored value differs from `fields` (order counts: it is what is shown). */
export function changedFields(stored: StoredDocument, fields: DocumentEnrichmentFields): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of ENRICHMENT_FIELDS) {
    const before = stored[field];
    if (JSON.stringify(before) !== JSON.stringify(fields[field])) changes.push({ field, before, after: fields[field] });
  }
  return changes;
}

function enrichmentFieldsOf(article: Article): DocumentEnrichmentFields {
  return Object.fromEntries(ENRICHMENT_FIELDS.map((field) => [field, article[field]])) as DocumentEnrichmentFields;
}

export async function retag(client: Meilisearch, index: string, options: RetagOptions = {}): Promise<RetagReport> {
  const started = Date.now();
  const dryRun = options.dryRun ?? false;
  const sampleSize = options.sampleSize ?? 10;
  let total: number;
  try {
    total = (await client.index(index).getStats()).numberOfDocuments;
  } catch (error) {
    const info = meiliErrorInfo(error);
    throw new LedeError(
      info.code === 'index_not_found' ? 'index-not-found' : 'retag-failed',
      info.code === 'index_not_found' ? `There is no index "${index}" to retag.` : `Cannot read index "${index}": ${info.message}`,
    );
  }
  const report: RetagReport = {
    index,
    dryRun,
    read: 0,
    changed: 0,
    unchanged: 0,
    failed: [],
    written: 0,
    unindexed: 0,
    samples: [],
    durationMs: 0,
  };
  const progress = () => options.onProgress?.({ read: report.read, total, changed: report.changed, failed: report.failed.length });
  const resolve = options.resolve ?? true;
  const resolver = new ArchiveResolver(client, index, options.pipeline?.knowledge);
  // The archive's works' titles, as the pass left them out (work-titles.ts): compared the same way.
  const titles = resolve ? await archiveWorkTitles(client, index, options.pageSize) : new Map<string, string>();
  const sink = new MeiliSink<RetagUpdate>(client, index, { ...options.sink, partial: true });

  for await (const doc of indexDocuments(client, index, { pageSize: options.pageSize })) {
    if (options.signal?.aborted) {
      report.interrupted = true;
      break;
    }
    report.read++;
    const reprocessed = reprocessStored(doc, index, options.pipeline);
    if (!reprocessed.ok) {
      report.failed.push(reprocessed.problem);
      progress();
      continue;
    }
    const { article } = reprocessed;
    let fields = enrichmentFieldsOf(article);
    if (titles.size) fields = { ...fields, ...withoutTitles(fields, titles) };
    if (resolve && fields.pendingPersons.length) {
      const context = { persons: fields.persons, organizations: fields.organizations, topics: fields.topics };
      fields = withResolvedPersons(fields, await resolver.resolveAll(fields.pendingPersons, context, article.id));
    }
    if (resolve && fields.pendingOrganizations.length) {
      fields = withConfirmedOrganizations(fields, await resolver.confirmOrganizations(fields.pendingOrganizations, article.id, fields));
    }
    const changes = changedFields(doc, fields);
    if (changes.length === 0) {
      report.unchanged++;
    } else {
      report.changed++;
      if (report.samples.length < sampleSize) report.samples.push({ id: article.id, title: article.title, changes });
      if (!dryRun) {
        const update: RetagUpdate = { id: article.id, ...Object.fromEntries(changes.map((c) => [c.field, c.after])) };
        await sink.add(update, { input: index, position: `document ${article.id}` });
      }
    }
    progress();
  }

  const written = await sink.drain();
  report.written = written.indexed;
  report.failed.push(...written.failed);
  report.unindexed = written.unindexed;
  if (written.unreachableReason !== undefined) report.unreachableReason = written.unreachableReason;
  if (resolve && !report.interrupted && !report.unindexed) {
    report.resolve = await resolvePending(client, index, {
      knowledge: options.pipeline?.knowledge,
      dryRun,
      pageSize: options.pageSize,
      sink: options.sink,
    });
  }
  report.durationMs = Date.now() - started;
  return report;
}
