/**
 * Rules found by reading bbc-dev's facets and pages as a journalist would (2026-11-29): works'
 * titles, sentence words, head words, counties, storms, a person named Church. Each fixture is
 * written for the test, after the pattern the real articles showed.
 */
import { describe, expect, it } from 'vitest';
import { extractEntities, isBarePersonAlias } from '../../ingest/enrich/entities.ts';
import { curatedKnowledge } from '../../ingest/enrich/knowledge.ts';
import { afterRoleTitle } from '../../ingest/enrich/names/candidates.ts';
import { isCommonWord } from '../../ingest/enrich/names/common-words.ts';

const article = (title: string, body: string) => ({ title, standfirst: '', body });

describe('work titles: one sense per article', () => {
  it('a name announced as a film once is a film everywhere in the article, not a person', () => {
    const r = extractEntities(
      article(
        'Staunton up for acting prize',
        'Marta Lindqvist has been nominated for her role in the film Rosa Lindell, directed by Owen Harcastle.\n\n' +
          'Rosa Lindell star Marta Lindqvist said she was thrilled. Harcastle said Rosa Lindell had been hard to finance.',
      ),
    );
    expect(r.persons).toEqual(expect.arrayContaining(['Marta Lindqvist', 'Owen Harcastle']));
    expect(r.persons).not.toContain('Rosa Lindell');
  });

  it('a title followed by a sequel number is a game, not an organization', () => {
    const r = extractEntities(
      article(
        'Games sales soar',
        'Sales of Starfall 2 were strong in November, the publisher Brightwater Studios said. ' +
          'Starfall 2 is the biggest launch of the year for Brightwater Studios. The first Starfall sold four million copies, and Starfall fans queued overnight.',
      ),
    );
    expect(r.organizations).not.toContain('Starfall');
    expect(r.organizations).toContain('Brightwater Studios');
  });

  it('a number that counts something is not a sequel number', () => {
    const r = extractEntities(
      article(
        'Cycling results',
        'Team standings after the final stage: Rabowerk 4 hours 48 mins 2 seconds. Rabowerk won the team prize, and Rabowerk riders took three stages.',
      ),
    );
    expect(r.organizations).toContain('Rabowerk');
  });

  it('"a company called X" does not make every mention of X a title', () => {
    const r = extractEntities(
      article(
        'Website hit by attack',
        'The campaign website began using the services of a company called Veltrano Networks to spread its traffic. ' +
          'Veltrano Networks declined to comment. A Veltrano Networks engineer said the network had coped.',
      ),
    );
    expect(r.organizations).toContain('Veltrano Networks');
  });
});

describe('sentence words and adherents', () => {
  it('a pending name that starts with a function word is a sentence start, not an organization', () => {
    const r = extractEntities(
      article(
        'Firm admits bribery',
        'The prosecutor Dana Whitlow said: "All European firms should take note of this case." The company paid $2m to officials, the court heard.',
      ),
      curatedKnowledge(),
      ['economy, business and finance'],
    );
    expect([...r.organizations, ...r.pendingOrganizations]).toEqual([]);
  });

  it('adherents of a religion are neither an organization nor a person; their council is an organization', () => {
    const r = extractEntities(
      article(
        'Muslim group criticises drama',
        'A Muslim group has criticised a television drama about a bomb plot. The Muslim Council of Britain said the series could fuel prejudice against Muslims.',
      ),
      curatedKnowledge(),
      ['arts, culture, entertainment and media'],
    );
    expect(r.organizations).toEqual(['Muslim Council of Britain']);
    expect(r.pendingPersons).toEqual([]);
  });
});

describe('counties', () => {
  const text = article(
    'Kent and Essex councils join forces',
    'Kent County Council and Essex will share a fraud team, officials said. Essex said it would save money, and Kent agreed.',
  );

  it('a county is a place outside sport, and a team in it', () => {
    expect(extractEntities(text, curatedKnowledge(), ['politics']).organizations).toEqual(['Kent County Council']);
    expect(extractEntities(text, curatedKnowledge(), ['sport']).organizations).toEqual(expect.arrayContaining(['Essex', 'Kent']));
  });
});

