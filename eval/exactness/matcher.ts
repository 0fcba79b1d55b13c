/**
 * Brute-force gold for eval/exactness.ts: random boolean queries of quoted words, and a matcher
 * that decides them on the documents' text directly. Independent of src/search on purpose (it is
 * the ground truth Lede's compiled queries are checked against): its own query tree, its own
 * tokenizer, its own evaluation.
 *
 * Tokenizer, as Meilisearch's (charabia) for Latin text, on every searchable attribute of
 * index-config/settings.json: NFKD, combining marks dropped (diacritics folded), lower case; words
 * are split at white space, punctuation (apostrophes, hyphens, dashes, the dot of "8.5", "_", "#",
 * "%", "&", "@") and the math symbols + < = > ^ | ~ × ÷, but NOT at currency and other symbols,
 * which Meilisearch keeps inside the word: "$8.5bn" is the words "$8" and "5bn" (so the quoted
 * word "8" does not match it), "US$5" one word, "25°C" one word. Found by probing Meilisearch
 * 1.21 with such texts (docs/quality.md). A quoted word
 * matches a document that has exactly that word (no typo, no prefix) in any searchable attribute;
 * `title:"w"` only in the title. Query words are plain words of letters (see the generator).
 */

/** The searchable attributes of index-config/settings.json, in its order. */
export const SEARCHABLE = [
  'title',
  'standfirst',
  'body',
  'persons',
  'organizations',
  'countries',
  'entityAliases',
  'topics',
  'authors',
  'source',
] as const;

/** A query of the generator: quoted words, facet terms, AND / OR / NOT. */
export type GoldQuery =
  | { type: 'word'; word: string; title: boolean }
  | { type: 'country'; value: string }
  /** Published from `from` to `to` (Unix seconds, both included): the from/to parameters. Undated documents never match. */
  | { type: 'published'; from: number; to: number }
  /** `pre*`: a word that starts with `prefix` (the word itself included). */
  | { type: 'prefix'; prefix: string }
  | { type: 'not'; child: GoldQuery }
  | { type: 'and' | 'or'; children: GoldQuery[] };

/** Folds like Meilisearch's normalizer: compatibility decomposition, no combining marks, lower case. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** Characters that separate words (see the module comment): white space, punctuation, some math symbols. */
const SEPARATOR = /[\s\p{P}\p{Z}\p{C}+<=>^|~×÷]+/u;

/** The words of a text, as Meilisearch indexes them (folded, split at separators; symbols such as $ £ ° stay in the word). */
export function tokenize(text: string): string[] {
  return fold(text)
    .split(SEPARATOR)
    .filter((w) => w !== '');
}

/** A document as the matcher needs it: its words everywhere, its title words, its countries. */
export interface GoldDocument {
  id: string;
  all: Set<string>;
  title: Set<string>;
  countries: Set<string>;
  /** publishedTs, or null when undated. */
  ts: number | null;
}

function values(field: unknown): string[] {
  if (typeof field === 'string') return [field];
  if (Array.isArray(field)) return field.filter((v): v is string => typeof v === 'string');
  return [];
}

/** Indexes a stored document (every field as read back from Meilisearch). */
export function goldDocument(doc: Record<string, unknown>): GoldDocument {
  const all = new Set<string>();
  for (const attribute of SEARCHABLE) for (const value of values(doc[attribute])) for (const w of tokenize(value)) all.add(w);
  return {
    id: String(doc['id']),
    all,
    title: new Set(values(doc['title']).flatMap(tokenize)),
    countries: new Set(values(doc['countries']).map((c) => fold(c.trim()))),
    ts: typeof doc['publishedTs'] === 'number' ? doc['publishedTs'] : null,
  };
}

/** Whether the document matches the query. */
export function matches(query: GoldQuery, doc: GoldDocument): boolean {
  switch (query.type) {
    case 'word': {
      const word = fold(query.word);
      return (query.title ? doc.title : doc.all).has(word);
    }
    case 'country':
      return doc.countries.has(fold(query.value.trim()));
    case 'published':
      return doc.ts !== null && doc.ts >= query.from && doc.ts <= query.to;
    case 'prefix': {
      const prefix = fold(query.prefix);
      for (const word of doc.all) if (word.startsWith(prefix)) return true;
      return false;
    }
    case 'not':
      return !matches(query.child, doc);
    case 'and':
      return query.children.every((child) => matches(child, doc));
    case 'or':
      return query.children.some((child) => matches(child, doc));
  }
}

/** Ids of the documents matching the query. */
export function matchAll(query: GoldQuery, docs: readonly GoldDocument[]): Set<string> {
  return new Set(docs.filter((doc) => matches(query, doc)).map((doc) => doc.id));
}

