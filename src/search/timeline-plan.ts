/**
 * The timeline's queries, planned apart from the facet counts so that Meilisearch's
 * maxValuesPerFacet can stay small (index-config/settings.json) while every timeline stays
 * exact. Pure, like plan.ts: the transports send the queries and feed the answers back.
 *
 * - One period field at a time, the coarsest first: `auto` asks the months; only when the
 *   matches span at most 16 months does it also ask the weeks (and at most 3 months, the days),
 *   which is all pickInterval can choose from then (at most 73 weeks, 92 days). An explicit
 *   interval asks that period only.
 * - A period facet answered with `truncatedAt` values may have been cut (Meilisearch keeps the
 *   most frequent): that part is asked again split by publishedTs ranges (the period keys are
 *   UTC periods of publishedTs, see periodsOf) of fewer than `truncatedAt` periods each, around
 *   the periods it did return; open-ended outer parts are split again if they come back cut.
 * - `extent` (the span of dated articles seen so far, kept by the transport) lets the first
 *   round be split already, so a long archive costs one round trip, not two.
 */
import type { Interval } from './params.ts';
import { type Period, PERIOD_FIELDS, nextStart, periodStart, pickInterval, toTimeline, type Timeline } from './timeline.ts';

/** Unix seconds, `from` inclusive, `to` exclusive; undefined = open. */
export interface TimelineRange {
  from?: number;
  to?: number;
}

/** One period facet over one range. */
export interface TimelinePart {
  period: Period;
  range: TimelineRange;
}

/** The span of dated articles known to exist (UTC ms of the first period start and last period end). */
export interface TimelineExtent {
  first: number;
  last: number;
}

export interface TimelineProgress {
  interval: Interval;
  /** Counts per period gathered from parts that were not cut. */
  counts: Partial<Record<Period, Record<string, number>>>;
  /** Parts of the round under way (the transport sends one query per part). */
  asked: TimelinePart[];
  /** Rounds sent so far. */
  rounds: number;
}

/** Matches spanning at most this many months may be drawn by week (see the module comment). */
const WEEK_MONTHS = 16;
/** … and at most this many by day. */
const DAY_MONTHS = 3;
/** More rounds than this: the counts gathered are used as they are (never seen; a safety net). */
const MAX_ROUNDS = 8;

/** The publishedTs filter of a range. */
export function rangeFilter(range: TimelineRange): string[] {
  const parts: string[] = [];
  if (range.from !== undefined) parts.push(`publishedTs >= ${range.from}`);
  if (range.to !== undefined) parts.push(`publishedTs < ${range.to}`);
  return parts;
}

const seconds = (ms: number) => Math.floor(ms / 1000);

/** `[from, to)` (UTC ms) cut into ranges of at most `step` periods; the first opens downwards and the last upwards when asked. */
function chunks(period: Period, from: number, to: number, step: number, open: { below: boolean; above: boolean }): TimelineRange[] {
  const out: TimelineRange[] = [];
  let start = from;
  while (start < to) {
    let end = start;
    for (let i = 0; i < step && end < to; i++) end = nextStart(period, end);
    out.push({ from: seconds(start), to: seconds(end) });
    start = end;
  }
  if (out.length === 0) out.push({ from: seconds(from), to: seconds(to) });
  if (open.below) delete out[0]!.from;
  if (open.above) delete out[out.length - 1]!.to;
  return out;
}

/** Periods per part: fewer than `truncatedAt`, with room for the archive to grow at the open ends. */
const chunkSize = (truncatedAt: number) => Math.max(1, Math.floor((truncatedAt - 1) * 0.9));

/** The parts of the first round for one period: one open query, or the known extent split. */
function firstParts(period: Period, truncatedAt: number, extent: TimelineExtent | undefined): TimelinePart[] {
  if (!extent) return [{ period, range: {} }];
  return chunks(period, periodStart(period, keyAt(period, extent.first))!, extent.last, chunkSize(truncatedAt), {
    below: true,
    above: true,
  }).map((range) => ({
    period,
    range,
  }));
}

