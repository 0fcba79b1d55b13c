/** What enrichment reads and what it produces. */

/** The text of one article, already normalised. */
export interface EnrichInput {
  title: string;
  standfirst: string;
  /** Paragraphs separated by a blank line. */
  body: string;
  /** ISO 639-1, when known. */
  language?: string;
}

export interface Facets {
  countries: string[];
  /** ISO 3166-1 alpha-2, same order as `countries`. */
  countryCodes: string[];
  persons: string[];
  organizations: string[];
  topics: string[];
}

/** Why one facet value was produced: `lede extract --explain`. */
export interface Explanation {
  facet: 'countries' | 'persons' | 'organizations' | 'topics';
  value: string;
  /** The surface forms in the text that led to it ("Tirana", "Albanian", "Edi Rama"). */
  mentions: string[];
  /** The rule or model that produced it, e.g. "capital", "demonym", "tagger", "keywords". */
  rule: string;
  score?: number;
}

export interface Enrichment {
  facets: Facets;
  explanations: Explanation[];
}
