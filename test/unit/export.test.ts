import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/article.ts';
import { csvCell, exportBatches, type ExportBatch } from '../../src/search/export.ts';
import type { PlannedQuery } from '../../src/search/plan.ts';
import { searchSchema } from '../../src/search/params.ts';
import { exportUrl } from '../../src/server/page/state.ts';

describe('csvCell', () => {
  it('joins multi-values, quotes when needed and defuses formulas', () => {
    expect(csvCell(['Albania', 'Greece'])).toBe('Albania; Greece');
    expect(csvCell('say "hi", then')).toBe('"say ""hi"", then"');
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-x')).toBe("'-x");
    expect(csvCell('@me')).toBe("'@me");
    expect(csvCell(null)).toBe('');
    expect(csvCell('a\nb')).toBe('"a\nb"');
  });
});

describe('exportBatches', () => {
  // A fake index answering the filters exportBatches sends: ts comparison, NOT id IN, undated.
  const docs = Array.from(
    { length: 23 },
    (_, i) => ({ id: `d${String(i).padStart(2, '0')}`, publishedTs: i < 9 ? 100 : i < 20 ? 200 - i : null }) as Article,
  );
  const fetch = async (query: PlannedQuery, batch: ExportBatch) => {
    const filter = query.searches[0]!.filter;
    let list = docs.filter((d) =>
      filter.every((f) => {
        if (f.startsWith('(publishedTs IS NULL')) return d.publishedTs === null;
        if (f === 'publishedTs EXISTS' || f === 'publishedTs IS NOT NULL') return d.publishedTs !== null;
        const le = /^publishedTs <= (\d+)$/.exec(f);
        if (le) return d.publishedTs !== null && d.publishedTs <= Number(le[1]);
        const not = /^NOT id IN \[(.*)\]$/.exec(f);
        if (not) return !not[1]!.includes(`"${d.id}"`);
        return true;
      }),
    );
    list = list.sort((a, b) => (b.publishedTs ?? -1) - (a.publishedTs ?? -1) || (a.id < b.id ? 1 : -1));
    return { hits: list.slice(batch.offset, batch.offset + batch.limit), total: list.length };
  };
  it('sends every document once, ties at batch edges included, undated last', async () => {
    const out: Article[] = [];
    for await (const batch of exportBatches({ searches: [{ q: '', filter: [], titleOnly: false }], facets: [] }, 'newest', fetch, 4))
      out.push(...batch);
    expect(out.map((d) => d.id).sort()).toEqual(docs.map((d) => d.id).sort());
    expect(out.slice(-3).every((d) => d.publishedTs === null)).toBe(true);
  });
});

describe('exportUrl', () => {
  it('keeps the search and drops what an export does not take', () => {
    const state = searchSchema.parse({ q: 'a b', country: ['Albania'], collapse: 'true', hitsPerPage: '50', page: '2', sort: 'oldest' });
    expect(exportUrl(state, 'csv')).toBe('/api/export?q=a+b&country=Albania&sort=oldest&format=csv');
  });
});
