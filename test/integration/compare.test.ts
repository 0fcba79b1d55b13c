/** Coverage compared (GET /api/timeline?compare=…) against a real Meilisearch. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Comparison } from '../../src/analysis/compare.ts';
import { deleteIndex, get, seedIndex, startApp, type RunningApp } from './api-helpers.ts';
import { testArticles } from './api-fixtures.ts';
import { uniqueIndex } from '../support/meili.ts';

describe('GET /api/timeline?compare=', () => {
  const index = uniqueIndex('test_compare');
  let app: RunningApp;

  beforeAll(async () => {
    const searchKey = await seedIndex(inject('meiliUrl'), inject('meiliKey'), index, testArticles());
    app = await startApp({ meili: { url: inject('meiliUrl'), searchKey }, index, rateLimitPerMinute: 0 });
  });
  afterAll(async () => {
    await app?.close();
    await deleteIndex(inject('meiliUrl'), inject('meiliKey'), index);
  });

  const compare = (...series: string[]) => series.map((s) => `compare=${encodeURIComponent(s)}`).join('&');

  it('puts several series on one set of periods', async () => {
    const response = await get(app.url, `/api/timeline?${compare('cyber', 'country=Iran')}&interval=month`);
    expect(response.status).toBe(200);
    const result = response.json<Comparison>();
    expect(result.interval).toBe('month');
    expect(result.series.map((s) => s.label)).toEqual(['cyber', 'country=Iran']);
    for (const s of result.series) expect(s.counts).toHaveLength(result.periods.length);
    const at = (period: string, i: number) => result.series[i]!.counts[result.periods.findIndex((p) => p.period === period)];
    expect(at('2022-09', 1)).toBe(2);
    expect(at('2022-11', 1)).toBe(1);
    expect(at('2023-04', 0)).toBe(1);
    expect(result.periods[0]!.period).toBe('2022-06');
    expect(result.periods.map((p) => p.period)).toContain('2022-07'); // gaps filled
    expect(result.all).toBeUndefined();
  });

  it('normalizes to each period’s share of all articles', async () => {
    const result = (
      await get(app.url, `/api/timeline?${compare('q=glacier&country=Switzerland', 'q=cyber')}&interval=month&normalize=share`)
    ).json<Comparison>();
    const may = result.periods.findIndex((p) => p.period === '2023-05');
    expect(result.all![may]).toBe(3);
    expect(result.series[0]!.counts[may]).toBe(3);
    expect(result.series[0]!.shares![may]).toBe(1);
    const sep = result.periods.findIndex((p) => p.period === '2022-09');
    expect(result.series[1]!.shares![sep]).toBe(0.5); // ties-cut (cyber) of ties-cut and denial
  });

  it('picks one interval for all series with auto, and validates', async () => {
    const auto = (await get(app.url, `/api/timeline?${compare('glacier', 'politics')}`)).json<Comparison>();
    expect(auto.interval).toBe('week'); // glacier alone: by day; politics: by week
    const six = await get(app.url, `/api/timeline?${compare('a', 'b', 'c', 'd', 'e', 'f')}`);
    expect(six.status).toBe(400);
    const bad = await get(app.url, `/api/timeline?${compare('colour=red')}`);
    expect(bad.json()).toMatchObject({ error: { code: 'unknown_parameter' } });
    expect((await get(app.url, '/api/timeline?q=cyber')).json()).toHaveProperty('buckets');
  });

  it('draws the series with a legend on /compare', async () => {
    const page = await get(app.url, `/compare?${compare('cyber', 'glacier')}&normalize=share`);
    expect(page.status).toBe(200);
    expect(page.text.match(/<polyline class="series-line series-\d"/g)).toHaveLength(2);
    expect(page.text).toContain('<span class="legend-label">cyber</span>');
    expect(page.text).toContain('Share of all articles');
  });
});
