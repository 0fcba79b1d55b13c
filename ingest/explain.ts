/** `lede extract --explain`: each facet value with the mentions and the rule or score behind it. */
import type { Article } from '../src/article.ts';
import { FACETS } from '../src/facets.ts';
import type { Explanation } from './enrich/types.ts';

export function formatExplanations(article: Article, explanations: Explanation[], input: string): string {
  const lines = [`${article.title}`, `  from ${input}${article.url ? ` (${article.url})` : ''}`];
  for (const { field: facet } of FACETS.filter((f) => f.enriched)) {
    const values: readonly string[] = article[facet];
    lines.push(`  ${facet}:${values.length ? '' : ' (none)'}`);
    for (const value of values) {
      const why = explanations.filter((e) => e.facet === facet && e.value === value);
      const reasons = why.map(
        (e) =>
          `${e.rule}${e.score !== undefined ? ` ${e.score.toFixed(2)}` : ''}${e.mentions.length ? `: ${e.mentions.map((m) => `"${m}"`).join(', ')}` : ''}`,
      );
      lines.push(`    ${value}  ← ${reasons.join('; ') || 'no explanation recorded'}`);
    }
  }
  return lines.join('\n');
}
