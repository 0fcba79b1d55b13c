/** `lede watchlist import FILE.csv | list | remove NAME`: the watchlist file only, no Meilisearch. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { watchlistFile } from '../../src/config.ts';
import { LedeError } from '../../src/errors.ts';
import { readWatchlist } from '../enrich/knowledge.ts';
import { parseWatchlistCsv, WatchlistCsvError } from '../watchlist/csv.ts';
import { mergeWatchlist, removeFromWatchlist, writeWatchlist } from '../watchlist/file.ts';

export async function runWatchlist(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  const file = watchlistFile();
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const describe = (e: { name: string; type: string; aliases: string[] }) =>
    `${e.type.padEnd(12)} ${e.name}${e.aliases.length ? `  (${e.aliases.join('; ')})` : ''}`;
  switch (action) {
    case 'list': {
      if (rest.length) throw new LedeError('usage', 'watchlist list takes no arguments');
      const { entries } = readWatchlist(file);
      if (!entries.length) out(`The watchlist ${file} is empty.`);
      else {
        out(`${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} in ${file}:`);
        for (const entry of entries) out(`  ${describe(entry)}`);
      }
      return 0;
    }
    case 'remove': {
      if (rest.length !== 1) throw new LedeError('usage', 'watchlist remove takes one NAME (quote a name with spaces)');
      const { watchlist, removed } = removeFromWatchlist(readWatchlist(file), rest[0]!);
      if (!removed) {
        process.stderr.write(`"${rest[0]}" is not in the watchlist ${file}.\n`);
        return 1;
      }
      await writeWatchlist(file, watchlist);
      out(`Removed ${describe(removed)} from ${file}. Run \`lede retag\` to apply it to the indexed articles.`);
      return 0;
    }
    case 'import': {
      if (rest.length !== 1) throw new LedeError('usage', 'watchlist import takes one FILE.csv');
      const csvFile = path.resolve(rest[0]!);
      let parsed: ReturnType<typeof parseWatchlistCsv>;
      try {
        parsed = parseWatchlistCsv(await readFile(csvFile, 'utf8'));
      } catch (error) {
        if (error instanceof WatchlistCsvError) {
          process.stderr.write(`${csvFile}: ${error.message}\n`);
          return 1;
        }
        throw error;
      }
      const merged = mergeWatchlist(readWatchlist(file), parsed.entries);
      const refused = [...parsed.errors, ...merged.conflicts].sort((a, b) => a.line - b.line);
      for (const error of refused) process.stderr.write(`${csvFile}:${error.line}: ${error.message}\n`);
      if (merged.added.length || merged.updated.length) await writeWatchlist(file, merged.watchlist);
      for (const entry of merged.added) out(`added    ${describe(entry)}`);
      for (const { after } of merged.updated) out(`updated  ${describe(after)}`);
      out(
        `${merged.added.length} added, ${merged.updated.length} updated, ${merged.unchanged.length} unchanged, ${refused.length} refused; ` +
          `watchlist: ${file}.${merged.added.length || merged.updated.length ? ' Run `lede retag` to apply it to the indexed articles.' : ''}`,
      );
      return refused.length ? 1 : 0;
    }
    default:
      throw new LedeError(
        'usage',
        'the watchlist command is `lede watchlist import FILE.csv`, `lede watchlist list` or `lede watchlist remove NAME`',
      );
  }
}
