/** The seed article gets exactly its countries, persons and organization. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { enrich } from '../../ingest/enrich/enrich.ts';
import { hasSharedData, sharedPath } from '../support/shared-data.ts';

const seed = sharedPath('seeds/000_864c1a667223b0e1.txt');
const haveSeed = hasSharedData(seed);

describe.skipIf(!haveSeed)('seed article facets', () => {
  const lines = haveSeed ? readFileSync(seed, 'utf8').split('\n') : [];
  const result = enrich({ title: lines[0] ?? '', standfirst: lines[1] ?? '', body: lines.slice(2).join('\n') });

  it('has exactly the countries Albania, Israel and Iran, with their codes', () => {
    expect([...result.facets.countries].sort()).toEqual(['Albania', 'Iran', 'Israel']);
    const codes = Object.fromEntries(result.facets.countries.map((c, i) => [c, result.facets.countryCodes[i]]));
    expect(codes).toEqual({ Albania: 'AL', Iran: 'IR', Israel: 'IL' });
  });

  it('has exactly the persons Gaby Portnoy, Edi Rama and Yair Lapid', () => {
    expect([...result.facets.persons].sort()).toEqual(['Edi Rama', 'Gaby Portnoy', 'Yair Lapid']);
  });

  it('has the Israel National Cyber Directorate, with its acronym folded in', () => {
    expect(result.facets.organizations).toContain('Israel National Cyber Directorate');
    expect(result.facets.organizations).not.toContain('INCD');
    expect(result.facets.organizations.some((o) => /^(DG|Director General|Prime Minister)$/.test(o))).toBe(false);
  });

  it('explains every entity value', () => {
    for (const facet of ['countries', 'persons', 'organizations'] as const) {
      for (const value of result.facets[facet]) {
        const why = result.explanations.find((e) => e.facet === facet && e.value === value);
        expect(why?.mentions.length, `${facet} ${value}`).toBeGreaterThan(0);
        expect(why?.rule, `${facet} ${value}`).toBeTruthy();
      }
    }
  });
});
