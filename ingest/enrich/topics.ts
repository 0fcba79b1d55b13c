/** IPTC Media Topics for an article. (First version: to be replaced.) */
import type { EnrichInput, Explanation } from './types.ts';

export interface TopicResult {
  topics: string[];
  explanations: Explanation[];
}

export function classifyTopics(_doc: EnrichInput): TopicResult {
  return { topics: [], explanations: [] };
}
