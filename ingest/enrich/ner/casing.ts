/** Readable casing for names read from upper-case headlines: "AL-ASSAD" → "Al-Assad", "O'NEILL" → "O'Neill". */

function capitalise(part: string): string {
  if (part.length === 0) return part;
  const lower = part.toLowerCase();
  // "MC" + name, "O'" + name.
  const mc = /^(mc|o')(\p{L})(.*)$/u.exec(lower);
  if (mc !== null && mc[1] !== undefined && mc[2] !== undefined && mc[3] !== undefined) {
    return `${mc[1][0]?.toUpperCase() ?? ''}${mc[1].slice(1)}${mc[2].toUpperCase()}${mc[3]}`;
  }
  return (lower[0]?.toUpperCase() ?? '') + lower.slice(1);
}

/** True for a token with letters, all upper-case. */
export function isUpperWord(s: string): boolean {
  return /\p{Lu}/u.test(s) && !/\p{Ll}/u.test(s);
}

/** Title case for an upper-case word, keeping dotted initials ("U.S.", "J.") and short acronyms. */
export function titleCase(word: string, keepAcronyms = false): string {
  if (!isUpperWord(word)) return word;
  if (/^(\p{L}\.)+\p{L}?$/u.test(word)) return word;
  const letters = word.replace(/[^\p{L}]/gu, '');
  if (keepAcronyms && (letters.length <= 4 || !/[AEIOUY]/.test(letters))) return word;
  return word
    .split(/([-'])/)
    .map((p) => (p === '-' || p === "'" ? p : capitalise(p)))
    .join('')
    .replace(/'(\p{Lu})(?=\p{L})/gu, "'$1");
}
