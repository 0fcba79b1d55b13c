/**
 * Name candidates: the tagger's person and organization spans, cleaned the way a careful reader
 * reads them. A span that runs on into the sentence is cut ("Manchester United from" → "Manchester
 * United"), two names joined by "and" are split ("McManus and John Magnier"), role words before a
 * name are left out ("Labour MP Stephen Pound"), a title after "the film" or inside quotes is no
 * name at all, and the type is corrected by what is known (the curated lists, the watchlist) and by
 * the shape of the name (a given name and a surname tagged as an organization is a person).
 */
import { countryGazetteer, phraseKey } from '../gazetteer/countries.ts';
import { nameKey, type EntityKnowledge, type KnownEntity } from '../knowledge.ts';
import type { EntitySpan, TaggedText } from '../ner/tag.ts';
import { isCommonWord } from './common-words.ts';
import { isCourtesyTitle, isOfficeTitle, isTitleWord } from './titles.ts';
import { isGivenName } from './given-names.ts';

export type CandidateType = 'PER' | 'ORG';

export interface NameCandidate {
  type: CandidateType;
  /** The name's tokens as they will be shown (headline capitals re-cased). */
  tokens: string[];
  /** The text as written. */
  surface: string;
  sentence: number;
  caps: boolean;
  /** The curated or watchlist entity this name is a form of. */
  known?: KnownEntity;
  /** Why the type differs from the tagger's, when it does. */
  retyped?: string;
  /** Written after a title or honorific ("Mr Howard", "Gen Musharraf"). */
  titled?: boolean;
}

