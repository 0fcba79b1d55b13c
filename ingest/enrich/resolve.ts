/**
 * Archive-level resolution of surnames: an article that names a person only as "Blair" gets
 * "Tony Blair" when the archive makes it unambiguous, and nothing otherwise (a bare surname beside
 * the full name would split one person over two values). Pure: the candidates and their counts come
 * from the archive (Meilisearch facet search in ingest/ops/resolve-pending.ts; an in-memory archive
 * in the evaluations).
 */
import { nameKey } from './knowledge.ts';
import { isGivenName } from './names/given-names.ts';

/** A full name the archive has for a surname, with how it relates to the article at hand. */
export interface SurnameCandidate {
  name: string;
  /** Articles with this name in the archive. */
  count: number;
  /** Articles with this name that also name one of the article's other persons or organizations. */
  cooccurrence: number;
  /** Articles with this name under the article's first topic. */
  sameTopic: number;
}

/** How decisive the best candidate must be: this many times the next one, and at least `min`. */
const COOCCURRENCE = { ratio: 3, min: 2 };
const SAME_TOPIC = { ratio: 5, min: 3 };

function dominant(
  candidates: SurnameCandidate[],
  by: (c: SurnameCandidate) => number,
  rule: { ratio: number; min: number },
): SurnameCandidate | undefined {
  const sorted = [...candidates].sort((a, b) => by(b) - by(a));
  const [best, next] = sorted;
  if (best === undefined || by(best) < rule.min) return undefined;
  return next === undefined || by(best) >= rule.ratio * by(next) ? best : undefined;
}

/** Whether `name` has more than one word and its last is `surname`, ignoring case ("Tony Blair" for "blair", not "Lionel Blairs"). */
export function endsWithSurname(name: string, surname: string): boolean {
  const tokens = name.trim().toLowerCase().split(/\s+/);
  return tokens.length > 1 && tokens[tokens.length - 1] === surname.trim().toLowerCase();
}

/**
 * Whether the archive's only person with a surname must share a person, an organization or the
 * topic with the article to complete it: unless the name is plainly a person's, opening with a
 * given name ("Tony Blair"), it may be a company read as one ("Axa Sun Life" for a stray "Life").
 */
export function onlyCandidateNeedsLink(name: string): boolean {
  return !isGivenName(name.split(' ')[0] ?? '');
}

/**
 * The full name a lone surname stands for, or undefined when the archive does not make it clear:
 * then the surname stays out of the facet (measured: keeping surnames the archive cannot complete
 * adds as many wrong values as right ones on eval/real-news).
 */
export function resolveSurname(surname: string, candidates: SurnameCandidate[]): string | undefined {
  const matching = candidates.filter((c) => c.count > 0 && endsWithSurname(c.name, surname));
  if (matching.length === 0) return undefined;
  if (matching.length === 1) {
    const only = matching[0] as SurnameCandidate;
    return only.cooccurrence > 0 || only.sameTopic > 0 || !onlyCandidateNeedsLink(only.name) ? only.name : undefined;
  }
  return (dominant(matching, (c) => c.cooccurrence, COOCCURRENCE) ?? dominant(matching, (c) => c.sameTopic, SAME_TOPIC))?.name;
}

/** What the archive knows of one article, for resolving its surnames. */
export interface ArticleEntities {
  persons: string[];
  organizations: string[];
  topics: string[];
  pendingPersons: string[];
  pendingOrganizations: string[];
  /** Names the article announces as a work's title: no article's person or organization. */
  workTitles?: string[];
}

/** Other articles that must name a pending organization before the archive confirms it. */
export const ORGANIZATION_CONFIRMATION = { asValue: 1, asPending: 1 };

/**
 * Whether the archive confirms an organization an article mentions once: other articles have it
 * as a value, or enough of them mention it too.
 */
