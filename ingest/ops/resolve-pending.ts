/**
 * The archive resolution pass (`lede resolve`, run after every `lede ingest` and at the end of
 * `lede retag`): documents that name a person by surname alone ("Mr Blair said…") keep it in
 * `pendingPersons`, out of the facet. For each such surname the archive is asked who it could be —
 * facet search on `personKeys` ("blair ⇒ Tony Blair") gives every person with that surname and
 * how many documents name them, in all the archive, among the documents sharing a person or an
 * organization with this one, and among those sharing its primary topic — and
 * `resolveSurname` (ingest/enrich/resolve.ts) decides. A resolved surname joins `persons`
 * through a partial update; an unresolved one stays pending.
 */
import type { Meilisearch } from 'meilisearch';
import { normaliseKey } from '../../src/facets.ts';
import { quote } from '../../src/search/filters.ts';
import {
  FACET_KEY_SEPARATOR,
  withConfirmedOrganizations,
  withResolvedPersons,
  type DocumentEnrichmentFields,
  type OrganizationFields,
  type PersonResolution,
} from '../enrich/document-fields.ts';
import { curatedKnowledge, nameKey, type EntityKnowledge } from '../enrich/knowledge.ts';
import { confirmOrganization, endsWithSurname, isArchiveSurname, onlyCandidateNeedsLink, resolveSurname } from '../enrich/resolve.ts';
import { MeiliSink, type SinkOptions } from '../sink.ts';
import type { Problem } from '../types.ts';
import { indexDocuments, stringList, type StoredDocument } from './documents.ts';
import { dropWorkTitles, type TitleUpdate } from './work-titles.ts';

/** Documents that have pending surnames or organizations (`IS NOT EMPTY` alone also matches documents without the field). */
export const PENDING_FILTER =
  '(pendingPersons EXISTS AND pendingPersons IS NOT EMPTY) OR (pendingOrganizations EXISTS AND pendingOrganizations IS NOT EMPTY)';

/** What the pass reads of a document and what it writes back. */
type PersonFields = Pick<DocumentEnrichmentFields, 'persons' | 'personKeys' | 'entityAliases' | 'pendingPersons'>;
export type PersonUpdate = { id: string } & PersonFields & Partial<OrganizationFields>;

/** `filter` restricted to the documents other than `exclude` (an id), when given. */
function withoutDocument(filter: string | undefined, exclude: string | undefined): string | undefined {
  if (exclude === undefined) return filter;
  const other = `id != ${quote(exclude)}`;
  return filter === undefined ? other : `(${filter}) AND ${other}`;
}

/** Documents that name one of the context's persons or organizations, or undefined when it has none. */
function sharedFilter(context: Pick<ResolveContext, 'persons' | 'organizations'>): string | undefined {
  const shared = [
    context.persons.length ? `persons IN [${context.persons.map(quote).join(', ')}]` : '',
    context.organizations.length ? `organizations IN [${context.organizations.map(quote).join(', ')}]` : '',
  ].filter(Boolean);
  return shared.length ? shared.join(' OR ') : undefined;
}

/** The document around a pending surname: what co-occurrence and topic are counted against. */
export interface ResolveContext {
  persons: readonly string[];
  organizations: readonly string[];
  topics: readonly string[];
}

/**
 * Asks the archive who pending surnames are. Every facet search is cached for the life of the
 * resolver (one pass): a surname met in a thousand documents is looked up once, plus once per
 * distinct context.
 */
export class ArchiveResolver {
  private readonly lookups = new Map<string, Promise<Map<string, number>>>();
  /** Facet searches sent so far (the rest came from the cache). */
  searches = 0;

  constructor(
    private readonly client: Meilisearch,
    private readonly index: string,
    private readonly knowledge: EntityKnowledge = curatedKnowledge(),
  ) {}

  /**
   * The resolutions of the document's pending surnames that the archive makes clear. `exclude`:
   * the id of a document whose stored fields must not count as evidence — the document itself,
   * when it is stored already with an earlier resolution (`lede retag`), so that it does not
   * confirm its own past decision.
   */
  async resolveAll(pendingPersons: readonly string[], context: ResolveContext, exclude?: string): Promise<PersonResolution[]> {
    const resolutions: PersonResolution[] = [];
    for (const surname of pendingPersons) {
      const resolution = await this.resolve(surname, context, exclude);
      if (resolution) resolutions.push(resolution);
    }
    return resolutions;
  }