/** Lower-case words that may sit inside a name ("Osama bin Laden", "Food and Agriculture Organisation"). */
const PARTICLES = new Set([
  'de',
  'da',
  'di',
  'del',
  'della',
  'dos',
  'das',
  'du',
  'van',
  'von',
  'der',
  'den',
  'ter',
  'bin',
  'ibn',
  'al',
  'el',
  'la',
  'le',
  'y',
  'e',
  'of',
  'and',
  'for',
  'the',
  '&',
  'on',
  'in',
  'des',
  'zu',
  'st',
  'st.',
]);
/** Function words that never make part of a person's name ("Gone Are", "Way Out"). */
const FUNCTION_WORDS = new Set([
  'a',
  'an',
  'the',
  'is',
  'are',
  'was',
  'were',
  'be',
  'been',
  'have',
  'has',
  'had',
  'do',
  'does',
  'did',
  'will',
  'would',
  'can',
  'could',
  'should',
  'may',
  'might',
  'must',
  'not',
  'no',
  'yes',
  'out',
  'up',
  'down',
  'over',
  'under',
  'below',
  'above',
  'into',
  'onto',
  'from',
  'to',
  'with',
  'without',
  'as',
  'at',
  'by',
  'for',
  'if',
  'or',
  'so',
  'than',
  'that',
  'this',
  'these',
  'those',
  'what',
  'who',
  'when',
  'where',
  'why',
  'how',
  'all',
  'any',
  'some',
  'such',
  'my',
  'your',
  'our',
  'their',
  'his',
  'her',
  'its',
  'me',
  'you',
  'we',
  'they',
  'he',
  'she',
  'it',
  'i',
  'got',
  'get',
  'gone',
  'go',
  'more',
  'less',
  'very',
  'just',
  'only',
  'again',
  'never',
  'ever',
  'about',
  'after',
  'before',
  'between',
  'against',
  'like',
]);
/** "'s" split off its word by the tokenizer. */
export const isPossessive = (token: string): boolean => /^('s|’s)$/i.test(token);
/** A possessive, or a plural's bare apostrophe ("Bankers'"). */
export const isPossessiveMark = (token: string): boolean => /^('s|’s|'|’)$/i.test(token);

const OPEN_QUOTES = new Set(['"', '“', "'", '‘', '«']);
const CLOSE_QUOTES = new Set(['"', '”', "'", '’', '»']);

const isCapitalised = (t: string): boolean => /^[\p{Lu}\p{N}]/u.test(t);
/** "IBM", "BSkyB" is not one; "G8", "AT&T" are. */
export const isAcronym = (t: string): boolean => /^\p{Lu}[\p{Lu}\d&.-]{1,9}$/u.test(t);

/** A word the name may keep inside it: capitalised, or a joining particle between capitalised words. */
function keepsInside(token: string): boolean {
  return isCapitalised(token) || PARTICLES.has(token.toLowerCase()) || /^[-'’.]$/.test(token);
}

/** Cuts a token run at its first word that cannot be part of a name, and strips what cannot end one. */
function trimRun(tokens: string[]): [number, number] {
  let from = 0;
  while (from < tokens.length && !isCapitalised(tokens[from] as string)) from++;
  let to = from;
  while (to < tokens.length && keepsInside(tokens[to] as string)) to++;
  while (to > from && !isCapitalised(tokens[to - 1] as string)) to--;
  return [from, to];
}

/** Where to split "A and B" into two names, or -1. */
function coordinationSplit(tokens: string[], type: CandidateType, knowledge: EntityKnowledge): number {
  if (knowledge.byForm.has(nameKey(tokens.join(' ')))) return -1;
  for (let i = 1; i < tokens.length - 1; i++) {
    const t = (tokens[i] as string).toLowerCase();
    if (t !== 'and' && t !== '&') continue;
    const left = tokens.slice(0, i);
    const right = tokens.slice(i + 1);
    const leftLast = (left[left.length - 1] as string).toLowerCase();
    if (t === '&' && type === 'ORG') continue;
    if (isGivenName(right[0] as string) && right.length >= 2) return i;
    if (knowledge.rules.organizationHeads.has(leftLast) && right.length >= 1) return i;
    if (type === 'PER' && left.length >= 1 && right.length >= 1) return i;
    if (knowledge.byForm.has(nameKey(left.join(' '))) || knowledge.byForm.has(nameKey(right.join(' ')))) return i;
  }
  return -1;
}

/** True when the name's tokens look like a person: a known given name, then capitalised surname(s). */
export function personShaped(tokens: string[], knowledge: EntityKnowledge): boolean {
  if (tokens.length < 2 || tokens.length > 4) return false;
  // "PJ Harvey", "J.K. Rowling": two initials before a surname (one letter is as often "X Factor").
  const initials =
    tokens.length === 2 && /^(\p{Lu}{2}|(\p{Lu}\.){2,3})$/u.test(tokens[0] as string) && /^\p{Lu}\p{Ll}/u.test(tokens[1] as string);
  if (!isGivenName(tokens[0] as string) && !initials) return false;
  const last = (tokens[tokens.length - 1] as string).toLowerCase();
  if (knowledge.rules.organizationHeads.has(last) || knowledge.rules.notPersonHeads.has(last)) return false;
  if (
    tokens
      .slice(initials ? 1 : 0)
      .some((t) => t === '&' || isAcronym(t) || FUNCTION_WORDS.has(t.toLowerCase()) || /^(of|and|for)$/i.test(t))
  )
    return false;
  if (tokens.some((t) => knowledge.rules.organizationHeads.has(t.toLowerCase()))) return false;
  return tokens.slice(1).every((t) => isCapitalised(t) || PARTICLES.has(t.toLowerCase()));
}

/** True for a function word ("all", "so", "the"). */
export function isFunctionWord(token: string): boolean {
  return FUNCTION_WORDS.has(token.toLowerCase());
}

/** True when any token of a person's name is a function word ("Gone Are", "Love Below"). */
export function hasFunctionWord(tokens: string[]): boolean {
  return tokens.some((t) => FUNCTION_WORDS.has(t.toLowerCase()) && !PARTICLES.has(t.toLowerCase()));
}

/**
 * True when the words before the span announce a work's title ("the film", "hit single").
 * `strict` leaves out the cues that also name companies and people ("a firm called Akamai").
 */
function cuedAsWork(sentenceTokens: Array<{ text: string }>, from: number, knowledge: EntityKnowledge, strict = false): boolean {
  const before = sentenceTokens[from - 1]?.text ?? '';
  const before2 = sentenceTokens[from - 2]?.text ?? '';
  const cue = (w: string): boolean =>
    knowledge.rules.workCues.has(w.toLowerCase()) && !isCapitalised(w) && !(strict && /^(called|named|game|title|play|hit|show)$/i.test(w));
  if (cue(before)) return true;
  return /^(new|latest|debut|hit|first|last|own|next|the|his|her|their|its|a)$/i.test(before) && cue(before2);
}

/**
 * True when an apposition right after the span says it is a work ("The Chorus, a film about…",
 * "The Polar Express, starring Tom Hanks"). Strict cues only: "called", "hit" and the like also
 * follow companies and people.
 */
function followedByWorkApposition(
  sentenceTokens: Array<{ text: string }>,
  to: number,
  knowledge: EntityKnowledge,
  readAsPerson: boolean,
): boolean {
  if (sentenceTokens[to]?.text !== ',') return false;
  // "…, starring Tom Hanks" names a cast; "Hanks, starring as the conductor" is the actor.
  if (sentenceTokens[to + 1]?.text === 'starring' && /^\p{Lu}/u.test(sentenceTokens[to + 2]?.text ?? '')) return true;
  // "Greg Mills, a film producer": after a person, a work noun describes the person.
  if (readAsPerson) return false;
  const article = sentenceTokens[to + 1]?.text ?? '';
  const word = sentenceTokens[to + 2]?.text ?? '';
  return (
    /^(a|an)$/i.test(article) &&
    knowledge.rules.workCues.has(word) &&
    !/^(called|named|game|title|titled|entitled|play|hit|show)$/.test(word)
  );
}

/** True when the span is announced as a work's title, or quotes enclose it. */
function isWorkTitle(sentenceTokens: Array<{ text: string }>, from: number, to: number, knowledge: EntityKnowledge): boolean {
  if (cuedAsWork(sentenceTokens, from, knowledge)) return true;
  const before = sentenceTokens[from - 1]?.text ?? '';
  const after = sentenceTokens[to]?.text ?? '';
  return OPEN_QUOTES.has(before) && CLOSE_QUOTES.has(after) && to - from >= 2;
}

/** What a count is of ("Telekom 4 hours 48 mins", "Leeds 3 points"): the number is not a sequel's. */
const COUNTED =
  /^(hours?|hrs?|mins?|minutes?|secs?|seconds?|points?|pts|goals?|runs?|wickets?|games?|sets?|matches|days?|weeks?|months?|years?|times|votes?|seats?|million|billion|bn|m|per|percent|of|to|from|by)$/i;

/** A sequel's number after a title, then a lower-case word ("Halo 2 is", "Halo 2 on Xbox"): not a score or a count. */
function followedBySequelNumber(sentenceTokens: Array<{ text: string }>, to: number): boolean {
  const next = sentenceTokens[to + 1]?.text ?? '';
  return /^[2-9]$/.test(sentenceTokens[to]?.text ?? '') && /^\p{Ll}/u.test(next) && !COUNTED.test(next);
}

const spanName = (span: EntitySpan): string => span.forms.filter((t) => !isPossessive(t)).join(' ');
const spanKey = (span: EntitySpan): string => nameKey(spanName(span));

/**
 * The names an article uses as the title of a work somewhere ("the film Vera Drake", "Halo 2"),
 * whatever the tagger made of them, by name key. One sense per article: every other mention of
 * such a name ("Vera Drake star Imelda Staunton") is the title too, not a person or an
 * organization. A name the entity lists know is never a title.
 */
export function workTitles(tagged: TaggedText, knowledge: EntityKnowledge): Map<string, string> {
  const titles = new Map<string, string>();
  for (const span of tagged.spans) {
    const tokens = tagged.sentences[span.sentence]?.tokens;
    if (tokens === undefined) continue;
    const key = spanKey(span);
    if (titles.has(key) || knowledge.byForm.has(key)) continue;
    if (
      cuedAsWork(tokens, span.from, knowledge, true) ||
      followedByWorkApposition(tokens, span.to, knowledge, span.type === 'PER') ||
      (span.type !== 'PER' && followedBySequelNumber(tokens, span.to))
    ) {
      titles.set(key, spanName(span));
    }
  }
  return titles;
}

const ROLE_LIMIT = 4;

/** Honorifics and ranks: what follows them is a person's name ("Gen Pervez Musharraf", "Mr Kinnock"). */
const HONORIFICS = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'dr',
  'sir',
  'dame',
  'lord',
  'lady',
  'gen',
  'general',
  'col',
  'colonel',
  'capt',
  'captain',
  'lt',
  'sgt',
  'prof',
  'professor',
  'president',
  'senator',
  'sen',
  'gov',
  'governor',
  'rev',
  'cardinal',
  'archbishop',
  'bishop',
  'pope',
  'king',
  'queen',
  'prince',
  'princess',
  'sheikh',
  'dj',
  'mp',
  'judge',
]);

