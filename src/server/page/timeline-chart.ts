/**
 * The timeline of matches as a small inline SVG bar chart (and several series compared as lines); every bar is a link that narrows the
 * date range to its period. No inline styles (the CSP forbids them): colours come from classes.
 */
import type { ComparedSeries, Comparison } from '../../analysis/compare.ts';
import type { Timeline } from '../../search/timeline.ts';
import { html, type SafeHtml } from './html.ts';
import { formatCount } from './labels.ts';
import { stateUrl, toDate, type PageState } from './state.ts';

const WIDTH = 600;
const HEIGHT = 56;

const toSeconds = (day: string, end: boolean) => Date.parse(`${day}T00:00:00Z`) / 1000 + (end ? 86_399 : 0);

/** Built once: constructing an Intl.DateTimeFormat costs far more than formatting with one (it was most of the page's CPU). */
const MONTH_YEAR = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const DAY_MONTH_YEAR = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const DAY_MONTH = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

function periodLabel(interval: Timeline['interval'], from: string, to: string): string {
  if (interval === 'month') return MONTH_YEAR.format(Date.parse(from));
  if (interval === 'day') return DAY_MONTH_YEAR.format(Date.parse(from));
  return `${DAY_MONTH.format(Date.parse(from))} – ${DAY_MONTH_YEAR.format(Date.parse(to))}`;
}

export function timelineChart(state: PageState, timeline: Timeline | undefined): SafeHtml {
  if (!timeline || timeline.buckets.length < 2) return html``;
  const { buckets, interval } = timeline;
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const slot = WIDTH / buckets.length;
  const gap = slot > 6 ? 1.5 : 0.5;
  const chartHeight = HEIGHT;
  const selectedFrom = state.from !== undefined ? toDate(state.from) : undefined;
  const selectedTo = state.to !== undefined ? toDate(state.to) : undefined;
  const first = buckets[0]!;
  const last = buckets[buckets.length - 1]!;
  const bars = buckets.map((bucket, i) => {
    const height = bucket.count === 0 ? 0 : Math.max(2, (bucket.count / max) * (chartHeight - 4));
    const inRange = (!selectedFrom || bucket.to >= selectedFrom) && (!selectedTo || bucket.from <= selectedTo);
    const label = `${periodLabel(interval, bucket.from, bucket.to)}: ${formatCount(bucket.count)} article${bucket.count === 1 ? '' : 's'}`;
    const href = stateUrl(state, { from: toSeconds(bucket.from, false), to: toSeconds(bucket.to, true) });
    const x = (i * slot + gap / 2).toFixed(2);
    const w = Math.max(0.5, slot - gap).toFixed(2);
    return html`<a href="${href}" data-nav tabindex="-1"><title>${label}</title>
<rect class="hit-area" x="${x}" y="0" width="${w}" height="${chartHeight}"></rect>
<rect class="bar${inRange ? '' : ' out-of-range'}" x="${x}" y="${(chartHeight - height).toFixed(2)}" width="${w}" height="${height.toFixed(2)}"></rect></a>`;
  });
  const dated = state.from !== undefined || state.to !== undefined;
  const busiest = buckets.reduce((a, b) => (b.count > a.count ? b : a));
  // Screen readers and keyboards get a sentence and the From/To fields instead of dozens of bar links.
  const spoken = `${formatCount(timeline.total)} dated matches from ${periodLabel(interval, first.from, first.to)} to ${periodLabel(interval, last.from, last.to)}; most in ${periodLabel(interval, busiest.from, busiest.to)} (${formatCount(busiest.count)}). ${timeline.undated ? ` ${formatCount(timeline.undated)} matches are undated.` : ''} Use the From and To fields to narrow the dates.`;
  return html`<figure class="timeline">
<figcaption><span>Matches over time <span class="muted">(by ${interval}; click a bar to narrow the dates)</span>${
    timeline.undated
      ? html` <span class="muted timeline-undated">· ${formatCount(timeline.undated)} undated article${timeline.undated === 1 ? '' : 's'} not shown</span>`
      : ''
  }</span>
${dated ? html`<a href="${stateUrl(state, { from: null, to: null })}" data-nav>Any time</a>` : ''}</figcaption>
<p class="sr-only">${spoken}</p>
<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" preserveAspectRatio="none" class="timeline-svg" aria-hidden="true" focusable="false">
<rect class="baseline" x="0" y="${HEIGHT - 1}" width="${WIDTH}" height="1"></rect>
${bars}
</svg>
<div class="axis" aria-hidden="true"><span>${periodLabel(interval, first.from, first.to)}</span><span>${periodLabel(interval, last.from, last.to)}</span></div>
</figure>`;
}

const COMPARE_HEIGHT = 160;

/**
 * Several series on one set of periods as lines (one class per series for its colour), with a
 * legend naming each series and its total, and the numbers as a table for screen readers.
 */
export function comparisonChart(comparison: Comparison): SafeHtml {
  const { periods, series, interval } = comparison;
  if (periods.length === 0) return html`<p class="empty">None of the series has dated articles.</p>`;
  const share = comparison.normalize === 'share';
  const valuesOf = (s: ComparedSeries) => (share ? (s.shares ?? []) : s.counts);
  const max = Math.max(share ? 0.0001 : 1, ...series.flatMap(valuesOf));
  const step = periods.length > 1 ? WIDTH / (periods.length - 1) : 0;
  const y = (v: number) => (COMPARE_HEIGHT - 4 - (v / max) * (COMPARE_HEIGHT - 8)).toFixed(2);
  const format = (v: number) => (share ? `${(v * 100).toFixed(2)} %` : formatCount(v));
  const lines = series.map((s, i) => {
    const points = valuesOf(s).map((v, j) => `${(periods.length > 1 ? j * step : WIDTH / 2).toFixed(2)},${y(v)}`);
    return html`<polyline class="series-line series-${i}" data-series="${i}" points="${points.join(' ')}"><title>${s.label}</title></polyline>`;
  });
  const first = periods[0]!;
  const last = periods[periods.length - 1]!;
  return html`<figure class="timeline comparison">
<figcaption><span>${share ? 'Share of all articles' : 'Articles'} by ${interval} <span class="muted">(top of the chart: ${format(max)})</span></span></figcaption>
<ul class="timeline-legend">${series.map(
    (s, i) =>
      html`<li class="series-${i}" data-series="${i}"><span class="legend-label">${s.label}</span> <span class="muted">(${formatCount(s.total)})</span></li>`,
  )}</ul>
<svg viewBox="0 0 ${WIDTH} ${COMPARE_HEIGHT}" preserveAspectRatio="none" class="timeline-svg compare-svg" aria-hidden="true" focusable="false">
<rect class="baseline" x="0" y="${COMPARE_HEIGHT - 1}" width="${WIDTH}" height="1"></rect>
${lines}
</svg>
<div class="axis" aria-hidden="true"><span>${periodLabel(interval, first.from, first.to)}</span><span>${periodLabel(interval, last.from, last.to)}</span></div>
<table class="sr-only"><caption>${share ? 'Share of all articles' : 'Articles'} per ${interval}</caption>
<thead><tr><th scope="col">Period</th>${series.map((s) => html`<th scope="col">${s.label}</th>`)}</tr></thead>
<tbody>${periods.map(
    (p, j) =>
      html`<tr><th scope="row">${periodLabel(interval, p.from, p.to)}</th>${series.map((s) => html`<td>${format(valuesOf(s)[j] ?? 0)}</td>`)}</tr>`,
  )}</tbody></table>
</figure>`;
}
