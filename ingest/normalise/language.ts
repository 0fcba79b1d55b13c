/**
 * Language: a declared tag ("en-GB", "fr_FR") → ISO 639-1 ("en"); else detected from the text
 * with franc-min (trigram statistics over the most spoken languages). "und" when unsure.
 */
import { franc } from 'franc-min';

/** ISO 639-3 (franc's output) → ISO 639-1 for the languages franc-min knows. */
// biome-ignore format: a word list, laid out by hand
const ISO3_TO_ISO1: Record<string, string> = {
  eng: 'en', fra: 'fr', deu: 'de', spa: 'es', por: 'pt', ita: 'it', nld: 'nl', rus: 'ru', ukr: 'uk',
  pol: 'pl', ces: 'cs', slk: 'sk', ron: 'ro', hun: 'hu', swe: 'sv', nob: 'no', dan: 'da', fin: 'fi',
  ell: 'el', tur: 'tr', arb: 'ar', heb: 'he', pes: 'fa', urd: 'ur', hin: 'hi', ben: 'bn', tam: 'ta',
  tel: 'te', mar: 'mr', guj: 'gu', kan: 'kn', mal: 'ml', pan: 'pa', cmn: 'zh', jpn: 'ja', kor: 'ko',
  vie: 'vi', tha: 'th', ind: 'id', zlm: 'ms', tgl: 'tl', swh: 'sw', hau: 'ha', yor: 'yo', ibo: 'ig',
  amh: 'am', som: 'so', bul: 'bg', srp: 'sr', hrv: 'hr', bos: 'bs', als: 'sq', sqi: 'sq', kat: 'ka',
  hye: 'hy', azj: 'az', uzn: 'uz', kaz: 'kk', bel: 'be', lit: 'lt', lav: 'lv', ekk: 'et', slv: 'sl',
  cat: 'ca', glg: 'gl', eus: 'eu', afr: 'af', zul: 'zu', xho: 'xh', npi: 'ne', sin: 'si', mya: 'my',
  khm: 'km', ceb: 'ceb', nno: 'no', ara: 'ar', fas: 'fa', zho: 'zh', est: 'et', nep: 'ne', zsm: 'ms', msa: 'ms',
};

/** The primary subtag of a declared language tag, lower-cased: "en-GB" → "en"; undefined if malformed. */
export function languageFromTag(tag: string | undefined): string | undefined {
  if (!tag) return undefined;
  const match = /^\s*([a-z]{2,3})(?:[-_]|\s*$)/i.exec(tag);
  if (!match?.[1]) return undefined;
  const primary = match[1].toLowerCase();
  return primary.length === 2 ? primary : ISO3_TO_ISO1[primary];
}

// biome-ignore format: a word list, laid out by hand
const ENGLISH_FUNCTION_WORDS = new Set(['the', 'of', 'and', 'to', 'in', 'is', 'that', 'for', 'it', 'was', 'on', 'with', 'he', 'as', 'by', 'at', 'said', 'from', 'his', 'has', 'have', 'are', 'be', 'this', 'which', 'were', 'an', 'not', 'but', 'they']);

/** Share of English function words: English news runs at 0.3–0.45, other languages near 0. */
function englishRatio(sample: string): number {
  const words = sample.toLowerCase().match(/\p{L}+/gu) ?? [];
  if (words.length < 20) return 0;
  let hits = 0;
  for (const word of words) if (ENGLISH_FUNCTION_WORDS.has(word)) hits++;
  return hits / words.length;
}

/**
 * Detects the language of a text from its first few hundred characters. English, most of
 * Lede's input, is recognised by its function words (cheap); the rest goes to franc.
 */
export function detectLanguage(text: string): string {
  const sample = text.slice(0, 800);
  if (sample.replace(/\s/g, '').length < 40) return 'und';
  if (englishRatio(sample) > 0.2) return 'en';
  const code = franc(sample, { minLength: 40 });
  return ISO3_TO_ISO1[code] ?? 'und';
}
