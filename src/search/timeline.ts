/**
 * Timeline buckets from facet distributions on the period fields (publishedDay/Week/Month):
 * parse period keys, fill the gaps with zeros, and pick an interval that fits the data.
 */
import type { Interval } from './params.ts';

export type Period = Exclude<Interval, 'auto'>;

export const PERIOD_FIELDS = { day: 'publishedDay', week: 'publishedWeek', month: 'publishedMonth' } as const;

export interface TimelineBucket {
  /** The period key as stored: "2024-05-01", "2024-W18" or "2024-05". */
  period: string;
  /** First and last day of the period (YYYY-MM-DD, UTC), for a from/to filter. */
  from: string;
  to: string;
  count: number;
}

export interface Timeline {
  interval: Period;
  buckets: TimelineBucket[];
  /** Sum of the bucket counts (undated articles are not in any bucket). */
  total: number;
  /** Matching articles without a date (in no bucket); absent where not counted (a cluster). */
  undated?: number;
}

/** More buckets than this are returned without gap filling. */
const MAX_FILLED = 500;

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Start (UTC ms) of a period key, or undefined when the key is malformed. */
export function periodStart(interval: Period, key: string): number | undefined {
  if (interval === 'day') {
    const ms = Date.parse(`${key}T00:00:00Z`);
    return /^\d{4}-\d{2}-\d{2}$/.test(key) && !Number.isNaN(ms) ? ms : undefined;
  }
  if (interval === 'month') {
    const ms = Date.parse(`${key}-01T00:00:00Z`);
    return /^\d{4}-\d{2}$/.test(key) && !Number.isNaN(ms) ? ms : undefined;
  }
  const match = /^(\d{4})-W(\d{2})$/.exec(key);
  if (!match) return undefined;
  const jan4 = Date.UTC(Number(match[1]), 0, 4);
  const week1Monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
  return week1Monday + (Number(match[2]) - 1) * 7 * DAY_MS;
}

/** Start (UTC ms) of the period after the one starting at `start`. */
export function nextStart(interval: Period, start: number): number {
  if (interval === 'day') return start + DAY_MS;
  if (interval === 'week') return start + 7 * DAY_MS;
  const d = new Date(start);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

function keyOf(interval: Period, start: number): string {
  if (interval === 'day') return iso(start);
  if (interval === 'month') return iso(start).slice(0, 7);
  const thursday = start + 3 * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Chronological buckets of one period field's distribution, with empty periods filled in. */
export function toBuckets(interval: Period, distribution: Record<string, number> = {}): TimelineBucket[] {
  const starts = Object.entries(distribution)
    .map(([key, count]) => ({ key, count, start: periodStart(interval, key) }))
    .filter((e): e is { key: string; count: number; start: number } => e.start !== undefined)
    .sort((a, b) => a.start - b.start);
  if (starts.length === 0) return [];
  const bucket = (start: number, count: number): TimelineBucket => ({
    period: keyOf(interval, start),
    from: iso(start),
    to: iso(nextStart(interval, start) - DAY_MS),
    count,
  });
  const counts = new Map(starts.map((e) => [e.start, e.count]));
  const first = starts[0]!.start;
  const last = starts[starts.length - 1]!.start;
  const filled: TimelineBucket[] = [];
  for (let start = first; start <= last && filled.length <= MAX_FILLED; start = nextStart(interval, start)) {
    filled.push(bucket(start, counts.get(start) ?? 0));
  }
  if (filled.length > MAX_FILLED) return starts.map((e) => bucket(e.start, e.count));
  return filled;
}

/**
 * The finest interval whose filled timeline stays readable (at most ~60 bars). A period whose
 * distribution is absent was not asked because the matches span too long for it (see
 * timeline-plan.ts); an empty one means nothing is dated.
 */
export function pickInterval(distributions: Partial<Record<Period, Record<string, number>>>): Period {
  for (const interval of ['day', 'week'] as const) {
    if (distributions[interval] === undefined) continue;
    const keys = Object.keys(distributions[interval] ?? {})
      .map((k) => periodStart(interval, k))
      .filter((v): v is number => v !== undefined);
    if (keys.length === 0) return interval === 'day' ? 'month' : 'month';
    const span = (Math.max(...keys) - Math.min(...keys)) / DAY_MS / (interval === 'day' ? 1 : 7) + 1;
    if (span <= 60) return interval;
  }
  return 'month';
}

export function toTimeline(interval: Period, distribution: Record<string, number> | undefined): Timeline {
  const buckets = toBuckets(interval, distribution);
  return { interval, buckets, total: buckets.reduce((sum, b) => sum + b.count, 0) };
}
