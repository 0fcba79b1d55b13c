/**
 * Topics on real BBC articles (../shared/corpora/bbc-dev) and the seed article. The accuracy floor
 * is on 5-fold cross-validation (the model retrained on 4/5 and tested on 1/5), not on the shipped
 * model, which has seen every bbc-dev article.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyTopics } from '../../ingest/enrich/topics.ts';
import { evaluateTopics } from '../../eval/topics.ts';
import { parsePlainArticle } from '../../eval/train-topics.ts';
import { hasSharedData, sharedPath } from '../support/shared-data.ts';

const seedsDir = sharedPath('seeds');
const haveSeeds = hasSharedData(seedsDir);
const seedFile = haveSeeds ? readdirSync(seedsDir).find((f) => f.startsWith('000_') && f.endsWith('.txt')) : undefined;

describe.skipIf(!hasSharedData('corpora/bbc-dev'))('topics on bbc-dev', () => {
  it('should find the primary topic of at least 92% of articles, cross-validated, with at most 1.5 top-level topics each', async () => {
    const result = await evaluateTopics();
    expect(result.articles).toBe(1337);
    expect(result.accuracy).toBeGreaterThanOrEqual(0.92);
    expect(result.topLevelPerArticle).toBeLessThanOrEqual(1.5);
    for (const accuracy of Object.values(result.perSection)) expect(accuracy).toBeGreaterThanOrEqual(0.85);
  }, 120_000);
});

describe.skipIf(!haveSeeds)('topics of the seed article', () => {
  it('should be politics first, with diplomacy and cybersecurity', () => {
    expect(seedFile).toBeDefined();
    const { topics } = classifyTopics(parsePlainArticle(readFileSync(join(seedsDir, seedFile as string))));
    expect(topics[0]).toBe('politics');
    expect(topics).toContain('cybersecurity');
    expect(topics).toContain('diplomacy');
  });
});