describe('a person named Church', () => {
  it('a given name before "Church" makes a person, not a church; a church stays an organization', () => {
    const r = extractEntities(
      article(
        'Church wins critics award',
        'Thomas Haden Church won the best supporting actor prize for Sideways. Thomas Haden Church thanked the critics, and the Methodist Church praised the film.',
      ),
    );
    expect(r.organizations).toEqual(['Methodist Church']);
  });
});

describe('storms and seas', () => {
  it('a hurricane and an ocean are not persons; the people beside them are', () => {
    const r = extractEntities(
      article(
        'Oil prices climb',
        'Oil prices rose after Hurricane Ivan shut rigs in the Gulf of Mexico, analyst Rick Mueller said. Cold weather across the North Atlantic added to the pressure, Mueller said.',
      ),
    );
    expect(r.persons).toEqual(['Rick Mueller']);
  });

  it('a name ending in "Manager" is a game or a job, not a person ("Championship Manager")', () => {
    const r = extractEntities(
      article(
        'Dugout game tops the charts',
        'Dugout Manager sold a million copies in its first week, said its designer Tomas Lindgren. Lindgren said Dugout Manager fans had waited years.',
      ),
    );
    expect(r.persons).toEqual(['Tomas Lindgren']);
  });

  it('a sentence\'s first conjunction run into a name is not a person ("And Uefa")', () => {
    const r = extractEntities(
      article(
        'Coach avoids touchline ban',
        'Coach Marten Halvorsen will not be charged over his remarks, the league said on Monday. And Uefa said it had closed its own inquiry. Halvorsen welcomed the decision.',
      ),
    );
    expect(r.persons).toContain('Marten Halvorsen');
    expect(r.persons.some((p) => p.startsWith('And '))).toBe(false);
  });
});

describe('a head word alone', () => {
  it('"the Committee" stands for the committee the article named, outside sport', () => {
    const r = extractEntities(
      article(
        'Report criticises spending',
        'The Public Accounts Committee said the project was late. The Committee found that costs had doubled, and the Committee will publish its report next week.',
      ),
      curatedKnowledge(),
      ['politics'],
    );
    expect(r.organizations).toEqual(['Public Accounts Committee']);
  });
});

describe('titles that start with a verb', () => {
  it('"Being Julia" is a film, not a person; the people beside it stay', () => {
    const r = extractEntities(
      article(
        'Bening wins acting prize',
        'Annette Bening won the prize for Being Julia, beating Imelda Staunton. Being Julia also won a design award, said director Istvan Szabo.',
      ),
    );
    expect(r.persons).toEqual(['Annette Bening', 'Imelda Staunton', 'Istvan Szabo']);
  });
});

describe('a person read as an organization', () => {
  it('"the Anton Vessler controversy": a given name and a surname are a person, not an organization too', () => {
    const r = extractEntities(
      article(
        'Minister faces inquiry',
        'A judge should look into the Anton Vessler controversy as key questions remain unanswered, the party said. But he could not say whether Mr Vessler had treated the request as a special case.',
      ),
      curatedKnowledge(),
      ['politics'],
    );
    expect(r.persons).toEqual(['Anton Vessler']);
    expect([...r.organizations, ...r.pendingOrganizations]).toEqual([]);
  });
});

