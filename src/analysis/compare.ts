/**
 * Coverage compared: up to five searches as timelines on one interval and one set of periods
 * (`GET /api/timeline?compare=…&compare=…`), as counts or, with `normalize=share`, as each
 * period's count divided by all articles of that period (so a busy news month does not pass for
 * more interest). Each series is a full query string of the timeline parameters
 * (`q=cyber&country=Israel`); a value without `=` is a bare `q`. Built on the searcher, so it
 * works on one server and on a cluster alike.
 */
import { LedeError, isLedeError } from '../errors.ts';
import { z } from 'zod';
import { INTERVALS, parseParams, timelineSchema, type TimelineParams } from '../search/params.ts';
import type { Searcher } from '../search/result.ts';
import { toBuckets, type Period, type Timeline } from '../search/timeline.ts';

export const MAX_SERIES = 5;
export const NORMALIZE = ['count', 'share'] as const;

const { from: FROM, to: TO } = timelineSchema.shape;

export const compareSchema = z.strictObject({
  compare: z
    .union([z.string().max(2048), z.array(z.string().max(2048)).max(MAX_SERIES, { error: `at most ${MAX_SERIES} series` })])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .meta({
      description: `A series to compare (repeat for up to ${MAX_SERIES}): a URL-encoded query string of the timeline parameters, e.g. \`q=cyber&country=Israel\`, or a bare query.`,
    }),
  normalize: z
    .enum(NORMALIZE, { error: 'expected count or share' })
    .default('count')
    .meta({ description: 'share: each count divided by all articles of its period.' }),
  interval: z
    .enum(INTERVALS, { error: `expected one of ${INTERVALS.join(', ')}` })
    .default('auto')
    .meta({ description: 'Period length shared by all series; auto fits the widest.' }),
  from: FROM,
  to: TO,
});
export type CompareParams = z.output<typeof compareSchema>;

export interface ComparedSeries {
  /** The compare value as given. */
  label: string;
  total: number;
  /** One per period. */
  counts: number[];
  /** With normalize=share: counts divided by all articles of the period (0 when there are none). */
  shares?: number[];
}

export interface Comparison {
  interval: Period;
  normalize: CompareParams['normalize'];
  periods: Array<{ period: string; from: string; to: string }>;
  series: ComparedSeries[];
  /** With normalize=share: all articles per period. */
  all?: number[];
}

const COARSENESS: Record<Period, number> = { day: 0, week: 1, month: 2 };

/** One compare value → the timeline parameters of its series (the request's dates as defaults). */
export function seriesParams(
  value: string,
  shared: Pick<CompareParams, 'from' | 'to'>,
  interval: TimelineParams['interval'],
): TimelineParams {
  const raw: Record<string, string | string[]> = {};
  const text = value.trim().replace(/^\?/, '');
  if (text.includes('=')) {
    for (const [key, v] of new URLSearchParams(text)) {
      const had = raw[key];
      raw[key] = had === undefined ? v : [...(Array.isArray(had) ? had : [had]), v];
    }
  } else {
    raw['q'] = text;
  }
  if ('interval' in raw)
    throw new LedeError('invalid_parameter', 'Parameter "compare": the interval is shared; give it once, outside the series.');
  let parsed: TimelineParams;
  try {
    parsed = parseParams(timelineSchema, { ...raw, interval });
  } catch (error) {
    if (isLedeError(error)) throw new LedeError(error.code, `Series "${value}": ${error.message}`);
    throw error;
  }
  return { ...parsed, from: parsed.from ?? shared.from, to: parsed.to ?? shared.to };
}

export async function compareTimelines(searcher: Searcher, params: CompareParams): Promise<Comparison> {
  if (params.compare.length === 0) throw new LedeError('invalid_parameter', 'Parameter "compare": give at least one series.');
  const series = params.compare.map((value) => ({ label: value, params: seriesParams(value, params, params.interval) }));
  let timelines: Timeline[] = await Promise.all(series.map((s) => searcher.timeline(s.params)));
  let interval: Period;
  if (params.interval === 'auto') {
    interval = timelines.map((t) => t.interval).reduce((a, b) => (COARSENESS[b] > COARSENESS[a] ? b : a), 'day' as Period);
    timelines = await Promise.all(
      timelines.map((t, i) => (t.interval === interval ? t : searcher.timeline({ ...series[i]!.params, interval }))),
    );
  } else {
    interval = params.interval;
  }
  const all = params.normalize === 'share' ? await searcher.timeline({ q: '', interval, from: params.from, to: params.to }) : undefined;

  // One set of periods: every period any series has, gaps filled.
  const seen: Record<string, number> = {};
  for (const t of timelines) for (const b of t.buckets) seen[b.period] = 1;
  const periods = toBuckets(interval, seen).map(({ period, from, to }) => ({ period, from, to }));
  const countsOf = (t: Timeline) => {
    const by = new Map(t.buckets.map((b) => [b.period, b.count]));
    return periods.map((p) => by.get(p.period) ?? 0);
  };
  const allCounts = all ? countsOf(all) : undefined;
  return {
    interval,
    normalize: params.normalize,
    periods,
    series: timelines.map((t, i) => {
      const counts = countsOf(t);
      const out: ComparedSeries = { label: series[i]!.label, total: counts.reduce((a, b) => a + b, 0), counts };
      if (allCounts) out.shares = counts.map((c, j) => (allCounts[j] ? Math.round((c / allCounts[j]!) * 10_000) / 10_000 : 0));
      return out;
    }),
    ...(allCounts ? { all: allCounts } : {}),
  };
}
