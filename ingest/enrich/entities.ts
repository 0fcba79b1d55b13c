/**
 * Persons, organizations and countries named in an article. The text is tagged once (tokenizer +
 * averaged-perceptron NER trained on CoNLL-2003); each facet then reads the tagged spans.
 */
import { extractCountries } from './countries/extract.ts';
import { tagText } from './ner/tag.ts';
import { extractOrganizations } from './organizations/extract.ts';
import { extractPersons, withoutOrganizationNames } from './persons/extract.ts';
import type { EnrichInput, Explanation } from './types.ts';

export interface EntityResult {
  persons: string[];
  organizations: string[];
  countries: Array<{ name: string; code: string }>;
  explanations: Explanation[];
}

/** The article as one text, one paragraph per line: title, standfirst, then the body. */
export function articleText(doc: EnrichInput): string {
  return [doc.title, doc.standfirst, doc.body]
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join('\n\n');
}

export function extractEntities(doc: EnrichInput): EntityResult {
  const text = articleText(doc);
  const tagged = tagText(text);
  const candidates = extractPersons(tagged.spans);
  const organizations = extractOrganizations(tagged, text, candidates.persons);
  const persons = withoutOrganizationNames(candidates, organizations.organizations);
  const countries = extractCountries(tagged, text);
  return {
    persons: persons.persons,
    organizations: organizations.organizations,
    countries: countries.countries,
    explanations: [...countries.explanations, ...persons.explanations, ...organizations.explanations],
  };
}
