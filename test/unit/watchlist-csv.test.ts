import { describe, expect, it } from 'vitest';
import { parseWatchlistCsv, WatchlistCsvError } from '../../ingest/watchlist/csv.ts';
import { mergeWatchlist, removeFromWatchlist } from '../../ingest/watchlist/file.ts';

const csv = (...lines: string[]) => `${lines.join('\n')}\n`;

describe('parseWatchlistCsv', () => {
  it('reads persons and organizations with aliases separated by ; or |', () => {
    const result = parseWatchlistCsv(
      csv('name,type,aliases', 'Tony Blair,person,Anthony Blair; Blair', '"Acme Widgets, Ltd",organization,AWL|Acme', 'Madonna,person,'),
    );
    expect(result.errors).toEqual([]);
    expect(result.entries).toEqual([
      { name: 'Tony Blair', type: 'person', aliases: ['Anthony Blair', 'Blair'], line: 2 },
      { name: 'Acme Widgets, Ltd', type: 'organization', aliases: ['AWL', 'Acme'], line: 3 },
      { name: 'Madonna', type: 'person', aliases: [], line: 4 },
    ]);
  });

  it('accepts a BOM, CRLF, blank lines, a header in any case and no aliases column', () => {
    const result = parseWatchlistCsv('\ufeffName,TYPE\r\n\r\nKofi Annan,Person\r\n');
    expect(result).toEqual({ entries: [{ name: 'Kofi Annan', type: 'person', aliases: [], line: 3 }], errors: [] });
  });

  it('refuses bad rows with their line number and reason, and keeps the good ones', () => {
    const result = parseWatchlistCsv(
      csv(
        'name,type,aliases',
        'Good Person,person,',
        ',person,x',
        'Bad Type,company,',
        'Too,many,fields,here',
        '"!!!",organization,',
        '"Multi',
        'Line",person,',
        'Other Org,organization,Good Person',
        'Good Person,organization,',
        'Last Good,organization,LG',
      ),
    );
    expect(result.entries.map((e) => e.name)).toEqual(['Good Person', 'Multi Line', 'Last Good']);
    expect(result.errors).toEqual([
      { line: 3, message: 'the name is empty' },
      { line: 4, message: 'the type must be person or organization, got "company"' },
      {
        line: 5,
        message: '4 fields, the header has 3 (quote a value that contains a comma); the type must be person or organization, got "many"',
      },
      { line: 6, message: 'the name "!!!" has no letters or digits' },
      { line: 9, message: '"Good Person" is already the name of "Good Person" (line 2)' },
      { line: 10, message: '"Good Person" is already listed on line 2' },
    ]);
  });

  it('refuses a file without the expected header, or one that is not CSV at all, as a whole', () => {
    expect(() => parseWatchlistCsv(csv('person,kind', 'Tony Blair,person'))).toThrow(/Expected the header `name,type,aliases`/);
    expect(() => parseWatchlistCsv('')).toThrow(WatchlistCsvError);
    expect(() => parseWatchlistCsv(csv('name,type,aliases', '"Tony Blair,person,'))).toThrow(/Not a readable CSV file \(line \d+\)/);
  });
});

describe('mergeWatchlist', () => {
  const current = {
    entries: [
      { name: 'Tony Blair', type: 'person' as const, aliases: ['Anthony Blair'] },
      { name: 'Acme Widgets', type: 'organization' as const, aliases: ['AWL'] },
    ],
  };

  it('adds new entries, replaces those with the same name and tells which', () => {
    const result = mergeWatchlist(current, [
      { name: 'tony blair', type: 'person', aliases: ['Anthony Blair', 'Mr Tony'], line: 2 },
      { name: 'Acme Widgets', type: 'organization', aliases: ['AWL'], line: 3 },
      { name: 'Jane Doe', type: 'person', aliases: [], line: 4 },
    ]);
    expect(result.added.map((e) => e.name)).toEqual(['Jane Doe']);
    expect(result.updated).toEqual([
      { before: current.entries[0], after: { name: 'tony blair', type: 'person', aliases: ['Anthony Blair', 'Mr Tony'] } },
    ]);
    expect(result.unchanged.map((e) => e.name)).toEqual(['Acme Widgets']);
    expect(result.watchlist.entries.map((e) => e.name)).toEqual(['tony blair', 'Acme Widgets', 'Jane Doe']);
    expect(current.entries[0]!.name).toBe('Tony Blair');
  });

  it('refuses an entry whose name or alias belongs to another listed entry', () => {
    const result = mergeWatchlist(current, [{ name: 'Awl Group', type: 'organization', aliases: ['awl'], line: 7 }]);
    expect(result.conflicts).toEqual([{ line: 7, message: '"awl" is already a name or alias of "Acme Widgets" in the watchlist' }]);
    expect(result.watchlist.entries).toEqual(current.entries);
  });

  it('removes an entry by name, ignoring case and accents', () => {
    expect(removeFromWatchlist(current, 'ACME widgets').removed?.name).toBe('Acme Widgets');
    expect(removeFromWatchlist(current, 'ACME widgets').watchlist.entries.map((e) => e.name)).toEqual(['Tony Blair']);
    expect(removeFromWatchlist(current, 'Nobody').removed).toBeUndefined();
  });
});
