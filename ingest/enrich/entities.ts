/**
 * Persons, organizations and countries named in an article. The text is tagged once (tokenizer +
 * averaged-perceptron NER trained on CoNLL-2003); the person and organization spans are cleaned
 * into name candidates (./names/candidates.ts), and each facet then judges its own.
 */
import { extractCountries } from './countries/extract.ts';
import { countryGazetteer } from './gazetteer/countries.ts';
import { curatedKnowledge, nameKey, type EntityKnowledge } from './knowledge.ts';
import { isFunctionWord, nameCandidates, workTitles } from './names/candidates.ts';
import { isGivenName } from './names/given-names.ts';
import { isCourtesyTitle, isTitleWord } from './names/titles.ts';
import { tagText } from './ner/tag.ts';
import { extractOrganizations } from './organizations/extract.ts';
import { extractPersons, withoutOrganizationNames } from './persons/extract.ts';
import type { AliasedFacet, EnrichInput, Explanation } from './types.ts';

export interface EntityResult {
  persons: string[];
  organizations: string[];
  countries: Array<{ name: string; code: string }>;
  /** Other names of each value: the known aliases and the forms the article used. */
  aliases: Record<AliasedFacet, Record<string, string[]>>;
  /** One-word person names the article never completes. */
  pendingPersons: string[];
  /** Organization-like names mentioned too rarely to tell. */
  pendingOrganizations: string[];
  /** Names the article announces as a work's title: the archive drops them from every article. */
  workTitles: string[];
  explanations: Explanation[];
}

/** The article as one text, one paragraph per line: title, standfirst, then the body. */
export function articleText(doc: EnrichInput): string {
  return [doc.title, doc.standfirst, doc.body]
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join('\n\n');
}

/** The value's known aliases and the article's own forms, without the value itself or repeats. */
function aliasesOf(value: string, forms: string[], knowledge: EntityKnowledge): string[] {
  const known = knowledge.byForm.get(nameKey(value));
  const all = [...(known?.name === value ? known.aliases : []), ...forms];
  const seen = new Set([nameKey(value)]);
  const out: string[] = [];
  for (const a of all) {
    const key = nameKey(a);
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(a);
  }
  return out;
}

/**
 * Whether an alias of a person is only a bare given name or one common word ("David" of David
 * Blunkett, "Arjan" of Arjan de Zeeuw, "And"), or a courtesy title and the surname ("Mr Blunkett"):
 * it names nobody, or says no more than the name, and a reader seeing it under "Also found as"
 * takes it for junk. The surname alone stays ("Henry" of Thierry Henry), and so do titles that say
 * something ("Lord Coe").
 */
export function isBarePersonAlias(person: string, alias: string): boolean {
  const words = alias.trim().split(/\s+/);
  const tokens = person.split(' ');
  const surname = nameKey(tokens[tokens.length - 1] as string);
  // "Mr Blunkett": a courtesy title and the surname, the way the article refers to its person.
  if (words.length === 2 && isCourtesyTitle(words[0] as string)) return nameKey(words[1] as string) === surname;
  if (words.length !== 1) return false;
  const word = words[0] as string;
  if (nameKey(word) === surname) return false;
  return nameKey(word) === nameKey(tokens[0] as string) || isGivenName(word) || isFunctionWord(word) || isTitleWord(word);
}

/** `topics`: the article's topics, when known (a city is a place outside sport, and may be a club in it). */
export function extractEntities(
  doc: EnrichInput,
  knowledge: EntityKnowledge = curatedKnowledge(),
  topics: readonly string[] = [],
): EntityResult {
  const text = articleText(doc);
  const tagged = tagText(text);
  const titles = workTitles(tagged, knowledge);
  const candidates = nameCandidates(tagged, text, knowledge, titles);
  const personResult = extractPersons(candidates, knowledge);
  const organizations = extractOrganizations(tagged, text, candidates, knowledge, personResult.persons, {
    placesAreNotClubs: topics[0] !== undefined && topics[0] !== 'sport',
    // A rugby report's towns are its clubs too, but not the football ones (Leicester Tigers, not Leicester City).
    football: topics.includes('football') && !topics.includes('rugby'),
  });
  const persons = withoutOrganizationNames(personResult, organizations.organizations);
  const countries = extractCountries(tagged, text);
  const orgWords = new Set(organizations.organizations.map((o) => o.toLowerCase()));
  const countryAliases: Record<string, string[]> = {};
  const gaz = countryGazetteer();
  for (const e of countries.explanations) {
    const code = countries.countries.find((c) => c.name === e.value)?.code;
    countryAliases[e.value] = aliasesOf(e.value, [...e.mentions, ...(code === undefined ? [] : (gaz.aliases.get(code) ?? []))], knowledge);
  }
  return {
    persons: persons.persons,
    organizations: organizations.organizations,
    countries: countries.countries,
    aliases: {
      persons: Object.fromEntries(
        persons.persons.map((p) => [p, aliasesOf(p, persons.aliases[p] ?? [], knowledge).filter((a) => !isBarePersonAlias(p, a))]),
      ),
      organizations: Object.fromEntries(
        organizations.organizations.map((o) => [o, aliasesOf(o, organizations.aliases[o] ?? [], knowledge)]),
      ),
      countries: countryAliases,
    },
    pendingPersons: persons.pending.filter((p) => !orgWords.has(p.toLowerCase())),
    pendingOrganizations: organizations.pending,
    workTitles: [...titles.values()],
    explanations: [...countries.explanations, ...persons.explanations, ...organizations.explanations],
  };
}
