/**
 * Index settings from `index-config/` (data, not code), applied idempotently: the index is
 * created when missing, and settings are sent only when they differ from what the server has,
 * because every settings change re-indexes all documents.
 */
import { readFileSync } from 'node:fs';
import type { GranularFilterableAttribute, Meilisearch, Settings } from 'meilisearch';
import { LedeError } from '../errors.ts';
import { FACETS, FACET_KEYS_FIELDS } from '../facets.ts';
import { projectFile } from '../project-files.ts';
import { meiliErrorInfo } from './http-client.ts';

function readJson(name: string): Record<string, unknown> {
  const data = JSON.parse(readFileSync(projectFile('index-config', name), 'utf8')) as Record<string, unknown>;
  delete data['$comment'];
  return data;
}

/**
 * The facet part of the settings, from the facet registry: facet fields filterable (plain form,
 * so filters, counts and facet search) and displayed; the hidden keys fields only facet-searchable,
 * neither displayed nor searchable, so they never show in hits nor match a query.
 */
export function facetSettings(): { filterableAttributes: Array<string | GranularFilterableAttribute>; displayedAttributes: string[] } {
  const filterable: Array<string | GranularFilterableAttribute> = FACETS.map((f) => f.field);
  for (const field of FACET_KEYS_FIELDS) {
    filterable.push({ attributePatterns: [field], features: { facetSearch: true, filter: { equality: false, comparison: false } } });
  }
  return { filterableAttributes: filterable, displayedAttributes: FACETS.map((f) => f.field) };
}

/** The settings Lede wants on its index: index-config/ with the facet part merged in. */
export function desiredSettings(): Settings {
  const data = readJson('settings.json') as Settings;
  const facets = facetSettings();
  return {
    ...data,
    filterableAttributes: [...(data.filterableAttributes ?? []), ...facets.filterableAttributes],
    displayedAttributes: [...(data.displayedAttributes ?? []), ...facets.displayedAttributes],
    synonyms: readJson('synonyms.json') as Record<string, string[]>,
  };
}

/**
 * The most values Meilisearch returns per facet on one node (faceting.maxValuesPerFacet in
 * index-config/): the page shows 48, more come through facet-value search, and every count
 * that must be exact past it (the timeline, an entity's related values) is asked again.
 */
export const MAX_VALUES_PER_FACET: number = desiredSettings().faceting?.maxValuesPerFacet ?? 100;

/** Settings whose array order means something; every other array is a set to Meilisearch. */
const ORDERED = new Set(['searchableAttributes', 'rankingRules', 'displayedAttributes']);

/** Deep equality that ignores key order, and array order unless `ordered` (Meilisearch echoes sets sorted). */
function sameValue(a: unknown, b: unknown, ordered: boolean): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    if (ordered) return a.every((v, i) => sameValue(v, b[i], true));
    return a.every((v) => b.some((w) => sameValue(v, w, false)));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const bo = b as Record<string, unknown>;
    return Object.keys(a as object).every((k) => sameValue((a as Record<string, unknown>)[k], bo[k], ordered));
  }
  return false;
}

/** The part of `desired` that the server does not have yet (empty when in sync). */
export function settingsDiff(desired: Settings, current: Settings): Settings {
  const diff: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(desired)) {
    if (!sameValue(value, (current as Record<string, unknown>)[key], ORDERED.has(key))) diff[key] = value;
  }
  return diff as Settings;
}

/** Creates the index if needed and brings its settings in line. Returns the keys that changed. */
export async function applySettings(client: Meilisearch, indexUid: string, settings = desiredSettings()): Promise<string[]> {
  await ensureIndex(client, indexUid);
  const current = await client.index(indexUid).getSettings();
  const diff = settingsDiff(settings, current);
  const changed = Object.keys(diff);
  if (changed.length === 0) return [];
  const task = await client.index(indexUid).updateSettings(diff).waitTask({ timeout: 600_000 });
  if (task.status !== 'succeeded') {
    throw new LedeError('settings_failed', `Applying settings to "${indexUid}" failed: ${task.error?.message ?? task.status}`);
  }
  return changed;
}

export async function ensureIndex(client: Meilisearch, indexUid: string): Promise<void> {
  try {
    await client.getIndex(indexUid);
  } catch (error) {
    if (meiliErrorInfo(error).code !== 'index_not_found') throw error;
    const task = await client.createIndex(indexUid, { primaryKey: 'id' }).waitTask();
    if (task.status !== 'succeeded' && task.error?.code !== 'index_already_exists') {
      throw new LedeError('index_create_failed', `Creating index "${indexUid}" failed: ${task.error?.message ?? task.status}`);
    }
  }
}