const isHonorific = (token: string): boolean => HONORIFICS.has(token.toLowerCase().replace(/\.$/, ''));

function isRoleWord(token: string, knowledge: EntityKnowledge): boolean {
  const t = token.toLowerCase().replace(/\.$/, '');
  return isTitleWord(token) || knowledge.rules.roleWords.has(t);
}

/**
 * The given name and surname after a role that ends with a title word ("Energy Secretary Rick
 * Perry" → "Rick Perry"), or undefined. The role is one to three capitalised words, the title
 * last; the name is exactly a given name and a surname.
 */
export function afterRoleTitle(forms: string[], knowledge: EntityKnowledge): string[] | undefined {
  if (forms.length < 3 || forms.length > 5) return undefined;
  const k = forms.length - 3;
  const role = forms.slice(0, k + 1);
  if (!isOfficeTitle(role[k] as string)) return undefined;
  if (!role.every((t) => /^\p{Lu}\p{Ll}/u.test(t))) return undefined;
  const name = forms.slice(k + 1);
  return personShaped(name, knowledge) ? name : undefined;
}

/** Small words that join the words of an organization's name ("Bank of England", "Marks & Spencer"), never its last. */
export const JOINING_WORDS = new Set(['of', 'the', 'and', 'for', '&', 'de', 'la', 'du', 'des', 'der', 'für', 'on', 'in']);