/** How many alternative searches the query is, as disjunctive normal form over its words (facet terms count none). */
export function alternatives(query: GoldQuery, negated = false): number {
  if (!hasWords(query)) return 1;
  switch (query.type) {
    case 'word':
    case 'country':
    case 'published':
    case 'prefix':
      return 1;
    case 'not':
      return alternatives(query.child, !negated);
    case 'and':
    case 'or': {
      const counts = query.children.map((child) => alternatives(child, negated));
      return (query.type === 'or') !== negated ? counts.reduce((a, b) => a + b, 0) : counts.reduce((a, b) => a * b, 1);
    }
  }
}

function hasWords(query: GoldQuery): boolean {
  if (query.type === 'word' || query.type === 'prefix') return true;
  if (query.type === 'country' || query.type === 'published') return false;
  if (query.type === 'not') return hasWords(query.child);
  return query.children.some(hasWords);
}

/** Quotes a facet value for the query language. */
const quoteValue = (value: string) => `"${value.replace(/"/g, '')}"`;

/**
 * The query in Lede's query language. `(…)` is written where the binding needs it (AND loosest,
 * then OR, then NOT) and, when `random` says so, also where it does not.
 */
export function formatQuery(query: GoldQuery, random: () => number = () => 1): string {
  const optional = () => random() < 0.5;
  switch (query.type) {
    case 'word':
      return `${query.title ? 'title:' : ''}"${query.word}"`;
    case 'country':
      return `country:${quoteValue(query.value)}`;
    case 'prefix':
      return `${query.prefix}*`;
    case 'published':
      throw new TypeError('from/to are parameters, not query terms');
    case 'not': {
      const inner = formatQuery(query.child, random);
      const atomic = query.child.type === 'word' || query.child.type === 'country' || query.child.type === 'prefix';
      const text = atomic && !optional() ? inner : `(${inner})`;
      return random() < 0.5 ? `-${text}` : `NOT ${text}`;
    }
    case 'or':
      return query.children
        .map((child) => {
          const inner = formatQuery(child, random);
          return child.type === 'and' || (child.type === 'or' && optional()) ? `(${inner})` : inner;
        })
        .join(' OR ');
    case 'and': {
      const explicit = random() < 0.5;
      return query.children
        .map((child) => {
          const inner = formatQuery(child, random);
          return child.type === 'and' || (child.type === 'or' && optional()) ? `(${inner})` : inner;
        })
        .join(explicit ? ' AND ' : ' ');
    }
  }
}

/** A word the generator may quote: letters a–z only, at least 3 of them (see docs/quality.md for why). */
export const PLAIN_WORD = /^[a-z]{3,}$/;
/** The wider class of `--words all`: any token of the tokenizer (digits, non-ASCII letters, short words). */
export const ANY_WORD = /^[\p{L}\p{N}]+$/u;

export interface GeneratorSource {
  /** Words of the documents, once per document (so drawing one at random favours frequent words). */
  words: readonly string[];
  /** The distinct words of the documents (drawing one at random favours rare words). */
  vocabulary: readonly string[];
  /** Words of the titles, with repetitions. */
  titleWords: readonly string[];
  /** Country facet values, with repetitions. */
  countries: readonly string[];
}

/** The word lists of the generator from the documents' text. */
export function generatorSource(docs: readonly Record<string, unknown>[], wordClass: RegExp = PLAIN_WORD): GeneratorSource {
  const words: string[] = [];
  const titleWords: string[] = [];
  const countries: string[] = [];
  for (const doc of docs) {
    // Distinct per document: drawing a word is then drawing by document frequency.
    const own = new Set<string>();
    for (const attribute of SEARCHABLE) for (const value of values(doc[attribute])) for (const w of tokenize(value)) own.add(w);
    for (const w of own) if (wordClass.test(w)) words.push(w);
    for (const w of new Set(values(doc['title']).flatMap(tokenize))) if (wordClass.test(w)) titleWords.push(w);
    countries.push(...values(doc['countries']));
  }
  return { words, vocabulary: [...new Set(words)].sort(), titleWords, countries };
}

export interface GeneratorOptions {
  /** Most alternative searches a query may expand to (Lede's documented limit, 8). */
  maxAlternatives?: number;
  /** Probability of a country facet term in place of a word. Default 0.08. */
  facetRate?: number;
  /**
   * Probability of a `prefix` case (randomCase). Default 0: `pre*` words are not exact in Lede (a
   * prefix of 5+ letters tolerates a typo, and Meilisearch may split it into two words), see
   * docs/query-language.md; `npm run eval:exactness -- --prefix` measures them.
   */
  prefixRate?: number;
  /** Days (YYYY-MM-DD, ascending) to draw `from`/`to` parameters from, for one case in four; none by default. */
  days?: readonly string[];
}

/**
 * A random query: 1–3 levels of AND / OR / NOT over quoted words (some `title:`), now and then a
 * country facet term; redrawn until it expands to at most `maxAlternatives` searches.
 */
