/**
 * A newsroom's watchlist as CSV (`lede watchlist import FILE.csv`): header `name,type,aliases`,
 * one person or organization a row, aliases separated by `;` or `|`. Every row is checked on its
 * own: a bad row is reported with its line number and what is wrong, the others are kept.
 * Parsing is csv-parse's (quoted fields, commas and line breaks inside quotes, a BOM).
 */
import { parse } from 'csv-parse/sync';
import { nameKey, type WatchlistEntry } from '../enrich/knowledge.ts';
import { LedeError } from '../../src/errors.ts';

/** A row that cannot be imported: its line in the file and why. */
export interface RowError {
  line: number;
  message: string;
}

/** An entry read from the file, with the line it came from. */
export interface ImportedEntry extends WatchlistEntry {
  line: number;
}

export interface WatchlistCsv {
  entries: ImportedEntry[];
  errors: RowError[];
}

/** A watchlist file that cannot be read as a whole (single bad rows are reported, not thrown). */
export class WatchlistCsvError extends LedeError {
  override name = 'WatchlistCsvError';
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('invalid-watchlist-csv', message, options);
  }
}

const COLUMNS = ['name', 'type', 'aliases'] as const;
const REQUIRED = ['name', 'type'] as const;
const TYPES = new Set<WatchlistEntry['type']>(['person', 'organization']);
/** Longer than any real name: a cell this long is a pasting accident. */
const MAX_NAME_CHARS = 200;

const clean = (text: string): string => text.replace(/\s+/g, ' ').trim();

interface Parsed {
  record: string[];
  info: { lines: number };
}

/**
 * The entries of a watchlist CSV and the rows that were refused. Throws a WatchlistCsvError only
 * when the file as a whole cannot be read (no or wrong header, a quote never closed).
 */
export function parseWatchlistCsv(text: string): WatchlistCsv {
  let rows: Parsed[];
  try {
    rows = parse(text, {
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      relax_quotes: true,
      info: true,
    }) as unknown as Parsed[];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new WatchlistCsvError(`Not a readable CSV file${line ? ` (line ${line})` : ''}: ${(error as Error).message}`, { cause: error });
  }
  const [header, ...records] = rows;
  if (!header) throw new WatchlistCsvError('The file is empty: expected a header `name,type,aliases` and one row per entry.');
  const columns = header.record.map((cell) => cell.toLowerCase());
  const unknown = columns.filter((c) => !(COLUMNS as readonly string[]).includes(c));
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (unknown.length || missing.length || new Set(columns).size !== columns.length) {
    throw new WatchlistCsvError(`Expected the header \`name,type,aliases\` (aliases optional), got \`${header.record.join(',')}\`.`);
  }
  const at = (record: string[], column: (typeof COLUMNS)[number]) => {
    const i = columns.indexOf(column);
    return i < 0 ? '' : (record[i] ?? '');
  };

  const result: WatchlistCsv = { entries: [], errors: [] };
  /** Normalised name or alias → the line that claimed it. */
  const claimed = new Map<string, { line: number; name: string }>();
  for (const { record, info } of records) {
    // info.lines is where the record ends; a quoted field may span lines.
    const line = info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    const problems: string[] = [];
    if (record.length > columns.length)
      problems.push(`${record.length} fields, the header has ${columns.length} (quote a value that contains a comma)`);
    const name = clean(at(record, 'name'));
    const rawType = clean(at(record, 'type')).toLowerCase();
    if (!name) problems.push('the name is empty');
    else if (!nameKey(name)) problems.push(`the name "${name}" has no letters or digits`);
    else if (name.length > MAX_NAME_CHARS) problems.push(`the name is ${name.length} characters long (at most ${MAX_NAME_CHARS})`);
    if (!rawType) problems.push('the type is empty (person or organization)');
    else if (!TYPES.has(rawType as WatchlistEntry['type'])) problems.push(`the type must be person or organization, got "${rawType}"`);

    const aliases: string[] = [];
    for (const alias of at(record, 'aliases').split(/[;|]/).map(clean)) {
      if (!alias || alias === name || aliases.includes(alias)) continue;
      if (!nameKey(alias)) problems.push(`the alias "${alias}" has no letters or digits`);
      else if (alias.length > MAX_NAME_CHARS) problems.push(`an alias is ${alias.length} characters long (at most ${MAX_NAME_CHARS})`);
      else aliases.push(alias);
    }
    if (name && nameKey(name)) {
      for (const form of [name, ...aliases]) {
        const earlier = claimed.get(nameKey(form));
        if (earlier && earlier.name !== name)
          problems.push(
            `"${form}" is already ${earlier.name === form ? 'the name' : 'a name or alias'} of "${earlier.name}" (line ${earlier.line})`,
          );
        else if (earlier && form === name) problems.push(`"${name}" is already listed on line ${earlier.line}`);
      }
    }
    if (problems.length) {
      result.errors.push({ line, message: problems.join('; ') });
      continue;
    }
    for (const form of [name, ...aliases]) claimed.set(nameKey(form), { line, name });
    result.entries.push({ name, type: rawType as WatchlistEntry['type'], aliases, line });
  }
  return result;
}