  /** Who `surname` names in a document with this context, when the archive makes it clear. */
  async resolve(surname: string, context: ResolveContext, exclude?: string): Promise<PersonResolution | undefined> {
    const everywhere = await this.personsNamed(surname, undefined, exclude);
    if (everywhere.size === 0) return undefined;
    let together = new Map<string, number>();
    let sameTopic = new Map<string, number>();
    // With one candidate there is nothing to weigh, unless it needs a link to the article to be taken.
    const [only] = everywhere.keys();
    if (everywhere.size > 1 || onlyCandidateNeedsLink(only ?? '')) {
      const shared = sharedFilter(context);
      if (shared) together = await this.personsNamed(surname, shared, exclude);
      if (context.topics[0]) sameTopic = await this.personsNamed(surname, `topics = ${quote(context.topics[0])}`, exclude);
    }
    const candidates = [...everywhere].map(([name, count]) => ({
      name,
      count,
      cooccurrence: together.get(name) ?? 0,
      sameTopic: sameTopic.get(name) ?? 0,
    }));
    const name = resolveSurname(surname, candidates);
    return name === undefined ? undefined : { surname, name, aliases: this.aliasesOf(name) };
  }

  /**
   * Persons of the archive (within `filter`) whose name ends with `surname`, with how many
   * documents name them. Facet search matches the start of values with typo tolerance, so
   * "blair" also brings "blairs ⇒ …" and "blain ⇒ …": only exact "<surname> ⇒ " keys count.
   */
  private personsNamed(surname: string, filter?: string, exclude?: string): Promise<Map<string, number>> {
    const scoped = withoutDocument(filter, exclude);
    const cacheKey = `${surname.toLowerCase()}\u0000${scoped ?? ''}`;
    let lookup = this.lookups.get(cacheKey);
    if (!lookup) {
      lookup = this.facetSearch(surname, scoped);
      this.lookups.set(cacheKey, lookup);
    }
    return lookup;
  }

  private async facetSearch(surname: string, filter: string | undefined): Promise<Map<string, number>> {
    this.searches++;
    const prefix = `${normaliseKey(surname)}${FACET_KEY_SEPARATOR}`;
    const result = await this.client.index(this.index).searchForFacetValues({
      facetName: 'personKeys',
      facetQuery: surname,
      filter,
      exhaustiveFacetCount: true,
    });
    const persons = new Map<string, number>();
    for (const hit of result.facetHits) {
      if (!hit.value.startsWith(prefix)) continue;
      const name = hit.value.slice(prefix.length);
      if (endsWithSurname(name, surname)) persons.set(name, (persons.get(name) ?? 0) + hit.count);
    }
    return persons;
  }

  private readonly organizationCounts = new Map<string, Promise<{ asValue: number; asPending: number }>>();

  /**
   * The pending organizations the archive confirms: names other documents have as an organization,
   * or mention once too (confirmOrganization in ingest/enrich/resolve.ts). Without `exclude` the
   * document is taken to be stored with these names pending (the pass); with it (`lede retag`),
   * that stored document is left out of the counts, whatever it holds.
   */
  async confirmOrganizations(
    pending: readonly string[],
    exclude?: string,
    context?: Pick<ResolveContext, 'persons' | 'organizations'>,
  ): Promise<string[]> {
    const shared = context === undefined ? undefined : sharedFilter(context);
    const confirmed: string[] = [];
    for (const name of pending) {
      const asValueFilter = withoutDocument(`organizations = ${quote(name)}`, exclude)!;
      const asPendingFilter = withoutDocument(`pendingOrganizations = ${quote(name)}`, exclude)!;
      const cacheKey = `${asValueFilter}\u0000${asPendingFilter}`;
      let counts = this.organizationCounts.get(cacheKey);
      if (counts === undefined) {
        counts = Promise.all([this.count(asValueFilter), this.count(asPendingFilter)]).then(([asValue, asPending]) => ({
          asValue,
          asPending,
        }));
        this.organizationCounts.set(cacheKey, counts);
      }
      const { asValue, asPending } = await counts;
      // Without `exclude`, this document is one of the `asPending` ones.
      if (!confirmOrganization(asValue, exclude === undefined ? asPending - 1 : asPending)) continue;
      // "Cisse": one word the article's circle knows as a person's surname is that footballer, not a club.
      if (shared !== undefined && !/\s/.test(name)) {
        const together = [...(await this.personsNamed(name, shared, exclude)).values()].reduce((n, c) => n + c, 0);
        if (isArchiveSurname(name, together)) continue;
      }
      confirmed.push(name);
    }
    return confirmed;
  }

  private async count(filter: string): Promise<number> {
    this.searches++;
    const result = await this.client.index(this.index).search('', { filter, limit: 0, offset: 0 });
    return result.estimatedTotalHits ?? 0;
  }

  /** The other names of a person the entity lists or the watchlist know. */
  private aliasesOf(name: string): string[] {
    const known = this.knowledge.byForm.get(nameKey(name));
    return known && known.facet === 'persons' && known.name === name ? known.aliases : [];
  }
}