export function confirmOrganization(asValue: number, asPending: number): boolean {
  return asValue >= ORGANIZATION_CONFIRMATION.asValue || asPending >= ORGANIZATION_CONFIRMATION.asPending;
}

/**
 * Whether a pending organization is one word that the archive knows as the surname of a person
 * of the article's circle ("Cisse" in a Liverpool report, when another article naming Liverpool
 * names Djibril Cisse): a footballer called by his surname, which the tagger often reads as a
 * club. Then the archive does not confirm it as an organization. `together`: articles that name
 * a person with that surname and also one of the article's persons or organizations. A known
 * organization is never pending, so "Chelsea" (Chelsea Clinton) is not at stake here.
 */
export function isArchiveSurname(name: string, together: number): boolean {
  return !/\s/.test(name.trim()) && together > 0;
}

/**
 * An archive held in memory: the evaluations' stand-in for the index, answering the same
 * questions the Meilisearch pass asks.
 */
export class MemoryArchive {
  private readonly bySurname = new Map<string, Array<{ name: string; article: number }>>();
  private readonly articles: ArticleEntities[] = [];
  private readonly organizations = new Map<string, { asValue: number; asPending: number }>();
  private readonly titles = new Set<string>();

  add(article: ArticleEntities): void {
    const index = this.articles.push(article) - 1;
    for (const title of article.workTitles ?? []) this.titles.add(nameKey(title));
    const count = (name: string, field: 'asValue' | 'asPending'): void => {
      const c = this.organizations.get(name) ?? { asValue: 0, asPending: 0 };
      c[field]++;
      this.organizations.set(name, c);
    };
    for (const o of article.organizations) count(o, 'asValue');
    for (const o of article.pendingOrganizations) count(o, 'asPending');
    for (const p of article.persons) {
      const tokens = p.toLowerCase().split(' ');
      if (tokens.length < 2) continue;
      const last = tokens[tokens.length - 1] as string;
      const list = this.bySurname.get(last) ?? [];
      list.push({ name: p, article: index });
      this.bySurname.set(last, list);
    }
  }

  /** The candidates for a surname seen from one article. */
  candidates(surname: string, article: ArticleEntities): SurnameCandidate[] {
    const context = new Set([...article.persons, ...article.organizations]);
    const topic = article.topics[0];
    const out = new Map<string, SurnameCandidate>();
    for (const { name, article: i } of this.bySurname.get(surname.toLowerCase()) ?? []) {
      const other = this.articles[i] as ArticleEntities;
      const c = out.get(name) ?? { name, count: 0, cooccurrence: 0, sameTopic: 0 };
      c.count++;
      if ([...other.persons, ...other.organizations].some((v) => v !== name && context.has(v))) c.cooccurrence++;
      if (topic !== undefined && other.topics[0] === topic) c.sameTopic++;
      out.set(name, c);
    }
    return [...out.values()];
  }

  /** The article's organizations with its pending ones confirmed against the archive (itself excluded). */
  confirmedOrganizations(article: ArticleEntities): string[] {
    const out = article.organizations.filter((name) => !this.titles.has(nameKey(name)));
    for (const name of article.pendingOrganizations) {
      const c = this.organizations.get(name) ?? { asValue: 0, asPending: 0 };
      const together = /\s/.test(name) ? 0 : this.candidates(name, article).reduce((n, p) => n + p.cooccurrence, 0);
      if (isArchiveSurname(name, together)) continue;
      if (confirmOrganization(c.asValue, c.asPending - 1) && !out.includes(name) && !this.titles.has(nameKey(name))) out.push(name);
    }
    return out;
  }

  /** The article's persons with its surnames resolved against the archive. */
  resolved(article: ArticleEntities): string[] {
    const persons = article.persons.filter((name) => !this.titles.has(nameKey(name)));
    for (const surname of article.pendingPersons) {
      const name = resolveSurname(surname, this.candidates(surname, article));
      if (name !== undefined && !persons.includes(name)) persons.push(name);
    }
    return persons;
  }
}
