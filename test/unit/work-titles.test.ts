import { describe, expect, it } from 'vitest';
import { curatedKnowledge } from '../../ingest/enrich/knowledge.ts';
import { workTitles } from '../../ingest/enrich/names/candidates.ts';
import { tagText } from '../../ingest/enrich/ner/tag.ts';

const titlesOf = (text: string) => [...workTitles(tagText(text), curatedKnowledge()).values()];

describe("works' titles announced after the name", () => {
  it('by an apposition: ", a film about", ", starring <name>"', () => {
    expect(titlesOf('The Lantern Keeper, a film about a lighthouse family, opened on Friday.')).toContain('Lantern Keeper');
    expect(titlesOf('Third was Harbour Lights, starring Ada Reyes, which took $9m.')).toContain('Harbour Lights');
  });

  it('not by a clause that starts after the comma, nor by what describes a person', () => {
    expect(titlesOf('Set in South Wales, the film is about a teenage mother.')).toEqual([]);
    expect(titlesOf('Greg Mallory, a film producer, said the deal was done.')).toEqual([]);
    expect(titlesOf('Ada Reyes, starring as the mother, won praise.')).toEqual([]);
  });
});