/** Letters after a name that say what the person is, not who ("Peter Ainsworth MP"). */
const POSTNOMINALS = new Set(['mp', 'mep', 'msp', 'am', 'mla', 'qc', 'obe', 'mbe', 'cbe']);

/** Letters after a name, written in capitals ("MP", "QC"; not the "Am" of "Pan Am"). */
export const isPostnominal = (token: string): boolean => /^\p{Lu}+$/u.test(token) && POSTNOMINALS.has(token.toLowerCase());

/** True when `tokens` can stand alone as an organization: known, an acronym, or ending in a head word. */
function organizationShaped(tokens: string[], knowledge: EntityKnowledge): boolean {
  if (tokens.length === 0) return false;
  const last = (tokens[tokens.length - 1] as string).toLowerCase();
  // "US Secretary of Energy" is an office, not a body.
  if (JOINING_WORDS.has(last) || isPlaceName(tokens) || tokens.some((t) => isOfficeTitle(t))) return false;
  return (
    knowledge.byForm.get(nameKey(tokens.join(' ')))?.facet === 'organizations' ||
    (tokens.length === 1 && isAcronym(tokens[0] as string)) ||
    knowledge.rules.organizationHeads.has(last)
  );
}

/**
 * An organization, then a role and a person, read as one span ("SMFG President Yoshifumi
 * Nishikawa", "NUJ General Secretary", "Child Support Agency Doug Smith", "Environmental Audit
 * Committee Peter Ainsworth MP"): the organization's tokens and the person's (possibly none), or
 * undefined. The role is up to three words ending in a title or role word; without a role, the
 * organization must end in a head word and the rest be a given name and surname.
 */
export function organizationThenPerson(
  forms: string[],
  knowledge: EntityKnowledge,
): { organization: string[]; person: string[] } | undefined {
  if (forms.length < 2 || knowledge.byForm.has(nameKey(forms.join(' ')))) return undefined;
  let end = forms.length;
  while (end > 1 && POSTNOMINALS.has((forms[end - 1] as string).toLowerCase())) end--;
  // The longest organization first: "Bank of England Governor Mervyn King", not "Bank".
  for (let k = end - 1; k >= 1; k--) {
    const organization = forms.slice(0, k);
    if (!organizationShaped(organization, knowledge)) continue;
    const rest = forms.slice(k, end);
    if (rest.every((t) => isRoleWord(t, knowledge)) && isOfficeTitle(rest[rest.length - 1] as string)) return { organization, person: [] };
    if (k > 1 && knowledge.rules.organizationHeads.has((organization[k - 1] as string).toLowerCase()) && personShaped(rest, knowledge)) {
      return { organization, person: rest };
    }
    for (let j = k + 1; j <= Math.min(end - 2, k + 3); j++) {
      if (!/^\p{Lu}/u.test(forms[j - 1] as string)) break;
      const person = forms.slice(j, end);
      if (isRoleWord(forms[j - 1] as string, knowledge) && nameShapedAfterTitle(person, knowledge)) return { organization, person };
    }
  }
  if (end < forms.length && organizationShaped(forms.slice(0, end), knowledge)) return { organization: forms.slice(0, end), person: [] };
  return undefined;
}

