import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyTopics } from '../../ingest/enrich/topics.ts';
import { createTopicClassifier } from '../../ingest/enrich/topics/classify.ts';
import { loadModel } from '../../ingest/enrich/topics/model.ts';
import { compileTaxonomy, parseTaxonomy, type Taxonomy } from '../../ingest/enrich/topics/taxonomy.ts';
import { tokenise } from '../../ingest/enrich/topics/tokenise.ts';

const taxonomyJson: unknown = JSON.parse(readFileSync(new URL('../../index-config/topics.json', import.meta.url), 'utf8'));
const taxonomy = parseTaxonomy(taxonomyJson);
const topLevelNames = new Set(taxonomy.topLevel.map((t) => t.name));

const IPTC: Record<string, string> = {
  'arts, culture, entertainment and media': 'medtop:01000000',
  'crime, law and justice': 'medtop:02000000',
  'disaster, accident and emergency incident': 'medtop:03000000',
  'economy, business and finance': 'medtop:04000000',
  education: 'medtop:05000000',
  environment: 'medtop:06000000',
  health: 'medtop:07000000',
  'human interest': 'medtop:08000000',
  labour: 'medtop:09000000',
  'lifestyle and leisure': 'medtop:10000000',
  politics: 'medtop:11000000',
  religion: 'medtop:12000000',
  'science and technology': 'medtop:13000000',
  society: 'medtop:14000000',
  sport: 'medtop:15000000',
  'conflict, war and peace': 'medtop:16000000',
  weather: 'medtop:17000000',
};

function topics(title: string, standfirst: string, body: string): string[] {
  return classifyTopics({ title, standfirst, body }).topics;
}

/** The top-level part of a topic list must be a prefix: primary first, subtopics after. */
function split(list: string[]): { topLevel: string[]; subtopics: string[] } {
  const firstSub = list.findIndex((t) => !topLevelNames.has(t));
  const cut = firstSub < 0 ? list.length : firstSub;
  return { topLevel: list.slice(0, cut), subtopics: list.slice(cut) };
}

const samples: Record<string, [string, string, string]> = {
  sport: [
    'Late winner settles the derby',
    'A goal in stoppage time from the striker gave the league leaders a 2-1 win over their neighbours in the Premiership on Saturday.',
    'The manager praised his players after the match. The midfielder scored a penalty before half-time and the goalkeeper made two fine saves as the side stretched their unbeaten run to ten games.',
  ],
  business: [
    'Central bank lifts interest rates again',
    'The central bank has raised interest rates by a quarter point, citing rising inflation and strong consumer spending.',
    'Shares in housebuilders fell on the stock market as investors worried that higher borrowing costs would cool the housing market. Economists said rates could rise again before the end of the year.',
  ],
  cyber: [
    'Hackers knock government websites offline',
    'A wave of cyber attacks has taken down official websites, blamed on a criminal gang using ransomware.',
    'Security researchers said the hackers exploited a flaw in widely used server software. The national cyber security centre urged firms to patch their systems and warned that phishing emails were spreading the malware.',
  ],
  crime: [
    'Man charged with murder after stabbing',
    'Police have charged a 34-year-old man with murder after a woman was stabbed to death at her home.',
    'Detectives said the suspect was arrested at the scene. He will appear before magistrates on Monday and is expected to be remanded in custody until his trial at the crown court. Officers appealed for witnesses.',
  ],
  weather: [
    'Heavy snow and gales on the way',
    'Forecasters have warned of heavy snow, freezing temperatures and gales across the north as a cold snap arrives.',
    'The Met Office issued a weather warning for ice and snowfall of up to 20cm on high ground, with gusts of 70mph on exposed coasts. Temperatures could fall to minus 8 degrees Celsius overnight, with showers of sleet at the weekend.',
  ],
  health: [
    'Flu outbreak fills hospital wards',
    'Hospitals are struggling to cope with a flu outbreak that has put thousands of patients on wards, doctors say.',
    'Nurses and GPs said the vaccine had been less effective this winter. Doctors warned the epidemic could peak next month as the virus spreads.',
  ],
  conflict: [
    'Troops advance as fighting intensifies',
    'Army troops backed by air strikes have advanced on rebel positions, the military said.',
    'Militants fired rockets at soldiers overnight and shelling killed dozens of civilians. The ceasefire agreed last month has collapsed and peace talks have been suspended.',
  ],
};

