/**
 * Lede's HTML extractor on the 90 pages of ../shared/corpora/extraction-dev, scored with the corpus
 * metric. Quality only (no timing): the speed comparison with Readability is `npm run eval:extraction`.
 */
import { describe, expect, it } from 'vitest';
import { EXTRACTION_DEV_DIR, loadExtractionCorpus } from '../../eval/extraction-corpus.ts';
import { scoreCorpus, scorePage } from '../../eval/shingles.ts';
import { parseHtml } from '../../ingest/parse/html.ts';
import { hasSharedData } from '../support/shared-data.ts';

const haveCorpus = hasSharedData(EXTRACTION_DEV_DIR);

describe.skipIf(!haveCorpus)('extraction-dev corpus', () => {
  const pages = haveCorpus ? loadExtractionCorpus() : [];
  const results = pages.map((page) => ({ page, result: parseHtml({ input: page.id, bytes: page.html, url: page.url }) }));

  it('extracts an article from every page', () => {
    const failed = results.filter(({ result }) => result.articles.length !== 1).map(({ page }) => page.id);
    expect(failed).toEqual([]);
  });

  it('scores F1 ≥ 0.95 with precision and recall ≥ 0.93 on the shingle metric', () => {
    const score = scoreCorpus(results.map(({ page, result }) => scorePage(result.articles[0]?.article.body ?? '', page.truth)));
    expect(score.pages).toBe(90);
    expect(score.precision).toBeGreaterThanOrEqual(0.93);
    expect(score.recall).toBeGreaterThanOrEqual(0.93);
    expect(score.f1).toBeGreaterThanOrEqual(0.95);
  });

  it('finds a title and a language for every page, and a date source whenever there is a date', () => {
    for (const { page, result } of results) {
      const article = result.articles[0]?.article;
      expect(article?.title, page.id).toBeTruthy();
      expect(article?.language, page.id).toMatch(/^([a-z]{2}|und)$/);
      expect(article?.publishedAt === undefined, page.id).toBe(article?.dateSource === undefined);
    }
  });
});
