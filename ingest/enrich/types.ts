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

/** The entity facets whose values have aliases. */
export type AliasedFacet = 'persons' | 'organizations' | 'countries';

export interface Enrichment {
  facets: Facets;
  /**
   * Every other name each facet value goes by (known aliases, the forms the article used), keyed by
   * the value: what full-text and facet-value search find it by ("UK" → United Kingdom).
   */
  aliases: Record<AliasedFacet, Record<string, string[]>>;
  /**
   * Surnames the article names a person by and cannot resolve itself ("Mr Blair" with no
   * "Tony Blair"): the archive may resolve them (ingest/resolve); until then they stay out of the facet.
   */
  pendingPersons: string[];
  /**
   * Names that look like organizations but are mentioned once, with nothing else to tell: the
   * archive confirms them when other articles name them as organizations too.
   */
  pendingOrganizations: string[];
  /**
   * Names the article announces as the title of a work ("the film Vera Drake"): the archive pass
   * takes them out of every article's persons and organizations (one sense per archive).
   */
  workTitles: string[];
  explanations: Explanation[];
}