/** The period key containing a UTC ms instant. */
function keyAt(period: Period, ms: number): string {
  const iso = new Date(ms).toISOString();
  if (period === 'day') return iso.slice(0, 10);
  if (period === 'month') return iso.slice(0, 7);
  // ISO week, as periodsOf computes it.
  const date = new Date(Date.UTC(new Date(ms).getUTCFullYear(), new Date(ms).getUTCMonth(), new Date(ms).getUTCDate()));
  date.setUTCDate(date.getUTCDate() + 3 - ((date.getUTCDay() + 6) % 7));
  const year = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The first round of a timeline. */
export function startTimeline(interval: Interval, truncatedAt: number, extent?: TimelineExtent): TimelineProgress {
  const period: Period = interval === 'auto' ? 'month' : interval;
  return { interval, counts: {}, asked: firstParts(period, truncatedAt, extent), rounds: 1 };
}

/** A part answered with `truncatedAt` values, split around the periods it returned. */
function splitPart(part: TimelinePart, keys: string[], truncatedAt: number): TimelinePart[] {
  const starts = keys
    .map((k) => periodStart(part.period, k))
    .filter((s): s is number => s !== undefined)
    .sort((a, b) => a - b);
  if (starts.length === 0) return [];
  const first = starts[0]!;
  const end = nextStart(part.period, starts[starts.length - 1]!);
  const ranges: TimelineRange[] = [];
  const lo = part.range.from === undefined ? undefined : part.range.from * 1000;
  const hi = part.range.to === undefined ? undefined : part.range.to * 1000;
  if (lo === undefined || lo < first) ranges.push({ ...(lo === undefined ? {} : { from: seconds(lo) }), to: seconds(first) });
  ranges.push(...chunks(part.period, first, end, truncatedAt - 1, { below: false, above: false }));
  if (hi === undefined || end < hi) ranges.push({ from: seconds(end), ...(hi === undefined ? {} : { to: seconds(hi) }) });
  return ranges.map((range) => ({ period: part.period, range }));
}

/** Months from the first to the last key of a month distribution (0 when empty). */
function monthSpan(distribution: Record<string, number>): number {
  const keys = Object.keys(distribution)
    .filter((k) => /^\d{4}-\d{2}$/.test(k))
    .sort();
  if (keys.length === 0) return 0;
  const index = (k: string) => Number(k.slice(0, 4)) * 12 + Number(k.slice(5, 7));
  return index(keys[keys.length - 1]!) - index(keys[0]!) + 1;
}

/**
 * Takes the answers (facet distributions, in the order of `progress.asked`) of a round: returns
 * the progress with the next round's parts in `asked`, or with `asked` empty when it is done.
 */
export function advanceTimeline(
  progress: TimelineProgress,
  distributions: ReadonlyArray<Record<string, Record<string, number>> | undefined>,
  truncatedAt: number,
): TimelineProgress {
  const counts: TimelineProgress['counts'] = { ...progress.counts };
  const next: TimelinePart[] = [];
  progress.asked.forEach((part, i) => {
    const distribution = distributions[i]?.[PERIOD_FIELDS[part.period]] ?? {};
    const keys = Object.keys(distribution);
    if (keys.length >= truncatedAt && progress.rounds < MAX_ROUNDS) {
      next.push(...splitPart(part, keys, truncatedAt));
      return;
    }
    const into = { ...counts[part.period] };
    for (const key of keys) into[key] = (into[key] ?? 0) + distribution[key]!;
    counts[part.period] = into;
  });
  const pending = new Set(next.map((p) => p.period));
  // Months complete: the finer periods that pickInterval could choose.
  if (
    progress.interval === 'auto' &&
    !pending.has('month') &&
    counts.week === undefined &&
    counts.day === undefined &&
    !pending.has('week')
  ) {
    const months = counts.month ?? {};
    const span = monthSpan(months);
    if (span > 0 && span <= WEEK_MONTHS) {
      const keys = Object.keys(months).sort();
      const from = periodStart('month', keys[0]!)!;
      const to = nextStart('month', periodStart('month', keys[keys.length - 1]!)!);
      const range = { from: seconds(from), to: seconds(to) };
      next.push({ period: 'week', range });
      if (span <= DAY_MONTHS) next.push({ period: 'day', range });
    }
  }
  return { interval: progress.interval, counts, asked: next, rounds: progress.rounds + (next.length ? 1 : 0) };
}

/**
 * Counts a timeline to the end: takes the period distributions answering `progress.asked` (the
 * first round), then asks each next round's parts through `ask` until none is left. The one loop
 * behind a search's timeline (plan.ts completeTimeline) and an entity page's.
 */
export async function countTimeline(
  progress: TimelineProgress,
  first: ReadonlyArray<Record<string, Record<string, number>> | undefined>,
  truncatedAt: number,
  ask: (parts: TimelinePart[]) => Promise<ReadonlyArray<Record<string, Record<string, number>> | undefined>>,
): Promise<TimelineProgress> {
  let next = advanceTimeline(progress, first, truncatedAt);
  while (next.asked.length) next = advanceTimeline(next, await ask(next.asked), truncatedAt);
  return next;
}

/** The timeline from a finished progress. */
export function finishTimeline(progress: TimelineProgress): Timeline {
  const chosen = progress.interval === 'auto' ? pickInterval(progress.counts) : progress.interval;
  return toTimeline(chosen, progress.counts[chosen]);
}

/** The extent of dated matches in a finished progress (UTC ms), or undefined when none. */
export function timelineExtent(progress: TimelineProgress): TimelineExtent | undefined {
  for (const period of ['month', 'week', 'day'] as const) {
    const starts = Object.keys(progress.counts[period] ?? {})
      .map((k) => periodStart(period, k))
      .filter((s): s is number => s !== undefined);
    if (starts.length) return { first: Math.min(...starts), last: nextStart(period, Math.max(...starts)) };
  }
  return undefined;
}

/** The union of two extents. */
export function widenExtent(a: TimelineExtent | undefined, b: TimelineExtent | undefined): TimelineExtent | undefined {
  if (!a || !b) return a ?? b;
  return { first: Math.min(a.first, b.first), last: Math.max(a.last, b.last) };
}
