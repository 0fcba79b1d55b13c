/**
 * Hand-written additions to the evaluation's country lists (eval/gold-countries.ts), for forms the
 * two packages it reads (`i18n-iso-countries` names, `countries-list` names, aliases and capitals,
 * `i18n-nationality` demonyms) lack or get wrong. Written for the evaluation from the CoNLL-2003
 * task (Reuters, 1996: the country names in use then), the corpora README ("common names and usual
 * alternatives: U.S., Britain") and eval/real-news/GUIDELINES.md (England, Scotland, Wales and
 * Northern Ireland are filed as the United Kingdom; "Holland" is a usual short form), not copied
 * from the tagger's gazetteer (ingest/enrich/countries/), which must not decide what is gold.
 * Keys are ISO 3166-1 alpha-2 codes. Keep it short: every entry is a judgement about the gold.
 */

/** Names and usual short forms of a country. */
export const NAME_ALTERNATIVES: Readonly<Record<string, readonly string[]>> = {
  US: ['America', 'U.S.', 'U.S.A.', 'United States of America'],
  GB: ['Britain', 'Great Britain', 'U.K.', 'England', 'Scotland', 'Wales', 'Northern Ireland'],
  NL: ['Holland'],
  IE: ['Republic of Ireland', 'Irish Republic', 'Eire'],
  BA: ['Bosnia', 'Bosnia-Herzegovina'],
  KR: ['S. Korea'],
  KP: ['N. Korea'],
  CZ: ['Czech Republic'],
  SK: ['Slovak Republic'],
  // Names of 1996: Zaire (DR Congo until 1997), Yugoslavia (the Federal Republic of Serbia and
  // Montenegro, whose ISO successor for Serbia is RS), Burma, Surinam (older spelling).
  CD: ['Zaire'],
  RS: ['Yugoslavia', 'Federal Republic of Yugoslavia'],
  MM: ['Burma'],
  SR: ['Surinam'],
  CI: ['Ivory Coast'],
  // Both Congos are "Congo" in i18n-iso-countries; the ISO short name "Congo" is the Republic.
  CG: ['Congo'],
};

/** Demonyms and adjectives the nationality list lacks (its plural "+s" forms are added by rule). */
export const DEMONYM_ALTERNATIVES: Readonly<Record<string, readonly string[]>> = {
  GB: ['Briton', 'English', 'Englishman', 'Englishmen', 'Scottish', 'Scot', 'Scots', 'Welsh', 'Welshman', 'Northern Irish'],
  US: ['Americans'],
  FR: ['Frenchman', 'Frenchmen', 'Frenchwoman'],
  NL: ['Dutchman', 'Dutchmen'],
  DK: ['Dane'],
  SE: ['Swede'],
  FI: ['Finn'],
  PL: ['Pole'],
  TR: ['Turk'],
  RS: ['Serb', 'Yugoslav'],
  HR: ['Croat'],
  ES: ['Spaniard'],
  IS: ['Icelander'],
  SK: ['Slovak'],
  AR: ['Argentine', 'Argentinian'],
  AE: ['Emirati'],
  AZ: ['Azeri'],
  KZ: ['Kazakh'],
  UZ: ['Uzbek'],
  YE: ['Yemeni'],
  PS: ['Palestinian'],
  LA: ['Lao'],
  XK: ['Kosovar'],
  PH: ['Philippine'],
};

/** Capitals as news names them, beside the package's form. */
export const CAPITAL_ALTERNATIVES: Readonly<Record<string, readonly string[]>> = {
  US: ['Washington'],
};

/** Demonym-list entries that are wrong and dropped: `i18n-nationality` gives "Welsh" for Wallis and Futuna. */
export const DEMONYM_CORRECTIONS: ReadonlyArray<{ code: string; demonym: string }> = [{ code: 'WF', demonym: 'Welsh' }];
