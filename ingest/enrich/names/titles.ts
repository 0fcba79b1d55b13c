/** Titles, honorifics and role words that precede names but are not part of them. */
// biome-ignore format: a word list, laid out by hand
export const TITLE_WORDS = new Set([
  'mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'professor', 'sir', 'dame', 'lord', 'lady', 'madam', 'mme', 'mlle', 'herr',
  'president', 'vice', 'prime', 'minister', 'premier', 'chancellor', 'secretary', 'general', 'director', 'dg', 'pm',
  'ceo', 'chairman', 'chairwoman', 'chair', 'chief', 'executive', 'head', 'deputy', 'acting', 'former', 'ex', 'treasurer',
  'king', 'queen', 'prince', 'princess', 'emperor', 'sheikh', 'sultan', 'emir', 'pope', 'cardinal', 'archbishop',
  'bishop', 'rev', 'reverend', 'father', 'sister', 'brother', 'rabbi', 'imam', 'ayatollah', 'mullah',
  'senator', 'sen', 'rep', 'representative', 'congressman', 'congresswoman', 'governor', 'gov', 'mayor', 'judge',
  'justice', 'ambassador', 'envoy', 'commissioner', 'spokesman', 'spokeswoman', 'spokesperson', 'mp', 'mep',
  'gen', 'col', 'colonel', 'lt', 'lieutenant', 'maj', 'major', 'capt', 'captain', 'sgt', 'sergeant', 'cmdr',
  'commander', 'adm', 'admiral', 'marshal', 'field', 'officer', 'coach', 'manager', 'striker', 'midfielder',
  'defender', 'goalkeeper', 'skipper', 'opener', 'batsman', 'bowler', 'champion', 'veteran', 'rookie',
  'foreign', 'defence', 'defense', 'finance', 'interior', 'economy', 'trade', 'justice', 'health', 'state', 'home',
  'opposition', 'leader', 'party', 'national', 'federal', 'attorney', 'counsel', 'inspector', 'detective', 'agent',
  'dr.', 'mr.', 'mrs.', 'ms.', 'prof.', 'gen.', 'col.', 'lt.', 'sen.', 'rep.', 'gov.', 'rev.',
]);

/** True when the token is a title or role word ("Mr.", "President", "DG"). */
export function isTitleWord(token: string): boolean {
  const t = token.toLowerCase();
  return TITLE_WORDS.has(t) || TITLE_WORDS.has(t.replace(/\.$/, ''));
}

/**
 * The titles of an office that end a role written before a name ("Energy Secretary Rick Perry",
 * "Deputy Chief ..."): a narrow part of TITLE_WORDS, so that a role ending in one of them can be
 * split from the person who holds it (see afterRoleTitle).
 */
// biome-ignore format: a word list, laid out by hand
const OFFICE_TITLES = new Set([
  'secretary', 'minister', 'chancellor', 'president', 'chief', 'director', 'chairman', 'chairwoman', 'commissioner',
  'spokesman', 'spokeswoman', 'governor', 'ambassador', 'envoy', 'adviser', 'advisor', 'leader', 'treasurer',
]);

export function isOfficeTitle(token: string): boolean {
  return OFFICE_TITLES.has(token.toLowerCase());
}

/** Courtesy titles: "Mr Blunkett" says no more than "Blunkett". */
const COURTESY_TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr']);

export function isCourtesyTitle(token: string): boolean {
  return COURTESY_TITLES.has(token.toLowerCase().replace(/\.$/, ''));
}
