/**
 * The supply-chain check CI runs after `npm ci --ignore-scripts` (scripts/check-lockfile.mjs),
 * run as CI runs it: on the real lockfile, and on lockfiles broken on purpose.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../scripts/check-lockfile.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** A registry on loopback as a stand-in: the check compares strings, it sends nothing. */
const REGISTRY = 'http://127.0.0.1:4873/';
const HASH = `sha512-${'A'.repeat(86)}==`;

const dir = mkdtempSync(path.join(os.tmpdir(), 'lede-lockfile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function check(lock: unknown, pkg: unknown = { dependencies: {} }) {
  const lockfile = path.join(dir, 'package-lock.json');
  writeFileSync(lockfile, JSON.stringify(lock));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg));
  const run = spawnSync(process.execPath, [SCRIPT, '--lockfile', lockfile, '--registry', REGISTRY], { encoding: 'utf8' });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

const good = (extra: Record<string, unknown> = {}) => ({
  lockfileVersion: 3,
  packages: {
    '': { name: 'x' },
    'node_modules/left-pad': { version: '1.3.0', resolved: `${REGISTRY}left-pad/-/left-pad-1.3.0.tgz`, integrity: HASH },
    'node_modules/esbuild': { version: '0.28.2', integrity: HASH, hasInstallScript: true },
    'node_modules/a/node_modules/@scope/b': { version: '2.0.0-rc.1', integrity: HASH },
    ...extra,
  },
});

describe('scripts/check-lockfile.mjs', () => {
  it('passes on the repository lockfile', () => {
    const out = execFileSync(process.execPath, [SCRIPT, '--registry', REGISTRY], { cwd: ROOT, encoding: 'utf8' });
    const count =
      Object.keys((JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: object }).packages).length - 1;
    expect(out).toContain(`${count} packages from the registry`);
  });

  it('passes on a clean lockfile with an allowed install script', () => {
    expect(check(good())).toMatchObject({ code: 0 });
  });

  it.each([
    [
      'a git dependency',
      { 'node_modules/evil': { version: '1.0.0', resolved: 'git+ssh://git@example.invalid/evil.git#abc', integrity: HASH } },
      /resolved from git\+ssh/,
    ],
    [
      'a tarball from another host',
      { 'node_modules/evil': { version: '1.0.0', resolved: 'https://example.invalid/evil-1.0.0.tgz', integrity: HASH } },
      /not from the registry/,
    ],
    ['a missing integrity', { 'node_modules/evil': { version: '1.0.0' } }, /no sha512 integrity/],
    [
      'a sha1-only integrity',
      { 'node_modules/evil': { version: '1.0.0', integrity: 'sha1-3t6HYsmVp3d0bXcgqDw7sLKkkjI=' } },
      /no sha512 integrity/,
    ],
    ['a link', { 'node_modules/evil': { link: true, resolved: '../evil' } }, /a link to \.\.\/evil/],
    ['a file version', { 'node_modules/evil': { version: 'file:../evil', integrity: HASH } }, /not a registry version/],
    [
      'an install script off the allow-list',
      { 'node_modules/evil': { version: '1.0.0', integrity: HASH, hasInstallScript: true } },
      /evil: has an install script and is not on the allow-list/,
    ],
  ])('fails on %s, naming the package', (_label, extra, message) => {
    const result = check(good(extra));
    expect(result.code).toBe(1);
    expect(result.err).toMatch(message);
    expect(result.err).toContain('node_modules/evil');
  });

  it('fails on a package.json range that is not resolved from the registry', () => {
    const result = check(good(), {
      dependencies: { a: '^1.0.0', b: 'github:someone/b', c: 'npm:d@^2' },
      devDependencies: { e: 'file:../e' },
    });
    expect(result.code).toBe(1);
    expect(result.err).toContain('dependencies.b: "github:someone/b"');
    expect(result.err).toContain('devDependencies.e: "file:../e"');
    expect(result.err).not.toContain('dependencies.a');
    expect(result.err).not.toContain('dependencies.c');
  });
});