/**
 * A person's name after a title ("President Yoshifumi Nishikawa"): a known given name and surname,
 * or two or three capitalised words that are no head or function word, the first no title either.
 */
function nameShapedAfterTitle(tokens: string[], knowledge: EntityKnowledge): boolean {
  if (personShaped(tokens, knowledge)) return true;
  if (tokens.length < 2 || tokens.length > 3) return false;
  // A surname may be a title word ("Mervyn King"); a first name may not.
  if (isRoleWord(tokens[0] as string, knowledge)) return false;
  return tokens.every(
    (t) =>
      /^\p{Lu}\p{Ll}+$/u.test(t) &&
      !FUNCTION_WORDS.has(t.toLowerCase()) &&
      !knowledge.rules.organizationHeads.has(t.toLowerCase()) &&
      !knowledge.rules.notPersonHeads.has(t.toLowerCase()),
  );
}

/**
 * A body and one of its own read as one name ("Bank's Monetary Policy Committee", "Britain's Office
 * of Fair Trading"): the owner's tokens and the owned body's, which must look like an organization
 * of two or more words ("McDonald's Corporation" and "Sainsbury's Bank" stay whole).
 */
function ownerAndOwned(forms: string[], knowledge: EntityKnowledge): { owner: string[]; owned: string[] } | undefined {
  const at = forms.findIndex((t, i) => i > 0 && isPossessive(t));
  if (at < 0) return undefined;
  const owned = forms.slice(at + 1).filter((t) => !isPossessive(t));
  const last = (owned[owned.length - 1] ?? '').toLowerCase();
  if (owned.length < 2 || !knowledge.rules.organizationHeads.has(last) || knowledge.byForm.has(nameKey(forms.join(' ')))) return undefined;
  return { owner: forms.slice(0, at), owned };
}

