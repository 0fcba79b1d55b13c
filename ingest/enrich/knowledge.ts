/**
 * What enrichment knows about entities beyond the text: the curated lists in
 * `index-config/entities/` (well-known organizations and persons with their aliases, values that
 * are not entities, the name rules) and a newsroom's watchlist (`lede watchlist import`). Data,
 * not code: a user who sees a wrong or split value fixes it in these files, then runs `lede retag`.
 */
import { readFileSync } from 'node:fs';
import { LedeError } from '../../src/errors.ts';
import { projectFile } from '../../src/project-files.ts';

export type EntityFacet = 'persons' | 'organizations';

/** A known real-world entity: its canonical facet value and the other names it goes by. */
export interface KnownEntity {
  facet: EntityFacet;
  name: string;
  aliases: string[];
  /** Where it came from: the curated lists or a watchlist. */
  origin: 'config' | 'watchlist';
}

/** Word lists that decide what a name is (index-config/entities/name-rules.json). */
export interface NameRules {
  /** Last words of names that are places, buildings or things, never a person ("Street", "Theatre"). */
  notPersonHeads: Set<string>;
  /** First words of names that are storms or operations, never a person ("Hurricane Ivan"). */
  notPersonFirstWords: Set<string>;
  /** Last words of names that are events, awards, laws or works, never an organization ("Awards", "Act"). */
  notOrganizationHeads: Set<string>;
  /** Last words that make a name an organization ("Party", "Council", "plc"). */
  organizationHeads: Set<string>;
  /** Words that announce a work's title next ("the film", "the album"): the name after them is neither. */
  workCues: Set<string>;
  /** Role words before a name that are not part of it ("DJ", "MP", "Cardinal"). */
  roleWords: Set<string>;
  /** Counties and regions: places outside sport, where they are also teams ("Kent", "Yorkshire"). */
  regions: Set<string>;
}

export interface EntityKnowledge {
  /** Normalised name or alias → the entity it names. */
  byForm: Map<string, KnownEntity>;
  /** Normalised names a club goes by in football reports only ("Newcastle" for Newcastle United). */
  footballForms: Map<string, KnownEntity>;
  /** Normalised first tokens of every known form, to skip most tokens at once. */
  firstTokens: Set<string>;
  /** Longest known form, in tokens. */
  maxTokens: number;
  /** Normalised values that are never a person / never an organization. */
  rejects: Record<EntityFacet, Set<string>>;
  rules: NameRules;
}

interface EntityListFile {
  entries: Array<{ name: string; aliases?: string[]; footballAliases?: string[] }>;
}

interface RejectsFile {
  persons: string[];
  organizations: string[];
}

interface RulesFile {
  notPersonHeads: string[];
  notPersonFirstWords: string[];
  notOrganizationHeads: string[];
  organizationHeads: string[];
  workCues: string[];
  roleWords: string[];
  regions: string[];
}

/** One entry of a watchlist file (`lede watchlist import` writes these). */
export interface WatchlistEntry {
  name: string;
  type: 'person' | 'organization';
  aliases: string[];
}

export interface WatchlistFile {
  entries: WatchlistEntry[];
}

/** The key every lookup uses: lower case, no accents, punctuation as spaces, no leading "the". */
export function nameKey(text: string): string {
  // ASCII has no accents to strip: skip the (slow) normalisation for most names.
  const folded = /^[\x00-\x7f]*$/.test(text) ? text : text.normalize('NFKD').replace(/\p{M}/gu, '');
  return folded
    .toLowerCase()
    .replace(/[’']s\b/g, '')
    .replace(/[^\p{L}\p{N}&]+/gu, ' ')
    .trim()
    .replace(/^the /, '');
}

const configFile = (name: string): string => projectFile('index-config', 'entities', name);

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** Lower-cased words, each also with a final period as abbreviations are written ("inc.", "bros."). */
const lowerSet = (words: string[]): Set<string> => new Set(words.flatMap((w) => [w.toLowerCase(), `${w.toLowerCase()}.`]));

/** Builds the knowledge from the curated files and an optional watchlist. */
export function buildKnowledge(files: {
  organizations: EntityListFile;
  persons: EntityListFile;
  rejects: RejectsFile;
  rules: RulesFile;
  watchlist?: WatchlistFile;
}): EntityKnowledge {
  const byForm = new Map<string, KnownEntity>();
  const add = (entity: KnownEntity): void => {
    for (const form of [entity.name, ...entity.aliases]) {
      const key = nameKey(form);
      // A watchlist entry outranks a curated one of the same form: it is the newsroom's own word.
      if (key !== '' && (!byForm.has(key) || entity.origin === 'watchlist')) byForm.set(key, entity);
    }
  };
  const footballForms = new Map<string, KnownEntity>();
  for (const e of files.organizations.entries) {
    const entity: KnownEntity = { facet: 'organizations', name: e.name, aliases: e.aliases ?? [], origin: 'config' };
    add(entity);
    for (const alias of e.footballAliases ?? []) footballForms.set(nameKey(alias), entity);
  }
  for (const e of files.persons.entries) add({ facet: 'persons', name: e.name, aliases: e.aliases ?? [], origin: 'config' });
  for (const e of files.watchlist?.entries ?? []) {
    add({ facet: e.type === 'person' ? 'persons' : 'organizations', name: e.name, aliases: e.aliases, origin: 'watchlist' });
  }
  const firstTokens = new Set<string>();
  let maxTokens = 0;
  for (const key of byForm.keys()) {
    const tokens = key.split(' ');
    firstTokens.add(tokens[0] as string);
    maxTokens = Math.max(maxTokens, tokens.length);
  }
  return {
    byForm,
    footballForms,
    firstTokens,
    maxTokens,
    rejects: {
      // What is not an organization (a product, an event, a show) is not a person either; bands and
      // places listed for persons may still be organizations.
      persons: new Set([...files.rejects.persons, ...files.rejects.organizations].map(nameKey)),
      organizations: new Set(files.rejects.organizations.map(nameKey)),
    },
    rules: {
      notPersonHeads: lowerSet(files.rules.notPersonHeads),
      notPersonFirstWords: lowerSet(files.rules.notPersonFirstWords),
      notOrganizationHeads: lowerSet(files.rules.notOrganizationHeads),
      organizationHeads: lowerSet(files.rules.organizationHeads),
      workCues: lowerSet(files.rules.workCues),
      roleWords: lowerSet(files.rules.roleWords),
      regions: lowerSet(files.rules.regions),
    },
  };
}

/** Reads a watchlist file; a missing file is an empty watchlist. */
export function readWatchlist(file: string): WatchlistFile {
  try {
    return readJson<WatchlistFile>(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [] };
    throw new LedeError('invalid-watchlist', `Cannot read the watchlist ${file}: ${(error as Error).message}`, { cause: error });
  }
}

/** The knowledge from `index-config/entities/` plus, when given, a watchlist file. */
export function loadKnowledge(options: { watchlistFile?: string } = {}): EntityKnowledge {
  return buildKnowledge({
    organizations: readJson<EntityListFile>(configFile('organizations.json')),
    persons: readJson<EntityListFile>(configFile('persons.json')),
    rejects: readJson<RejectsFile>(configFile('not-entities.json')),
    rules: readJson<RulesFile>(configFile('name-rules.json')),
    watchlist: options.watchlistFile === undefined ? undefined : readWatchlist(options.watchlistFile),
  });
}

let curated: EntityKnowledge | undefined;

/** The curated knowledge alone, read once: what enrich() uses when given nothing else. */
export function curatedKnowledge(): EntityKnowledge {
  curated ??= loadKnowledge();
  return curated;
}