export interface ResolvePendingOptions {
  /** The entity lists (and watchlist) that give a resolved person's aliases. Default: the curated lists. */
  knowledge?: EntityKnowledge;
  /** Count what would be resolved, write nothing. Default: false. */
  dryRun?: boolean;
  /** Documents read per request. Default: 1,000. */
  pageSize?: number;
  sink?: Omit<SinkOptions<PersonUpdate>, 'partial' | 'onIndexed' | 'onUnindexed'>;
  signal?: AbortSignal;
}

export interface ResolvePendingReport {
  /** Documents that had pending surnames. */
  documents: number;
  /** Pending surnames resolved (one per document and surname). */
  resolved: number;
  /** Pending surnames left pending. */
  unresolved: number;
  /** Pending organizations the archive confirmed (one per document and name). */
  confirmedOrganizations: number;
  /** Names some article announces as a work's title (ingest/ops/work-titles.ts). */
  workTitles: number;
  /** Documents that had one of them as a person or an organization (taken out). */
  titleDocuments: number;
  /** Documents written (0 in a dry run). */
  updated: number;
  /** Documents Meilisearch refused, one entry each. */
  failed: Problem[];
  /** Documents not written because Meilisearch stayed unreachable. */
  unindexed: number;
  /** Facet searches sent. */
  searches: number;
  dryRun: boolean;
  durationMs: number;
}

/** Resolves the pending surnames of every document of `index` that has some. */
export async function resolvePending(
  client: Meilisearch,
  index: string,
  options: ResolvePendingOptions = {},
): Promise<ResolvePendingReport> {
  const started = Date.now();
  const dryRun = options.dryRun ?? false;
  // Titles first, so that a title is neither confirmed as an organization nor a surname's answer.
  const titleSink = dryRun ? undefined : new MeiliSink<TitleUpdate>(client, index, { ...options.sink, partial: true });
  const titles = await dropWorkTitles(client, index, titleSink, { pageSize: options.pageSize, signal: options.signal });
  const titlesWritten = await titleSink?.drain();
  const resolver = new ArchiveResolver(client, index, options.knowledge);
  // Read them all first: resolving removes documents from the filter, which would shift the pages.
  const fields = [
    'id',
    'persons',
    'organizations',
    'topics',
    'personKeys',
    'organizationKeys',
    'entityAliases',
    'pendingPersons',
    'pendingOrganizations',
  ];
  const pending: StoredDocument[] = [];
  for await (const doc of indexDocuments(client, index, { filter: PENDING_FILTER, fields, pageSize: options.pageSize })) pending.push(doc);

  const report: ResolvePendingReport = {
    documents: pending.length,
    resolved: 0,
    unresolved: 0,
    confirmedOrganizations: 0,
    workTitles: titles.titles,
    titleDocuments: titles.documents,
    updated: 0,
    failed: [],
    unindexed: 0,
    searches: 0,
    dryRun,
    durationMs: 0,
  };
  const sink = new MeiliSink<PersonUpdate>(client, index, { ...options.sink, partial: true });
  for (const doc of pending) {
    if (options.signal?.aborted) break;
    const stored: PersonFields = {
      persons: stringList(doc['persons']),
      personKeys: stringList(doc['personKeys']),
      entityAliases: stringList(doc['entityAliases']),
      pendingPersons: stringList(doc['pendingPersons']),
    };
    const context = { persons: stored.persons, organizations: stringList(doc['organizations']), topics: stringList(doc['topics']) };
    const resolutions = await resolver.resolveAll(stored.pendingPersons, context);
    report.resolved += resolutions.length;
    report.unresolved += stored.pendingPersons.length - resolutions.length;
    const organizations: OrganizationFields = {
      organizations: context.organizations,
      organizationKeys: stringList(doc['organizationKeys']),
      pendingOrganizations: stringList(doc['pendingOrganizations']),
    };
    const confirmed = await resolver.confirmOrganizations(organizations.pendingOrganizations, undefined, context);
    report.confirmedOrganizations += confirmed.length;
    if ((resolutions.length || confirmed.length) && !dryRun) {
      const id = String(doc['id']);
      const update: PersonUpdate = { id, ...withResolvedPersons(stored, resolutions) };
      await sink.add(confirmed.length ? { ...update, ...withConfirmedOrganizations(organizations, confirmed) } : update, {
        input: index,
        position: `document ${id}`,
      });
    }
  }
  const written = await sink.drain();
  report.updated = written.indexed + (titlesWritten?.indexed ?? 0);
  report.failed = [...(titlesWritten?.failed ?? []), ...written.failed];
  report.unindexed = written.unindexed + (titlesWritten?.unindexed ?? 0);
  report.searches = resolver.searches;
  report.durationMs = Date.now() - started;
  return report;
}