describe('classifyTopics', () => {
  it.each([
    ['sport', 'sport', 'football'],
    ['business', 'economy, business and finance', 'interest rates'],
    ['cyber', 'science and technology', 'cybersecurity'],
    ['crime', 'crime, law and justice', undefined],
    ['weather', 'weather', undefined],
    ['health', 'health', undefined],
    ['conflict', 'conflict, war and peace', undefined],
  ])('should file a %s story under %s first', (sample, primary, subtopic) => {
    const [title, standfirst, body] = samples[sample] as [string, string, string];
    const list = topics(title, standfirst, body);
    expect(list[0]).toBe(primary);
    if (subtopic) expect(split(list).subtopics).toContain(subtopic);
  });

  it('should list top-level topics first, at most three, then subtopics, without repeats', () => {
    for (const [title, standfirst, body] of Object.values(samples)) {
      const list = topics(title, standfirst, body);
      const { topLevel, subtopics } = split(list);
      expect(topLevel.length).toBeGreaterThanOrEqual(1);
      expect(topLevel.length).toBeLessThanOrEqual(3);
      expect(subtopics.every((t) => !topLevelNames.has(t))).toBe(true);
      expect(new Set(list).size).toBe(list.length);
    }
  });

  it('should explain every topic with its rule, evidence and score', () => {
    const [title, standfirst, body] = samples['cyber'] as [string, string, string];
    const { topics: list, explanations } = classifyTopics({ title, standfirst, body });
    expect(explanations.map((e) => e.value)).toEqual(list);
    for (const e of explanations) {
      expect(e.facet).toBe('topics');
      expect(['model', 'keywords']).toContain(e.rule);
      expect(e.mentions.length).toBeGreaterThan(0);
      expect(typeof e.score).toBe('number');
    }
    const cyber = explanations.find((e) => e.value === 'cybersecurity');
    expect(cyber?.rule).toBe('keywords');
    expect(cyber?.mentions).toContain('ransomware');
  });

  it('should return no topics for an empty article', () => {
    expect(classifyTopics({ title: '', standfirst: '', body: '' })).toEqual({ topics: [], explanations: [] });
  });

  it('should not guess a topic from a line with too little evidence', () => {
    expect(classifyTopics({ title: 'Hello there', standfirst: 'See you soon.', body: '' }).topics).toEqual([]);
  });

  it('should give no topics to an article in another language', () => {
    const [title, standfirst, body] = samples['sport'] as [string, string, string];
    expect(classifyTopics({ title, standfirst, body, language: 'fr' }).topics).toEqual([]);
    expect(classifyTopics({ title, standfirst, body, language: 'en' }).topics[0]).toBe('sport');
  });

  it('should let evidence terms alone file a very short story', () => {
    expect(
      classifyTopics({ title: 'Snow and gales', standfirst: 'Heavy snow and gales are forecast, the Met Office says.', body: '' })
        .topics[0],
    ).toBe('weather');
  });
});

describe('createTopicClassifier', () => {
  const tiny: Taxonomy = {
    description: 'test',
    topLevel: [
      { name: 'sport', qcode: 'medtop:15000000', evidence: [], weakEvidence: [] },
      { name: 'politics', qcode: 'medtop:11000000', evidence: [], weakEvidence: [] },
      { name: 'weather', qcode: 'medtop:17000000', evidence: ['snow', 'gale'], weakEvidence: ['cold'] },
      { name: 'health', qcode: 'medtop:07000000', evidence: ['hospital', 'flu'], weakEvidence: [] },
      { name: 'religion', qcode: 'medtop:12000000', evidence: ['church', 'bishop'], weakEvidence: [] },
    ],
    subtopics: [
      { name: 'elections', parent: 'politics', evidence: ['election', 'ballot'], weakEvidence: ['vote'] },
      { name: 'football', parent: 'sport', evidence: ['football'], weakEvidence: [] },
    ],
  };
  const model = loadModel({
    trainedOn: 'hand-written test weights',
    classes: ['politics', 'sport'],
    logPriors: [-0.69, -0.69],
    titleWeight: 1,
    weights: { match: [-1, 1], minister: [1, -1], 'prime minister': [1, -1] },
  });
  const classify = createTopicClassifier(compileTaxonomy(tiny), model, {
    keywordSecondaryScore: 1,
    keywordSecondaryDensity: 0,
    subtopicScore: 1,
    orphanSubtopicScore: 1,
    minModelEvidence: 1,
  });

  it('should cap top-level topics at three and put subtopics after them, nearest parent first', () => {
    const { topics: list } = classify({
      title: 'Minister at the match',
      standfirst: 'The prime minister watched the football as snow fell and the gale blew.',
      body: 'The flu ward at the hospital was full. The bishop spoke in church. Election ballot papers were printed.',
    });
    expect(list.slice(0, 3)).toHaveLength(3);
    expect(list[0]).toBe('politics');
    expect(list.filter((t) => tiny.topLevel.some((x) => x.name === t))).toHaveLength(3);
    expect(list.slice(3)).toEqual(['elections', 'football']);
  });

  it('should not count weak evidence without a strong term', () => {
    const { topics: list } = classify({ title: 'Minister', standfirst: 'A cold day for the vote.', body: '' });
    expect(list).not.toContain('weather');
    expect(list).not.toContain('elections');
  });

  it('should reject a model class the taxonomy does not have', () => {
    const stray = loadModel({ trainedOn: '', classes: ['politics', 'gardening'], logPriors: [0, 0], titleWeight: 1, weights: {} });
    expect(() => createTopicClassifier(compileTaxonomy(tiny), stray)).toThrow(/gardening/);
  });
});

describe('topic taxonomy data', () => {
  it('should hold the 17 IPTC top-level topics spelt as IPTC spells them, with their qcodes', () => {
    expect(Object.fromEntries(taxonomy.topLevel.map((t) => [t.name, t.qcode]))).toEqual(IPTC);
    expect(taxonomy.description.length).toBeGreaterThan(100);
  });

  it('should file every subtopic under a top-level topic and give it strong evidence', () => {
    expect(taxonomy.subtopics.length).toBeGreaterThanOrEqual(30);
    for (const s of taxonomy.subtopics) {
      expect(topLevelNames.has(s.parent)).toBe(true);
      expect(s.evidence.length).toBeGreaterThan(0);
    }
  });

  it('should reject a subtopic whose parent is not a top-level topic', () => {
    const bad = { description: '', topLevel: [], subtopics: [{ name: 'x', parent: 'nowhere', evidence: ['x'] }] };
    expect(() => parseTaxonomy(bad)).toThrow(expect.objectContaining({ name: 'LedeError', code: 'invalid_taxonomy' }));
  });
});

describe('tokenise', () => {
  it('should lower-case, split hyphens, drop possessives and fold plurals', () => {
    expect(tokenise("Iran's cyber-attacks on Companies’ networks")).toEqual(['iran', 'cyber', 'attack', 'on', 'company', 'network']);
  });

  it('should keep words ending in -ss, -us and -is whole', () => {
    expect(tokenise('business virus tennis')).toEqual(['business', 'virus', 'tennis']);
  });
});