/** The candidates of one span (none, one, or two when "A and B" is split). */
function candidatesOf(span: EntitySpan, tagged: TaggedText, knowledge: EntityKnowledge): NameCandidate[] {
  if (span.type !== 'PER' && span.type !== 'ORG') return [];
  const sentence = tagged.sentences[span.sentence];
  if (sentence === undefined) return [];
  if (isWorkTitle(sentence.tokens, span.from, span.to, knowledge)) return [];
  let forms = span.forms.filter((t) => !isPossessive(t));
  if (forms.length === 0) return [];
  const parts: Array<{ forms: string[]; type: CandidateType }> = [];
  const owned = ownerAndOwned(span.forms, knowledge);
  const split = owned === undefined ? coordinationSplit(forms, span.type, knowledge) : -1;
  const roleSplit = split > 0 || owned !== undefined ? undefined : organizationThenPerson(forms, knowledge);
  if (owned !== undefined) parts.push({ forms: owned.owner, type: span.type }, { forms: owned.owned, type: 'ORG' });
  else if (split > 0) parts.push({ forms: forms.slice(0, split), type: span.type }, { forms: forms.slice(split + 1), type: span.type });
  else if (roleSplit !== undefined) {
    parts.push({ forms: roleSplit.organization, type: 'ORG' });
    if (roleSplit.person.length > 0) parts.push({ forms: roleSplit.person, type: 'PER' });
  } else parts.push({ forms, type: span.type });
  const out: NameCandidate[] = [];
  for (const part of parts) {
    const type = part.type;
    const [from, to] = trimRun(part.forms);
    forms = part.forms.slice(from, to);
    if (forms.length === 0) continue;
    let candidateType = type;
    let retyped: string | undefined;
    let titled = false;
    let known = knownName(forms.join(' '), knowledge);
    // "Commonwealth champion", "Commonwealth Games", "Uefa Cup": an event named after the body.
    const after = split > 0 ? (part === parts[0] ? span.from + split : span.to) : span.from + to;
    if (known?.facet === 'organizations' && namesAnEvent(sentence.tokens, after, knowledge)) continue;
    // Role words before a name: "Labour MP Stephen Pound", "DJ Howard Stern", "US Attorney Scott Christie".
    if (known === undefined) {
      let r = 0;
      while (r < Math.min(ROLE_LIMIT, forms.length - 1) && isRoleWord(forms[r] as string, knowledge)) r++;
      if (r > 0) {
        const rest = forms.slice(r);
        const restKnown = knowledge.byForm.get(nameKey(rest.join(' ')));
        const honorific = forms.slice(0, r).some(isHonorific);
        if (
          type === 'PER' ||
          restKnown?.facet === 'persons' ||
          personShaped(rest, knowledge) ||
          (rest.length === 1 && !isAcronym(rest[0] as string)) ||
          (honorific && rest.length <= 3 && !rest.some((t) => knowledge.rules.organizationHeads.has(t.toLowerCase())))
        ) {
          titled = forms.slice(0, r).some((t) => isHonorific(t) || isTitleWord(t));
          forms = rest;
          known = restKnown;
          if (type === 'ORG' && restKnown?.facet !== 'organizations') {
            candidateType = 'PER';
            retyped = 'role word before a name';
          }
        }
      }
    }
    // "Energy Secretary Rick Perry": a portfolio and a title, then a given name and a surname, is the
    // person, whether the tagger read the whole as a person or as an organization.
    if (known === undefined) {
      const person = afterRoleTitle(forms, knowledge);
      if (person !== undefined) {
        forms = person;
        known = knowledge.byForm.get(nameKey(forms.join(' ')));
        titled = true;
        if (candidateType === 'ORG' && known?.facet !== 'organizations') {
          candidateType = 'PER';
          retyped = 'title before a name';
        }
      }
    }
    if (known !== undefined) {
      if (known.facet === 'persons' && candidateType === 'ORG') retyped = 'known person';
      if (known.facet === 'organizations' && candidateType === 'PER') retyped = 'known organization';
      candidateType = known.facet === 'persons' ? 'PER' : 'ORG';
    } else if (candidateType === 'ORG' && personShaped(forms, knowledge)) {
      candidateType = 'PER';
      retyped = 'given name and surname';
    } else if (candidateType === 'PER' && forms.length > 1 && forms.some((f) => knowledge.rules.organizationHeads.has(f.toLowerCase()))) {
      candidateType = 'ORG';
      retyped = 'organization head word';
    } else if (candidateType === 'PER' && forms.length > 1 && /^the$/i.test(sentence.tokens[span.from - 1]?.text ?? '')) {
      // "the Kaiser Chiefs", "the Support Officers": English puts no article before a person's name.
      candidateType = 'ORG';
      retyped = '"the" before the name';
    }
    out.push({
      type: candidateType,
      tokens: forms,
      surface: split > 0 || roleSplit !== undefined || owned !== undefined ? forms.join(' ') : span.text,
      sentence: span.sentence,
      caps: span.caps,
      known,
      retyped,
      titled,
    });
  }
  return out;
}

/** "Who" is not the WHO, nor "Sec" the SEC: a known acronym counts only in capitals. */
function writtenAsKnown(word: string, entity: KnownEntity): boolean {
  const key = nameKey(word);
  const forms = [entity.name, ...entity.aliases].filter((form) => nameKey(form) === key);
  return forms.length === 0 || forms.some((form) => !isAcronym(form) || form === word);
}

/** The known entity a name is a form of, a one-word acronym only in capitals ("The Who" is not the WHO). */
export function knownName(name: string, knowledge: EntityKnowledge): KnownEntity | undefined {
  const known = knowledge.byForm.get(nameKey(name));
  if (known === undefined) return undefined;
  const words = name.split(' ').filter((t, i) => i > 0 || !/^the$/i.test(t));
  return words.length === 1 && !writtenAsKnown(words[0] as string, known) ? undefined : known;
}

/** What an athlete wins at an event; after a body's name, the name is the event's ("Commonwealth champion"). */
const EVENT_HONOURS = /^(champion|champions|championship|gold|silver|bronze|medal|medals|medallist|medalist|record|title)$/;

/**
 * Whether the words from `at` make the name before them an event's: an honour won there, perhaps
 * after other events ("the Commonwealth and European champion"), or an event's head word ("Games",
 * "Cup").
 */
