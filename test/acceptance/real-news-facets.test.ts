/**
 * The entity facets on real news: the hand-annotated bbc-dev articles of eval/real-news, scored with
 * one credit per entity (a second value for one entity is a false positive), bbc-dev tagged as an
 * archive the way `lede ingest` + `lede resolve` tag it. The floors sit a little under the figures
 * measured when they were set (npm run eval:entities), to catch a regression, not to chase noise.
 */
import { describe, expect, it } from 'vitest';
import { evaluateRealNews } from '../../eval/real-news.ts';
import { hasSharedData } from '../support/shared-data.ts';

describe.skipIf(!hasSharedData('corpora/bbc-dev'))('real-news entity facets (eval/real-news)', () => {
  it('keeps persons, organizations and countries precise, one value per entity', { timeout: 300_000 }, () => {
    const result = evaluateRealNews();
    expect(result.articles).toBeGreaterThanOrEqual(60);
    const { persons, organizations, countries } = result.facets;
    // Measured when set: persons P 0.913 R 0.916; organizations P 0.783 R 0.712; countries P 0.993 R 0.986.
    expect(persons.precision).toBeGreaterThanOrEqual(0.9);
    expect(persons.recall).toBeGreaterThanOrEqual(0.9);
    expect(organizations.precision).toBeGreaterThanOrEqual(0.76);
    expect(organizations.recall).toBeGreaterThanOrEqual(0.69);
    expect(countries.precision).toBeGreaterThanOrEqual(0.98);
    expect(countries.recall).toBeGreaterThanOrEqual(0.95);
  });
});