export function randomQuery(source: GeneratorSource, random: () => number, options: GeneratorOptions = {}): GoldQuery {
  const max = options.maxAlternatives ?? 8;
  const facetRate = options.facetRate ?? 0.08;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const leaf = (): GoldQuery => {
    if (source.countries.length && random() < facetRate) return { type: 'country', value: pick(source.countries) };
    const title = source.titleWords.length > 0 && random() < 0.2;
    // Half by document frequency (large sets, >1,000 matches), half from the vocabulary (rare words, near typos of others).
    const list = title ? source.titleWords : random() < 0.5 || !source.vocabulary.length ? source.words : source.vocabulary;
    return { type: 'word', word: pick(list), title };
  };
  const node = (depth: number): GoldQuery => {
    const r = random();
    if (depth >= 2 || r < 0.35) return random() < 0.2 ? { type: 'not', child: leaf() } : leaf();
    if (r < 0.45) return { type: 'not', child: node(depth + 1) };
    const n = 2 + Math.floor(random() * 2);
    return { type: r < 0.72 ? 'or' : 'and', children: Array.from({ length: n }, () => node(depth + 1)) };
  };
  for (;;) {
    const type = random() < 0.5 ? 'or' : 'and';
    const n = 2 + Math.floor(random() * 2);
    const query: GoldQuery = { type, children: Array.from({ length: n }, () => node(1)) };
    // A query of exclusions only is allowed, but keep some positive word in most.
    if (alternatives(query) <= max) return query;
  }
}

/** One query to check: the tree the matcher decides, `q` as sent, and the other search parameters. */
export interface GoldCase {
  /**
   * `boolean`: quoted words with operators; `plain`: unquoted plain words (answered exact first);
   * `prefix`: a boolean query ANDed with one `pre*` word (Lede allows one per AND group, not excluded).
   */
  kind: 'boolean' | 'plain' | 'prefix';
  query: GoldQuery;
  q: string;
  /** Other parameters of the request: the `country` filter, `sort`. */
  params: Record<string, string>;
}

const DAY = 86_400;
const dayStart = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000;

/** The query the matcher decides for a case: its tree, ANDed with the `country` and `from`/`to` parameters (bare dates, whole days). */
export function caseQuery(c: GoldCase): GoldQuery {
  const parts: GoldQuery[] = [c.query];
  const { country, from, to } = c.params;
  if (country !== undefined) parts.push({ type: 'country', value: country });
  if (from !== undefined || to !== undefined) {
    parts.push({
      type: 'published',
      from: from === undefined ? Number.NEGATIVE_INFINITY : dayStart(from),
      to: to === undefined ? Number.POSITIVE_INFINITY : dayStart(to) + DAY - 1,
    });
  }
  return parts.length === 1 ? c.query : { type: 'and', children: parts };
}

/**
 * A random case: mostly a boolean query (randomQuery), one in eight 1–3 plain words; with
 * `prefixRate`, a boolean query (or nothing) ANDed with a `pre*` word of 3–6 letters; now and then a
 * `country=` filter parameter, and a random `sort` (the export pages differently for each).
 */
export function randomCase(source: GeneratorSource, random: () => number, options: GeneratorOptions = {}): GoldCase {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const params: Record<string, string> = {};
  let c: GoldCase;
  const prefixRate = options.prefixRate ?? 0;
  const kind = random();
  if (kind < prefixRate) {
    const word = pick(source.words.length ? source.words : ['aaa']);
    const prefix: GoldQuery = { type: 'prefix', prefix: word.slice(0, Math.min(word.length, 3 + Math.floor(random() * 4))) };
    if (random() < 0.3) {
      c = { kind: 'prefix', query: prefix, q: formatQuery(prefix, random), params };
    } else {
      // Within the alternatives limit: the prefix multiplies nothing.
      const query = randomQuery(source, random, options);
      c = {
        kind: 'prefix',
        query: { type: 'and', children: [query, prefix] },
        q: `(${formatQuery(query, random)}) ${prefix.prefix}*`,
        params,
      };
    }
  } else if (kind < prefixRate + 0.125) {
    const words = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(source.words));
    c = {
      kind: 'plain',
      query: { type: 'and', children: words.map((word) => ({ type: 'word', word, title: false })) },
      q: words.join(' '),
      params,
    };
  } else {
    const query = randomQuery(source, random, options);
    c = { kind: 'boolean', query, q: formatQuery(query, random), params };
  }
  if (source.countries.length && random() < 0.15) params['country'] = pick(source.countries);
  const days = options.days ?? [];
  if (days.length && random() < 0.25) {
    const a = Math.floor(random() * days.length);
    const b = a + Math.floor(random() * (days.length - a));
    const which = random();
    if (which < 0.75) params['from'] = days[a]!;
    if (which >= 0.4) params['to'] = days[b]!;
  }
  const sort = random();
  if (sort < 0.3) params['sort'] = 'oldest';
  else if (sort < 0.6) params['sort'] = 'newest';
  return c;
}
