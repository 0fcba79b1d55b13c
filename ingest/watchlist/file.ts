/**
 * The watchlist file (JSON, `{ entries: [{ name, type, aliases }] }`, read by loadKnowledge):
 * merging imported entries into it, removing one, writing it back atomically.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { nameKey, type WatchlistEntry, type WatchlistFile } from '../enrich/knowledge.ts';
import type { ImportedEntry, RowError } from './csv.ts';

export interface MergeResult {
  watchlist: WatchlistFile;
  added: WatchlistEntry[];
  /** Entries already listed (same name, ignoring case and accents) whose type or aliases the import replaced. */
  updated: Array<{ before: WatchlistEntry; after: WatchlistEntry }>;
  unchanged: WatchlistEntry[];
  /** Imported rows refused because a name or alias belongs to another listed entry. */
  conflicts: RowError[];
}

const sameEntry = (a: WatchlistEntry, b: WatchlistEntry) =>
  a.name === b.name && a.type === b.type && a.aliases.length === b.aliases.length && a.aliases.every((alias, i) => alias === b.aliases[i]);

/**
 * `imported` merged into `current`: an entry with the same name is replaced by the imported one
 * (an import is the newsroom's latest word on it), a new one is appended. Pure.
 */
export function mergeWatchlist(current: WatchlistFile, imported: readonly ImportedEntry[]): MergeResult {
  const entries = [...current.entries];
  const result: MergeResult = { watchlist: { entries }, added: [], updated: [], unchanged: [], conflicts: [] };
  const owner = (key: string) => entries.findIndex((e) => [e.name, ...e.aliases].some((form) => nameKey(form) === key));
  for (const { line, ...entry } of imported) {
    const existing = entries.findIndex((e) => nameKey(e.name) === nameKey(entry.name));
    const clash = [entry.name, ...entry.aliases].find((form) => {
      const i = owner(nameKey(form));
      return i >= 0 && i !== existing;
    });
    if (clash !== undefined) {
      result.conflicts.push({
        line,
        message: `"${clash}" is already a name or alias of "${entries[owner(nameKey(clash))]!.name}" in the watchlist`,
      });
      continue;
    }
    if (existing < 0) {
      entries.push(entry);
      result.added.push(entry);
    } else if (sameEntry(entries[existing]!, entry)) {
      result.unchanged.push(entry);
    } else {
      result.updated.push({ before: entries[existing]!, after: entry });
      entries[existing] = entry;
    }
  }
  return result;
}

/** `current` without the entry named `name` (ignoring case and accents), and that entry if there was one. Pure. */
export function removeFromWatchlist(current: WatchlistFile, name: string): { watchlist: WatchlistFile; removed?: WatchlistEntry } {
  const i = current.entries.findIndex((e) => nameKey(e.name) === nameKey(name));
  if (i < 0) return { watchlist: current };
  return { watchlist: { entries: current.entries.filter((_, j) => j !== i) }, removed: current.entries[i] };
}

/** Writes the watchlist through a temporary file, so a crash never leaves half a file. */
export async function writeWatchlist(file: string, watchlist: WatchlistFile): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify({ entries: watchlist.entries }, null, 2)}\n`);
  await rename(temporary, file);
}
