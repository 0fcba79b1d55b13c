import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IngestJournal, journalFile } from '../../ingest/journal.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lede-journal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('IngestJournal', () => {
  it('is one file per index and inputs, in the data directory', () => {
    const a = journalFile('/data', 'articles', ['/in/a', '/in/b']);
    expect(a).toMatch(/^\/data\/journals\/ingest-articles-[0-9a-f]{16}\.ndjson$/);
    expect(journalFile('/data', 'articles', ['/in/a', '/in/b'])).toBe(a);
    expect(journalFile('/data', 'articles', ['/in/a'])).not.toBe(a);
    expect(journalFile('/data', 'other', ['/in/a', '/in/b'])).not.toBe(a);
  });

  it('records acknowledged batches as they happen, and the next run skips them and says what it resumed', () => {
    const file = path.join(dir, 'one', 'journal.ndjson');
    const first = IngestJournal.open(file);
    expect(first.resumeInfo()).toBeUndefined();
    first.recordIndexed([{ input: 'a.txt' }, { input: 'feed.xml', position: 'item 2' }]);
    // Killed here: no close(). A later write was torn in half.
    appendFileSync(file, '{"done":["b.tx');

    const second = IngestJournal.open(file);
    expect(second.skip('a.txt', undefined)).toBe(true);
    expect(second.skip('feed.xml', 'item 2')).toBe(true);
    expect(second.skip('feed.xml', 'item 1')).toBe(false);
    expect(second.skip('b.txt', undefined)).toBe(false);
    second.recordIndexed([{ input: 'b.txt' }]);
    expect(second.resumeInfo()).toEqual({ journal: file, interruptedRuns: 1, skipped: 2 });
    second.close(false);

    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.at(-1)).toBe('{"done":["b.txt"]}');
    const third = IngestJournal.open(file);
    expect(third.skip('b.txt', undefined)).toBe(true);
    expect(third.resumeInfo()?.interruptedRuns).toBe(2);
    third.close(true);
    expect(existsSync(file)).toBe(false);
  });

  it('starts over with fresh (--no-resume)', () => {
    const file = path.join(dir, 'two', 'journal.ndjson');
    IngestJournal.open(file).recordIndexed([{ input: 'a.txt' }]);
    const fresh = IngestJournal.open(file, { fresh: true });
    expect(fresh.skip('a.txt', undefined)).toBe(false);
    expect(fresh.resumeInfo()).toBeUndefined();
    fresh.close(true);
  });
});
