/**
 * The query language is exact on real news (issue 13): random boolean queries of quoted words over
 * bbc-dev, through the real API, export exactly the articles a brute-force matcher finds in the
 * stored documents and count them exactly; `-country:"X"` and `country=X` add up to the archive.
 * The full run (200 queries, more facet values) is `npm run eval:exactness`.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_CORPUS, facetExact, listen, queryExact, report, runExactness, totalExact } from '../../eval/exactness.ts';
import { ingest } from '../../ingest/ingest.ts';
import { setupIndex } from '../../src/meili/setup.ts';
import { testAdminClient, uniqueIndex } from '../support/meili.ts';
import { hasSharedData } from '../support/shared-data.ts';

const index = uniqueIndex('test_exactness');
const admin = testAdminClient();
let api: Awaited<ReturnType<typeof listen>> | undefined;

describe.skipIf(!hasSharedData('corpora/bbc-dev'))('exactness of boolean queries on bbc-dev (eval/exactness)', () => {
  beforeAll(async () => {
    const setup = await setupIndex(admin, index, { adminKey: inject('meiliKey') });
    const ingested = await ingest([DEFAULT_CORPUS], { client: admin, index });
    expect(ingested.failed).toEqual([]);
    api = await listen(inject('meiliUrl'), setup.searchKey, index);
  }, 180_000);

  afterAll(async () => {
    await api?.close();
    await admin
      .deleteIndex(index)
      .waitTask()
      .catch(() => undefined);
  });

  it('exports and counts exactly what the brute-force matcher finds; facet totals add up', { timeout: 120_000 }, async () => {
    const result = await runExactness({ apiUrl: api!.url, admin, index, queries: 30, seed: 20261129, countries: 3, others: 1 });
    const lines: string[] = [];
    const ok = report(result, (line) => lines.push(line));
    expect(result.documents).toBeGreaterThan(1200);
    expect(result.queries.filter((o) => o.or).length).toBeGreaterThan(8);
    expect(result.queries.filter((o) => !queryExact(o) || !totalExact(o)).map((o) => o.q)).toEqual([]);
    expect(result.facets.filter((f) => !facetExact(f))).toEqual([]);
    expect(ok, lines.join('\n')).toBe(true);
  });
});
