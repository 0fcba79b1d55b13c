/**
 * The article's language as an ISO 639-1 code: from a declared tag ("en-GB", "pt_BR") when the
 * page has one, else detected from the text with franc-min; "und" when unsure.
 */
import { franc } from 'franc-min';

/** ISO 639-3 → 639-1 for the languages franc-min knows and news is commonly written in. */
const ISO3_TO_ISO1: Record<string, string> = {
  eng: 'en', fra: 'fr', deu: 'de', spa: 'es', por: 'pt', ita: 'it', nld: 'nl', swe: 'sv', dan: 'da',
  nob: 'no', nno: 'no', fin: 'fi', pol: 'pl', ces: 'cs', slk: 'sk', hun: 'hu', ron: 'ro', bul: 'bg',
  hrv: 'hr', srp: 'sr', bos: 'bs', slv: 'sl', ell: 'el', tur: 'tr', rus: 'ru', ukr: 'uk', bel: 'be',
  arb: 'ar', ara: 'ar', pes: 'fa', fas: 'fa', heb: 'he', hin: 'hi', ben: 'bn', urd: 'ur', pan: 'pa',
  tam: 'ta', tel: 'te', mar: 'mr', guj: 'gu', kan: 'kn', mal: 'ml', tha: 'th', vie: 'vi', ind: 'id',
  zsm: 'ms', msa: 'ms', tgl: 'tl', cmn: 'zh', zho: 'zh', jpn: 'ja', kor: 'ko', swh: 'sw', hau: 'ha',
  yor: 'yo', ibo: 'ig', amh: 'am', som: 'so', cat: 'ca', glg: 'gl', eus: 'eu', lit: 'lt', lav: 'lv',
  ekk: 'et', est: 'et', kaz: 'kk', uzn: 'uz', azj: 'az', kat: 'ka', hye: 'hy', nep: 'ne', sin: 'si',
  mya: 'my', khm: 'km', afr: 'af', zul: 'zu', xho: 'xh',
};

/** Text shorter than this is not detected (franc is unreliable on a line or two). */
const MIN_DETECT_LENGTH = 60;

/** The primary subtag of a declared language tag, lower-cased: "en-GB" → "en"; undefined if malformed. */
export function languageFromTag(tag: string | undefined): string | undefined {
  if (!tag) return undefined;
  const match = /^\s*([a-z]{2,3})(?:[-_]|\s*$)/i.exec(tag);
  if (!match?.[1]) return undefined;
  const primary = match[1].toLowerCase();
  if (primary.length === 2) return primary;
  return ISO3_TO_ISO1[primary];
}

/** Detects the language of a text; "und" when it is too short or franc is unsure. */
export function detectLanguage(text: string): string {
  const sample = text.length > 4000 ? text.slice(0, 4000) : text;
  if (sample.trim().length < MIN_DETECT_LENGTH) return 'und';
  const code = franc(sample, { minLength: MIN_DETECT_LENGTH });
  return ISO3_TO_ISO1[code] ?? 'und';
}
