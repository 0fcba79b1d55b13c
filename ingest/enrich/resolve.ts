/**
 * Who a bare surname is ("Mr Blair said…" in an article that never gives the full name), decided
 * from what the archive knows about the persons with that surname. Pure: the counts are looked up
 * by ingest/ops/resolve-pending.ts.
 */

/** A person of the archive whose name ends with the surname, and how strongly the article points to them. */
export interface SurnameCandidate {
  /** The canonical facet value ("Tony Blair"). */
  name: string;
  /** Documents of the archive that name this person. */
  count: number;
  /** Of those, documents that share a person or an organization with the article. */
  cooccurrence: number;
  /** Of those, documents that share the article's primary topic. */
  sameTopic: number;
}

/**
 * How decisive the evidence must be. First version, set by hand for Lede (not fitted): a lead this
 * large over the runner-up rarely comes from chance in a news archive, and a minimum count keeps
 * one stray co-mention from deciding.
 */
export const RESOLVE_THRESHOLDS = {
  /** The top candidate needs this many times the co-occurrences of the next… */
  cooccurrenceRatio: 3,
  /** …and at least this many co-occurrences. */
  minCooccurrence: 2,
  /** Else: this many times the same-topic documents of the next… */
  sameTopicRatio: 5,
  /** …and at least this many. */
  minSameTopic: 3,
} as const;

/** Whether the last word of `name` is `surname`, ignoring case ("Tony Blair" and "Blair", not "Lionel Blairs"). */
function endsWithSurname(name: string, surname: string): boolean {
  const last = name.trim().split(/\s+/).pop() ?? '';
  return last.localeCompare(surname.trim(), undefined, { sensitivity: 'accent' }) === 0;
}

/** The candidate with the most `key`, when it leads the next one by `ratio` and has at least `min`. */
function clearLeader(candidates: readonly SurnameCandidate[], key: 'cooccurrence' | 'sameTopic', ratio: number, min: number): SurnameCandidate | undefined {
  const [top, next] = [...candidates].sort((a, b) => b[key] - a[key]);
  if (!top || top[key] < min) return undefined;
  return !next || top[key] >= ratio * next[key] ? top : undefined;
}

/**
 * The person `surname` most likely names, or undefined when the archive does not make it clear.
 * Only candidates whose name ends with the surname count. A unique one is taken; among several,
 * the one that clearly co-occurs most with the article's persons and organizations, else the one
 * that clearly dominates its topic.
 */
export function resolveSurname(surname: string, candidates: readonly SurnameCandidate[]): string | undefined {
  const named = candidates.filter((c) => endsWithSurname(c.name, surname));
  if (named.length === 0) return undefined;
  if (named.length === 1) return named[0]!.name;
  const t = RESOLVE_THRESHOLDS;
  return (
    clearLeader(named, 'cooccurrence', t.cooccurrenceRatio, t.minCooccurrence)?.name ??
    clearLeader(named, 'sameTopic', t.sameTopicRatio, t.minSameTopic)?.name
  );
}
