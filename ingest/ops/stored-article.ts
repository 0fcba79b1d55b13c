/**
 * A stored document back through the pipeline: its text fields are read as an input record,
 * normalised and enriched again under its own id. What `lede reindex` rebuilds every document
 * with, and what `lede retag` compares the stored enrichment fields against.
 */
import type { Article } from '../../src/article.ts';
import type { Enrichment } from '../enrich/types.ts';
import { articleFromRecord } from '../parse/json.ts';
import { toEvents, type PipelineOptions } from '../pipeline.ts';
import type { Problem } from '../types.ts';
import type { StoredDocument } from './documents.ts';

/** The options of the pipeline that matter once an article is stored. */
export type ReprocessOptions = Pick<PipelineOptions, 'enrich' | 'knowledge' | 'now'>;

export type Reprocessed =
  | { ok: true; article: Article; enrichment: Enrichment }
  /** The document no longer passes normalisation or enrichment (e.g. it has no text). */
  | { ok: false; problem: Problem };

/** `doc` (of `index`) normalised and enriched again today, keeping its id. */
export function reprocessStored(doc: StoredDocument, index: string, options: ReprocessOptions = {}): Reprocessed {
  const id = String(doc['id']);
  const position = `document ${id}`;
  let reason: Problem | undefined;
  try {
    for (const event of toEvents(articleFromRecord(doc), index, position, options)) {
      if (event.type === 'article') return { ok: true, article: { ...event.article, id }, enrichment: event.enrichment };
      if (event.severity === 'error') reason = event.problem;
    }
  } catch (error) {
    reason = { input: index, position, code: 'reprocess-failed', message: (error as Error).message };
  }
  return { ok: false, problem: reason ?? { input: index, position, code: 'reprocess-failed', message: 'no article' } };
}
