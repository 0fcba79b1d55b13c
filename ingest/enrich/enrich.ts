/** Enrichment: all facets of one article, with the reasons for each value. Pure. */
import { extractEntities } from './entities.ts';
import { classifyTopics } from './topics.ts';
import { curatedKnowledge, type EntityKnowledge } from './knowledge.ts';
import type { EnrichInput, Enrichment } from './types.ts';

/** `knowledge`: the curated entity lists, plus the watchlist when the caller loaded one. */
export function enrich(doc: EnrichInput, knowledge: EntityKnowledge = curatedKnowledge()): Enrichment {
  const topics = classifyTopics(doc);
  const entities = extractEntities(doc, knowledge, topics.topics);
  return {
    facets: {
      countries: entities.countries.map((c) => c.name),
      countryCodes: entities.countries.map((c) => c.code),
      persons: entities.persons,
      organizations: entities.organizations,
      topics: topics.topics,
    },
    aliases: entities.aliases,
    pendingPersons: entities.pendingPersons,
    pendingOrganizations: entities.pendingOrganizations,
    workTitles: entities.workTitles,
    explanations: [...entities.explanations, ...topics.explanations],
  };
}

/** An enrichment with no values: for runs that measure or test everything but the tagging. */
export function noEnrichment(): Enrichment {
  return {
    facets: { countries: [], countryCodes: [], persons: [], organizations: [], topics: [] },
    aliases: { persons: {}, organizations: {}, countries: {} },
    pendingPersons: [],
    pendingOrganizations: [],
    workTitles: [],
    explanations: [],
  };
}