function namesAnEvent(tokens: ReadonlyArray<{ text: string }>, at: number, knowledge: EntityKnowledge): boolean {
  const next = tokens[at]?.text ?? '';
  if (/^\p{Lu}/u.test(next) && knowledge.rules.notOrganizationHeads.has(next.toLowerCase())) return true;
  for (let j = at; j < at + 4; j++) {
    const word = tokens[j]?.text ?? '';
    if (EVENT_HONOURS.test(word)) return true;
    if (word !== 'and' && word !== ',' && !/^\p{Lu}\p{Ll}/u.test(word)) return false;
  }
  return false;
}

const opensSentence = (tokens: ReadonlyArray<{ text: string }>, at: number): boolean =>
  tokens.slice(0, at).every((t) => !/[\p{L}\p{N}]/u.test(t.text));

/**
 * A sentence's first word that the tagger did not take for a name ("Meanwhile", "But"): its capital
 * says nothing there.
 */
function isOpeningWord(tokens: ReadonlyArray<{ text: string }>, labels: Int8Array | undefined, at: number): boolean {
  return opensSentence(tokens, at) && (labels?.[at] ?? 0) === 0;
}

/**
 * A known organization's one-word name that the tagger did not see as a name, but that can only be
 * the organization: "GlaxoSmithKline saw its profits fall", "Arsenal boss Arsene Wenger", "senior
 * Conservative members". A whole word ("Sky+" is a product), not a given name ("Chelsea", "Ford")
 * unless a role follows ("Tory spokesman"), not after a courtesy title, not the start of a longer
 * name, and not a common word opening its sentence ("Independent experts").
 */
