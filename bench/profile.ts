/** Reads a V8 `.cpuprofile` (from `node --cpu-prof`) into the functions and modules that used the most CPU. */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
}

export interface ProfileSummary {
  /** Self time by function, highest first. */
  functions: Array<{ fn: string; selfPercent: number }>;
  /** Self time by module: a package in node_modules, a file of Lede, node internals, or idle/GC. */
  modules: Array<{ module: string; selfPercent: number }>;
}

function moduleOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return url.split('/')[0]!;
  const own = /\/(src|ingest|bench)\/(.+)$/.exec(url);
  return own ? `${own[1]}/${own[2]}` : url;
}

const round = (value: number) => Math.round(value * 10) / 10;

export function summariseProfile(file: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const hits = new Map<number, number>();
  if (profile.samples?.length) for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  else for (const node of profile.nodes) hits.set(node.id, node.hitCount ?? 0);
  let total = 0;
  for (const count of hits.values()) total += count;
  const byFn = new Map<string, number>();
  const byModule = new Map<string, number>();
  for (const node of profile.nodes) {
    const count = hits.get(node.id) ?? 0;
    if (!count) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${url.replace(/^.*\/(node_modules\/|work\/main\/)/, '')}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
    byFn.set(key, (byFn.get(key) ?? 0) + count);
    const mod = moduleOf(url, functionName);
    byModule.set(mod, (byModule.get(mod) ?? 0) + count);
  }
  const ranked = <K extends string>(map: Map<string, number>, name: K) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(
        ([key, count]) =>
          ({ [name]: key, selfPercent: round((count / Math.max(1, total)) * 100) }) as Record<K, string> & { selfPercent: number },
      );
  return { functions: ranked(byFn, 'fn'), modules: ranked(byModule, 'module') };
}
