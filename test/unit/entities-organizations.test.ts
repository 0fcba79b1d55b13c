import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../ingest/enrich/entities.ts';
import { isAcronymOf } from '../../ingest/enrich/organizations/extract.ts';

describe('organizations', () => {
  it('folds an acronym the article defines into the long form', () => {
    const r = extractEntities({
      title: 'Grid warning',
      standfirst: '',
      body: 'The Northern Power Safety Board (NPSB) warned of outages on Friday.\n\n' + 'A NPSB spokesman said repairs would take a week.',
    });
    expect(r.organizations).toContain('Northern Power Safety Board');
    expect(r.organizations).not.toContain('NPSB');
    const why = r.explanations.find((e) => e.facet === 'organizations' && e.value === 'Northern Power Safety Board');
    expect(why?.rule).toMatch(/acronym/);
    expect(why?.mentions).toContain('NPSB');
  });

  it('matches acronyms to initials, skipping joining words', () => {
    expect(isAcronymOf('BoE', ['Bank', 'of', 'England'])).toBe(true);
    expect(isAcronymOf('WHO', ['World', 'Health', 'Organization'])).toBe(true);
    expect(isAcronymOf('XYZ', ['World', 'Health', 'Organization'])).toBe(false);
  });
});