export function isPlainKnownOrganization(
  tokens: ReadonlyArray<{ text: string }>,
  at: number,
  entity: KnownEntity,
  caps: boolean,
  knowledge: EntityKnowledge,
): boolean {
  if (entity.facet !== 'organizations' || caps) return false;
  const word = tokens[at]?.text ?? '';
  const before = tokens[at - 1]?.text ?? '';
  const after = tokens[at + 1]?.text ?? '';
  if (!/^\p{L}[\p{L}\p{N}'’&-]*$/u.test(word) || isCourtesyTitle(before)) return false;
  // A given name only before a role ("Tory spokesman", "Chelsea boss"), never before a verb ("Chelsea said").
  if (isGivenName(word) && !isRoleWord(after, knowledge)) return false;
  if (isCapitalised(after) && !isRoleWord(after, knowledge)) return false;
  return !(opensSentence(tokens, at) && (isFunctionWord(word) || isCommonWord(word)));
}

/**
 * Known names found in the text itself, whatever the tagger made of them ("George W Bush" read as
 * "George", "W", "Bush"): every capitalised run of two or more tokens that is a known form, and a
 * single known word wherever the tagger saw a name, or anywhere for a watchlist entry.
 */
function knownMentions(tagged: TaggedText, text: string, knowledge: EntityKnowledge): Array<NameCandidate & { from: number; to: number }> {
  const out: Array<NameCandidate & { from: number; to: number }> = [];
  tagged.sentences.forEach((sentence, si) => {
    const tokens = sentence.tokens;
    const labels = tagged.labels[si];
    for (let i = 0; i < tokens.length; i++) {
      const first = tokens[i]?.text ?? '';
      if (!isCapitalised(first) || !knowledge.firstTokens.has(nameKey(first))) continue;
      let match: { entity: KnownEntity; length: number } | undefined;
      let key = '';
      for (let n = 1; n <= knowledge.maxTokens && i + n <= tokens.length; n++) {
        const t = tokens[i + n - 1]?.text ?? '';
        const part = nameKey(t);
        if (part === '') {
          if (/^[.&'’-]$/.test(t)) continue;
          break;
        }
        key = key === '' ? part : `${key} ${part}`;
        const entity = knowledge.byForm.get(key);
        if (entity !== undefined && isCapitalised(t) && (n > 1 || writtenAsKnown(t, entity))) match = { entity, length: n };
      }
      if (match === undefined) continue;
      // Inside a longer name it names something else: "Social Democrats", "Law Lords", "Uefa Cup".
      const before = tokens[i - 1]?.text ?? '';
      const after = tokens[i + match.length]?.text ?? '';
      const headAfter = [knowledge.rules.organizationHeads, knowledge.rules.notOrganizationHeads, knowledge.rules.notPersonHeads].some(
        (set) => set.has(after.toLowerCase()),
      );
      const nameBefore =
        i > 0 && isCapitalised(before) && !/^the$/i.test(before) && !isRoleWord(before, knowledge) && !isOpeningWord(tokens, labels, i - 1);
      // "Commonwealth champion", "Commonwealth gold": the Games, not the body.
      const titleOfAnEvent = match.entity.facet === 'organizations' && namesAnEvent(tokens, i + match.length, knowledge);
      if (!sentence.caps && (nameBefore || titleOfAnEvent || (/^\p{Lu}/u.test(after) && headAfter))) {
        i += match.length - 1;
        continue;
      }
      const tagged1 = labels !== undefined && (labels[i] ?? 0) !== 0;
      if (
        match.length === 1 &&
        match.entity.origin !== 'watchlist' &&
        !tagged1 &&
        !isPlainKnownOrganization(tokens, i, match.entity, sentence.caps, knowledge)
      )
        continue;
      const startTok = tokens[i];
      const endTok = tokens[i + match.length - 1];
      if (startTok === undefined || endTok === undefined) continue;
      const surface = text.slice(startTok.start, endTok.end);
      out.push({
        type: match.entity.facet === 'persons' ? 'PER' : 'ORG',
        tokens: match.entity.name.split(' '),
        surface,
        sentence: si,
        caps: sentence.caps,
        known: match.entity,
        from: i,
        to: i + match.length,
      });
      i += match.length - 1;
    }
  });
  return out;
}

/**
 * Full names the article writes but the tagger cut short: a one-word person ("O'Neill", tagged as
 * a person elsewhere in the article) right after a known given name ("Martin O'Neill's side") is
 * that person's full name.
 */
function completedSurnames(tagged: TaggedText, text: string, candidates: NameCandidate[], knowledge: EntityKnowledge): NameCandidate[] {
  const surnames = new Set(
    candidates.filter((c) => c.type === 'PER' && c.tokens.length === 1 && c.known === undefined).map((c) => c.tokens[0] as string),
  );
  if (surnames.size === 0) return [];
  const out: NameCandidate[] = [];
  tagged.sentences.forEach((sentence, si) => {
    if (sentence.caps) return;
    const tokens = sentence.tokens;
    for (let i = 1; i < tokens.length; i++) {
      const surname = tokens[i]?.text ?? '';
      if (!surnames.has(surname)) continue;
      const first = tokens[i - 1]?.text ?? '';
      const initials = /^\p{Lu}{1,2}$/u.test(first);
      if (
        (!isGivenName(first) && !initials) ||
        isRoleWord(first, knowledge) ||
        knowledge.byForm.has(nameKey(first)) ||
        isPlaceName([first])
      )
        continue;
      const start = tokens[i - 1];
      const end = tokens[i];
      if (start === undefined || end === undefined) continue;
      out.push({
        type: 'PER',
        tokens: [first, surname],
        surface: text.slice(start.start, end.end),
        sentence: si,
        caps: false,
        retyped: 'first name before a surname',
      });
    }
  });
  return out;
}

/**
 * Every person and organization candidate of a tagged text: known names first, then the tagger's
 * other spans, without the article's works' titles (`workTitles`).
 */
export function nameCandidates(
  tagged: TaggedText,
  text: string,
  knowledge: EntityKnowledge,
  titles: ReadonlyMap<string, string>,
): NameCandidate[] {
  const known = knownMentions(tagged, text, knowledge);
  const covered = (span: EntitySpan): boolean => known.some((k) => k.sentence === span.sentence && k.from < span.to && span.from < k.to);
  const candidates = [
    ...known,
    ...tagged.spans.filter((span) => !covered(span) && !titles.has(spanKey(span))).flatMap((span) => candidatesOf(span, tagged, knowledge)),
  ];
  return [...candidates, ...completedSurnames(tagged, text, candidates, knowledge)];
}

/** True when the phrase is a country, a demonym, a capital or a major city in the gazetteer. */
export function isPlaceName(tokens: string[]): boolean {
  return countryGazetteer().phrases.has(phraseKey(tokens.join(' ')));
}
