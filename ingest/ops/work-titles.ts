/**
 * One sense per archive for works' titles, a step of the resolution pass (`lede resolve`): a name
 * that some article announces as a film, a show or a game ("the film Vera Drake", its
 * `workTitles`) is not a person or an organization in any article, including those that name it
 * with no such cue ("Vera Drake star Imelda Staunton"). Names the entity lists know never become
 * titles (ingest/enrich/names/candidates.ts), so "Fifa" stays an organization after "the game Fifa".
 */
import type { Meilisearch } from 'meilisearch';
import { quote } from '../../src/search/filters.ts';
import { FACET_KEY_SEPARATOR } from '../enrich/document-fields.ts';
import { nameKey } from '../enrich/knowledge.ts';
import type { MeiliSink } from '../sink.ts';
import { indexDocuments, stringList } from './documents.ts';

/** The fields a title is taken out of. */
export interface TitleFields {
  persons: string[];
  personKeys: string[];
  organizations: string[];
  organizationKeys: string[];
  pendingPersons: string[];
  pendingOrganizations: string[];
}

export type TitleUpdate = { id: string } & TitleFields;

const VALUE_FIELDS = ['persons', 'organizations', 'pendingPersons', 'pendingOrganizations'] as const;
/** Titles per filter of the lookup (a filter's `IN [...]` list). */
const CHUNK = 200;

/** Every work title of the archive, by name key (the spelling first seen kept). */
export async function archiveWorkTitles(client: Meilisearch, index: string, pageSize?: number): Promise<Map<string, string>> {
  const titles = new Map<string, string>();
  const filter = 'workTitles EXISTS AND workTitles IS NOT EMPTY';
  for await (const doc of indexDocuments(client, index, { filter, fields: ['workTitles'], pageSize })) {
    for (const title of stringList(doc['workTitles'])) if (!titles.has(nameKey(title))) titles.set(nameKey(title), title);
  }
  return titles;
}

/** The fields without the titles (a key "blair ⇒ Tony Blair" goes with its value); undefined when nothing changes. */
export function withoutTitles(fields: TitleFields, titles: ReadonlyMap<string, string>): TitleFields | undefined {
  const keep = (value: string) => !titles.has(nameKey(value));
  const keepKey = (key: string) => keep(key.slice(key.indexOf(FACET_KEY_SEPARATOR) + FACET_KEY_SEPARATOR.length));
  const next: TitleFields = {
    persons: fields.persons.filter(keep),
    personKeys: fields.personKeys.filter(keepKey),
    organizations: fields.organizations.filter(keep),
    organizationKeys: fields.organizationKeys.filter(keepKey),
    pendingPersons: fields.pendingPersons.filter(keep),
    pendingOrganizations: fields.pendingOrganizations.filter(keep),
  };
  return VALUE_FIELDS.some((field) => next[field].length !== fields[field].length) ? next : undefined;
}

/**
 * Takes the archive's work titles out of every document that has one as a person or an
 * organization (pending ones included), through `sink` (partial updates). Returns the titles known
 * and the documents changed.
 */
export async function dropWorkTitles(
  client: Meilisearch,
  index: string,
  sink: MeiliSink<TitleUpdate> | undefined,
  options: { pageSize?: number; signal?: AbortSignal } = {},
): Promise<{ titles: number; documents: number }> {
  const titles = await archiveWorkTitles(client, index, options.pageSize);
  const names = [...titles.values()];
  const seen = new Set<string>();
  let documents = 0;
  for (let at = 0; at < names.length && !options.signal?.aborted; at += CHUNK) {
    const list = names
      .slice(at, at + CHUNK)
      .map(quote)
      .join(', ');
    const filter = VALUE_FIELDS.map((field) => `${field} IN [${list}]`).join(' OR ');
    const fields = ['id', ...VALUE_FIELDS, 'personKeys', 'organizationKeys'];
    for await (const doc of indexDocuments(client, index, { filter, fields, pageSize: options.pageSize })) {
      const id = String(doc['id']);
      if (seen.has(id)) continue;
      seen.add(id);
      const next = withoutTitles(
        {
          persons: stringList(doc['persons']),
          personKeys: stringList(doc['personKeys']),
          organizations: stringList(doc['organizations']),
          organizationKeys: stringList(doc['organizationKeys']),
          pendingPersons: stringList(doc['pendingPersons']),
          pendingOrganizations: stringList(doc['pendingOrganizations']),
        },
        titles,
      );
      if (!next) continue;
      documents++;
      await sink?.add({ id, ...next }, { input: index, position: `document ${id}` });
    }
  }
  return { titles: titles.size, documents };
}
