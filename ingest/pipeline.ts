/**
 * The ingest flow: source → parse → normalise → enrich, as an async stream of events.
 * Documents are read and parsed with bounded concurrency (p-queue); NDJSON is streamed line by
 * line. Every input ends as articles or problems: nothing is dropped silently.
 */
import PQueue from 'p-queue';
import type { Article } from '../src/article.ts';
import { documentEnrichmentFields } from './enrich/document-fields.ts';
import { enrich as defaultEnrich } from './enrich/enrich.ts';
import type { EntityKnowledge } from './enrich/knowledge.ts';
import type { EnrichInput, Enrichment } from './enrich/types.ts';
import { INVALID_ARTICLE_CODES, normaliseArticle } from './normalise/article.ts';
import { parseNdjsonLine } from './parse/json.ts';
import { parseInput, type Format } from './parse/parse-input.ts';
import { readInputs, type SourceOptions, type SourceUnit } from './sources/inputs.ts';
import type { ParsedArticle, ParseResult, Problem, RawInput } from './types.ts';
import { isLedeError } from '../src/errors.ts';

export type PipelineEvent =
  | { type: 'article'; article: Article; input: string; position?: string; enrichment: Enrichment }
  | { type: 'problem'; problem: Problem; severity: 'error' | 'warning' };

export interface PipelineOptions extends SourceOptions {
  /** Documents read and parsed at once. Default: 8. */
  concurrency?: number;
  /** The enrichment function (injected for tests and explain). Default: enrich() with `knowledge`. */
  enrich?: (doc: EnrichInput) => Enrichment;
  /**
   * What the default enrichment knows about entities: `loadKnowledge({ watchlistFile })` to use a
   * watchlist. Default: the curated lists of index-config/entities/ alone.
   */
  knowledge?: EntityKnowledge;
  /** Completes a parsed item before normalisation, e.g. a feed item followed to its page (`--follow`). */
  expand?: (item: { article: ParsedArticle; position?: string }, input: string, format: Format | undefined) => Promise<ParsedArticle>;
  /** Source name for articles whose input names none (default: the URL's host or the folder's name). */
  source?: string;
  /**
   * True for an article an earlier run already indexed (see journal.ts): it is dropped before
   * normalisation and enrichment, and emits no event.
   */
  skip?: (input: string, position: string | undefined) => boolean;
  /** The clock used to reject future dates. */
  now?: () => Date;
  signal?: AbortSignal;
}

/** Turns one parsed article into an article event (with its warnings) or a problem event. */
export function toEvents(parsed: ParsedArticle, input: string, position: string | undefined, options: PipelineOptions): PipelineEvent[] {
  try {
    const withSource = options.source && !parsed.source ? { ...parsed, source: options.source } : parsed;
    const { article: text, warnings } = normaliseArticle(withSource, input, options.now?.() ?? new Date());
    const toEnrich: EnrichInput = { title: text.title, standfirst: text.standfirst, body: text.body, language: text.language };
    const enrichment = options.enrich ? options.enrich(toEnrich) : defaultEnrich(toEnrich, options.knowledge);
    const article: Article = { ...text, ...documentEnrichmentFields(enrichment) };
    return [
      ...warnings.map((w): PipelineEvent => ({ type: 'problem', severity: 'warning', problem: { input, position, ...w } })),
      { type: 'article', article, input, position, enrichment },
    ];
  } catch (error) {
    const code = isLedeError(error, ...INVALID_ARTICLE_CODES) ? error.code : 'enrich-failed';
    return [problemEvent(input, position, code, (error as Error).message)];
  }
}

