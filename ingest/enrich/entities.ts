/** Persons, organizations and countries named in an article. (First version: to be replaced.) */
import type { EnrichInput, Explanation } from './types.ts';

export interface EntityResult {
  persons: string[];
  organizations: string[];
  countries: Array<{ name: string; code: string }>;
  explanations: Explanation[];
}

export function extractEntities(_doc: EnrichInput): EntityResult {
  return { persons: [], organizations: [], countries: [], explanations: [] };
}
