import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../ingest/enrich/entities.ts';
import { isAcronymOf, onlyHeadOfLongerName } from '../../ingest/enrich/organizations/extract.ts';
import { curatedKnowledge, nameKey } from '../../ingest/enrich/knowledge.ts';
import { isPlainKnownOrganization, organizationThenPerson } from '../../ingest/enrich/names/candidates.ts';

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

describe('known organizations the tagger does not see', () => {
  const organizationsOf = (body: string) => extractEntities({ title: 'Results day', standfirst: '', body }).organizations;

  it('finds a known one-word organization opening a sentence or before a role, where it can be nothing else', () => {
    expect(organizationsOf('GlaxoSmithKline reported lower sales of its asthma drugs on Thursday.')).toContain('GlaxoSmithKline');
    expect(organizationsOf('Arsenal boss Tomas Whitcombe said the squad needed two more defenders.')).toContain('Arsenal');
    expect(organizationsOf('The plan will worry some senior Conservative members in the shires.')).toContain('Conservative Party');
    expect(organizationsOf('The figures were wrong, Tory spokesman Alan Reeve said on Monday.')).toContain('Conservative Party');
  });

  it('does not read "Meanwhile" as part of the name that follows it', () => {
    expect(organizationsOf('Meanwhile Labour backbencher Harriet Quill called the scheme a mistake.')).toContain('Labour Party');
  });

  it('leaves given names, products, courtesy titles, longer names and common opening words alone', () => {
    const knowledge = curatedKnowledge();
    const plain = (sentence: string, word: string) => {
      const tokens = sentence.split(' ').map((text) => ({ text }));
      const entity = knowledge.byForm.get(nameKey(word));
      if (entity === undefined) throw new Error(`${word} is not a known form`);
      return isPlainKnownOrganization(
        tokens,
        tokens.findIndex((t) => t.text === word),
        entity,
        false,
        knowledge,
      );
    };
    expect(plain('shares in Glaxo rose', 'Glaxo')).toBe(true);
    expect(plain('a letter from Chelsea to her mother', 'Chelsea')).toBe(false);
    expect(plain('when Chelsea boss Jose Mourinho spoke', 'Chelsea')).toBe(true);
    expect(plain('the Mr Shell case', 'Shell')).toBe(false);
    expect(plain('recorders like Sky+ have spread', 'Sky+')).toBe(false);
    expect(plain('at Sun Microsystems today', 'Sun')).toBe(false);
    expect(plain('Independent experts doubted it', 'Independent')).toBe(false);
    expect(plain('Labour MP Ann Cole', 'Labour')).toBe(true);
    expect(organizationsOf('Independent experts doubted the figures published by the ministry.')).not.toContain('The Independent');
  });
});

describe('known acronyms', () => {
  it('count only when written in capitals: "The Who" is a band, not the World Health Organization', () => {
    const organizationsOf = (body: string) => extractEntities({ title: 'Tour dates', standfirst: '', body }).organizations;
    expect(organizationsOf('Tickets for The Who sold out within an hour in Glasgow.')).not.toContain('World Health Organization');
    expect(organizationsOf('The WHO said the outbreak in the region was under control.')).toContain('World Health Organization');
    expect(organizationsOf("Their hits, You Said No, Crashed The Wedding and Who's David, all reached number one.")).not.toContain(
      'World Health Organization',
    );
    expect(organizationsOf('Miners Rio Tinto and Cia. Vale do Rio Doce raised prices.')).not.toContain('Central Intelligence Agency');
  });
});

describe('an organization, a role and a person read as one name', () => {
  const knowledge = curatedKnowledge();
  const split = (name: string) => organizationThenPerson(name.split(' '), knowledge);

  it('splits into the organization and the person', () => {
    expect(split('Harbour Bank President Keiko Tanabe')).toEqual({ organization: ['Harbour', 'Bank'], person: ['Keiko', 'Tanabe'] });
    expect(split('HRB President Keiko Tanabe')).toEqual({ organization: ['HRB'], person: ['Keiko', 'Tanabe'] });
    expect(split('Bank of England Governor Mervyn King')).toEqual({ organization: ['Bank', 'of', 'England'], person: ['Mervyn', 'King'] });
    expect(split('Coastal Safety Agency Doug Ferris')).toEqual({
      organization: ['Coastal', 'Safety', 'Agency'],
      person: ['Doug', 'Ferris'],
    });
    expect(split('Rivers Audit Committee Peter Lang MP')).toEqual({
      organization: ['Rivers', 'Audit', 'Committee'],
      person: ['Peter', 'Lang'],
    });
    expect(split('NUJ General Secretary')).toEqual({ organization: ['NUJ'], person: [] });
  });

  it('leaves offices, parties and bodies named after people whole', () => {
    expect(split('Office of the Deputy Prime Minister')).toBeUndefined();
    expect(split('Congress Party')).toBeUndefined();
    expect(split('Bank Sal Oppenheim')).toBeUndefined();
    expect(split('US Secretary of Energy Spencer Abraham')).toBeUndefined();
  });
});

describe('a short name that begins the long one', () => {
  it('folds into the long name the article also writes', () => {
    const r = extractEntities({
      title: 'Retail merger',
      standfirst: '',
      body:
        'Harwell Department Stores agreed to buy its rival on Monday. The deal makes Harwell the largest chain in the region. ' +
        'Harwell said its stores would keep their names, and Harwell shares rose 4%.',
    });
    expect(r.organizations).toContain('Harwell Department Stores');
    expect(r.organizations).not.toContain('Harwell');
  });
});