async function parsedToEvents(
  result: ParseResult & { format?: Format },
  input: string,
  options: PipelineOptions,
): Promise<PipelineEvent[]> {
  const events: PipelineEvent[] = result.problems.map(errorEvent);
  for (const item of result.articles) {
    if (options.skip?.(input, item.position)) continue;
    let parsed = item.article;
    if (options.expand) {
      try {
        parsed = await options.expand(item, input, result.format);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        events.push({
          type: 'problem',
          severity: 'warning',
          problem: {
            input,
            position: item.position,
            code: typeof code === 'string' ? code : 'follow-failed',
            message: (error as Error).message,
          },
        });
      }
    }
    events.push(...toEvents(parsed, input, item.position, options));
  }
  return events;
}

async function* ndjsonEvents(unit: Extract<SourceUnit, { kind: 'ndjson' }>, options: PipelineOptions): AsyncGenerator<PipelineEvent> {
  const raw = { input: unit.input, bytes: Buffer.alloc(0) };
  const lines = unit.lines[Symbol.asyncIterator]();
  for (let lineNumber = 1; ; lineNumber++) {
    let next: IteratorResult<string>;
    try {
      next = await lines.next();
    } catch (error) {
      // The stream broke (truncated .gz, I/O error): what came before is kept, the rest is reported.
      yield problemEvent(unit.input, `line ${lineNumber}`, 'read-failed', `Reading stopped here: ${(error as Error).message}`);
      return;
    }
    if (next.done) return;
    try {
      const result: ParseResult = { articles: [], problems: [] };
      parseNdjsonLine(next.value, lineNumber, raw, result);
      yield* await parsedToEvents(result, unit.input, options);
    } catch (error) {
      // Parsers report rather than throw; this is the last guard so one line never ends the file.
      yield problemEvent(unit.input, `line ${lineNumber}`, 'invalid-record', (error as Error).message);
    }
    if (options.signal?.aborted) {
      await lines.return?.();
      return;
    }
  }
}

function errorEvent(problem: Problem): PipelineEvent {
  return { type: 'problem', severity: 'error', problem };
}

function problemEvent(input: string, position: string | undefined, code: string, message: string): PipelineEvent {
  return errorEvent({ input, position, code, message });
}

/** Runs the pipeline over the inputs; events come as soon as each document is done. */
export async function* runPipeline(inputs: Iterable<string>, options: PipelineOptions = {}): AsyncGenerator<PipelineEvent> {
  const concurrency = options.concurrency ?? 8;
  const queue = new PQueue({ concurrency });
  const ready: PipelineEvent[][] = [];
  let wake: (() => void) | undefined;
  const push = (events: PipelineEvent[]) => {
    ready.push(events);
    wake?.();
  };
  const highWater = concurrency * 4;

  const drain = function* () {
    while (ready.length) yield* ready.shift()!;
  };

  for await (const unit of readInputs(inputs, options)) {
    if (options.signal?.aborted) break;
    if (unit.kind === 'problem') {
      yield errorEvent(unit.problem);
    } else if (unit.kind === 'ndjson') {
      // Streamed in order, in this loop: its lines are the unit of work.
      await queue.onIdle();
      yield* drain();
      yield* ndjsonEvents(unit, options);
    } else {
      // The task must not hold the bytes once it ran: p-queue keeps dequeued tasks until it compacts.
      const slot: { raw?: RawInput } = { raw: unit.raw };
      void queue.add(async () => {
        const raw = slot.raw!;
        slot.raw = undefined;
        try {
          push(await parsedToEvents(parseInput(raw), raw.input, options));
        } catch (error) {
          push([problemEvent(raw.input, undefined, 'parse-failed', (error as Error).message)]);
        }
      });
    }
    yield* drain();
    while (queue.size + queue.pending + ready.length > highWater) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        if (ready.length) resolve();
      });
      wake = undefined;
      yield* drain();
    }
  }
  while (queue.size + queue.pending > 0 || ready.length) {
    if (!ready.length) {
      await Promise.race([new Promise<void>((resolve) => (wake = resolve)), queue.onIdle()]);
      wake = undefined;
    }
    yield* drain();
  }
}
