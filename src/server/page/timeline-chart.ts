/**
 * The timeline of matches as a small inline SVG bar chart; every bar is a link that narrows the
 * date range to its period. No inline styles (the CSP forbids them): colours come from classes.
 */
import type { Timeline } from '../../search/timeline.ts';
import { html, type SafeHtml } from './html.ts';
import { formatCount } from './labels.ts';
import { stateUrl, toDate, type PageState } from './state.ts';

const WIDTH = 600;
const HEIGHT = 56;

const toSeconds = (day: string, end: boolean) => Date.parse(`${day}T00:00:00Z`) / 1000 + (end ? 86_399 : 0);

function periodLabel(interval: Timeline['interval'], from: string, to: string): string {
  const fmt = (d: string, opts: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-GB', { ...opts, timeZone: 'UTC' }).format(Date.parse(d));
  if (interval === 'month') return fmt(from, { month: 'short', year: 'numeric' });
  if (interval === 'day') return fmt(from, { day: 'numeric', month: 'short', year: 'numeric' });
  return `${fmt(from, { day: 'numeric', month: 'short' })} – ${fmt(to, { day: 'numeric', month: 'short', year: 'numeric' })}`;
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
    timeline.undated ? html` <span class="muted timeline-undated">· ${formatCount(timeline.undated)} undated article${timeline.undated === 1 ? '' : 's'} not shown</span>` : ''
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