describe('one value for an acronym and its long form', () => {
  it('folds an acronym the article spells out elsewhere, without parentheses, into the long form', () => {
    const r = extractEntities({
      title: 'Fraud arrests',
      standfirst: '',
      body:
        'The National Hi-Tech Fraud Unit said 28 people had been arrested. ' +
        'NHTFU officers seized computers in six cities, and the NHTFU said more arrests would follow.',
    });
    expect(r.organizations).toContain('National Hi-Tech Fraud Unit');
    expect(r.organizations).not.toContain('NHTFU');
  });

  it("keeps a plural possessive's apostrophe on its word", () => {
    const r = extractEntities({
      title: 'Pay talks',
      standfirst: '',
      body: "The Harbour Pilots' Association rejected the offer. The Harbour Pilots' Association will ballot its members.",
    });
    expect(r.organizations).toContain("Harbour Pilots' Association");
  });
});

describe('a known organization defined by its acronym', () => {
  it('goes by its canonical name, whatever spelling the article defines', () => {
    const r = extractEntities({
      title: 'Harvest warning',
      standfirst: '',
      body: 'The Food and Agriculture Organisation (FAO) warned of poor harvests. The FAO said prices would rise.',
    });
    expect(r.organizations).toEqual(['Food and Agriculture Organization']);
  });
});

describe('names that are not bodies', () => {
  const organizationsOf = (body: string) => extractEntities({ title: 'Westminster', standfirst: '', body }).organizations;

  it('a seat and its member, an act of a body, a player or a protocol', () => {
    const orgs = organizationsOf(
      'The Harrowgate North MP said an Act of Parliament was needed. The Harrowgate North MP spoke twice. ' +
        'An Act of Parliament takes months. Viewers used the Quickview Media Player and the Quickview Media Player crashed. ' +
        'Calls use the Session Relay Protocol, and the Session Relay Protocol is free.',
    );
    expect(orgs.filter((o) => /MP$|^Act of|Player$|Protocol$/.test(o))).toEqual([]);
  });
});

describe('an event named after a body', () => {
  const organizationsOf = (body: string) => extractEntities({ title: 'Indoor athletics', standfirst: '', body }).organizations;

  it('is not the body: "Commonwealth champion", "the Commonwealth and European champion", "Commonwealth Games"', () => {
    expect(organizationsOf('Commonwealth champion Ada Morgan won the 60m in Glasgow.')).not.toContain('Commonwealth of Nations');
    expect(organizationsOf('Berg, the Commonwealth and European champion, is injured.')).not.toContain('Commonwealth of Nations');
    expect(organizationsOf('She hopes to be fit for the Commonwealth Games in Melbourne.')).not.toContain('Commonwealth of Nations');
  });

  it('still names the body elsewhere', () => {
    expect(organizationsOf('Leaders of the Commonwealth met in Malta, and the Commonwealth agreed a statement.')).toContain(
      'Commonwealth of Nations',
    );
  });
});

describe("a club's town in a football report", () => {
  it('is the club there, and stays a town elsewhere', () => {
    const knowledge = curatedKnowledge();
    const match = {
      title: 'Newcastle held',
      standfirst: '',
      body: 'Newcastle were held 1-1 at home by Fulham on Saturday. Newcastle manager Graeme Souness said his side lacked a striker.',
    };
    const asFootball = extractEntities(match, knowledge, ['sport', 'football']).organizations;
    expect(asFootball).toContain('Newcastle United');
    expect(asFootball).not.toContain('Newcastle');
    expect(extractEntities(match, knowledge, ['sport', 'rugby', 'football']).organizations).not.toContain('Newcastle United');
    expect(extractEntities(match, knowledge, ['politics']).organizations).not.toContain('Newcastle United');
  });
});

describe("a body's own body", () => {
  it('is named without its owner ("the Bank\'s Monetary Policy Committee"), and a member is no body', () => {
    const r = extractEntities({
      title: 'Rates held',
      standfirst: '',
      body:
        "The Bank's Monetary Policy Committee held rates at 4.75%. The Monetary Policy Committee meets again in March. " +
        'The MSP said the decision was right, and the MSP will raise it at Holyrood.',
    });
    expect(r.organizations).toContain('Monetary Policy Committee');
    expect(r.organizations).not.toContain('Bank Monetary Policy Committee');
    expect(r.organizations).not.toContain('MSP');
  });
});

describe('the first word of a longer name', () => {
  it('is recognised when every mention is followed by "of" and a capitalised word', () => {
    const text = 'Ads for The Passion of the Christ were pulled. Passion of the Christ took $370m.';
    expect(onlyHeadOfLongerName(text, ['Passion'])).toBe(true);
    expect(onlyHeadOfLongerName(`${text} Passion sold well on DVD.`, ['Passion'])).toBe(false);
  });
});

describe('a short name given in parentheses', () => {
  const organizationsOf = (body: string) => extractEntities({ title: 'Mining', standfirst: '', body }).organizations;

  it('folds into the full name before it, initials or not', () => {
    const copper = organizationsOf(
      'The state-owned National Copper Corporation (Cobrandes) kept working. Cobrandes said output was normal.',
    );
    expect(copper).toContain('National Copper Corporation');
    expect(copper).not.toContain('Cobrandes');
    const tennis = organizationsOf("She reached a Women's Padel Association (WPA) final. The WPA said tickets had sold out.");
    expect(tennis).toContain("Women's Padel Association");
    expect(tennis).not.toContain('WPA');
  });

  it('leaves out an owner before a possessive, and a known name in parentheses is no short name', () => {
    const owned = organizationsOf("Chile's Andean Water Agency (AWA) warned of drought. The AWA asked farmers to cut use.");
    expect(owned).toContain('Andean Water Agency');
    expect(organizationsOf('Profits fell at Harbour Shipping Corporation (Reuters) as fuel costs rose.')).not.toContain(
      'Harbour Shipping Corporation (Reuters)',
    );
  });
});