describe("a person's aliases", () => {
  it('a bare given name or one common word is not an alias of a person; the surname is', () => {
    expect(isBarePersonAlias('Ellis Brannock', 'Ellis')).toBe(true);
    expect(isBarePersonAlias('Ellis Brannock', 'David')).toBe(true);
    expect(isBarePersonAlias('Ellis Brannock', 'The')).toBe(true);
    expect(isBarePersonAlias('Ellis Brannock', 'Brannock')).toBe(false);
    // A courtesy title and the surname says no more than the surname; a title that says something stays.
    expect(isBarePersonAlias('Ellis Brannock', 'Mr Brannock')).toBe(true);
    expect(isBarePersonAlias('Ellis Brannock', 'Dr. Brannock')).toBe(true);
    expect(isBarePersonAlias('Ellis Brannock', 'Lord Brannock')).toBe(false);
    expect(isBarePersonAlias('Ellis Brannock', 'Ellis J Brannock')).toBe(false);
    // A surname that is also a given name stays ("Henry" of a Thierry Henry).
    expect(isBarePersonAlias('Pascal Henry', 'Henry')).toBe(false);
  });

  it('an article that calls a person by first name once does not record the first name as an alias', () => {
    const r = extractEntities(
      article(
        'Minister defends plan',
        'Home Secretary David Brannock defended the plan on Monday. Brannock said the scheme would go ahead.\n\n' +
          '"David has always been clear about this," a colleague said. Mr Brannock will speak again on Friday.',
      ),
    );
    expect(r.persons).toContain('David Brannock');
    expect(r.aliases.persons['David Brannock']).not.toContain('David');
    expect(r.aliases.persons['David Brannock']).not.toContain('Mr Brannock');
  });
});

describe('a role running into a name', () => {
  it('"Energy Secretary Rick Perry" is the person Rick Perry, not an organization', () => {
    const r = extractEntities(
      article(
        'Plan',
        'Energy Secretary Rick Perry said the plant would reopen. Energy Secretary Rick Perry visited Texas on Monday, ' +
          'and Energy Secretary Rick Perry spoke to workers.',
      ),
    );
    expect(r.persons).toContain('Rick Perry');
    expect(r.organizations.concat(r.pendingOrganizations).join(' ')).not.toMatch(/Secretary/);
  });

  it('only a capitalised role of one to three words ending with a title, then a given name and a surname', () => {
    const k = curatedKnowledge();
    expect(afterRoleTitle(['Energy', 'Secretary', 'Rick', 'Perry'], k)).toEqual(['Rick', 'Perry']);
    expect(afterRoleTitle(['Lifelong', 'Learning', 'Minister', 'Jim', 'Wallace'], k)).toEqual(['Jim', 'Wallace']);
    // No title word last in the role, or no given name after it: left to the organization rules.
    expect(afterRoleTitle(['Harbour', 'Energy', 'Rick', 'Perry'], k)).toBeUndefined();
    expect(afterRoleTitle(['Energy', 'Secretary', 'Holdings', 'Group'], k)).toBeUndefined();
    expect(afterRoleTitle(['Bank', 'of', 'England', 'Governor', 'Mervyn', 'King'], k)).toBeUndefined();
  });
});

describe('a common English word alone', () => {
  const business = ['economy, business and finance'];
  const phase = 'Shares in Phase rose 5%. Phase said profits were up. Phase chief executive Dana Whitlow said the firm would grow.';

  it('is not an organization outside sport ("Phase", "Campaign", "Popular")', () => {
    const r = extractEntities(article('Chipmaker shares slide', phase), undefined, business);
    expect(r.organizations).toEqual([]);
    expect(r.persons).toEqual(['Dana Whitlow']);
  });

  it('reads the frequency list: common words in any case, names and rare words not', () => {
    expect(isCommonWord('campaign')).toBe(true);
    expect(isCommonWord('Popular')).toBe(true);
    expect(isCommonWord('Zantrix')).toBe(false);
    expect(isCommonWord('Unconditional')).toBe(false);
  });
});

describe('an acronym in the plural', () => {
  const business = ['economy, business and finance'];

  it('is a kind of thing, not an organization ("LEDs", "PDAs")', () => {
    const pdas = extractEntities(
      article('Handhelds slow', 'Toshiba and Nokia make PDAs. PDAs sold 2m units, said IDC. Nokia said PDAs were popular.'),
      undefined,
      business,
    );
    expect(pdas.organizations).toEqual(['Nokia']);
    const leds = extractEntities(
      article('Lights', 'Philips said its LEDs would be cheaper. The LEDs use less power, according to Philips.'),
      undefined,
      business,
    );
    expect(leds.organizations).not.toContain('LEDs');
  });
});
