import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureAdminToken } from '../../src/server/admin-token.ts';
import { bearerMatches } from '../../src/server/middleware/require-token.ts';

describe('ensureAdminToken', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lede-token-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('generates a token once into the data dir, owner-only, and reads it back', () => {
    const first = ensureAdminToken(dir);
    expect(first.generated).toBe(true);
    expect(first.token.length).toBeGreaterThanOrEqual(32);
    expect(statSync(first.file!).mode & 0o777).toBe(0o600);
    expect(ensureAdminToken(dir)).toEqual({ ...first, generated: false });
  });

  it('prefers LEDE_ADMIN_TOKEN', () => {
    expect(ensureAdminToken(dir, 'configured-token-123456')).toEqual({
      token: 'configured-token-123456',
      file: undefined,
      generated: false,
    });
  });
});

describe('bearerMatches', () => {
  it('accepts exactly "Bearer <token>"', () => {
    expect(bearerMatches('Bearer abc', 'abc')).toBe(true);
    expect(bearerMatches('bearer abc', 'abc')).toBe(true);
    expect(bearerMatches('Bearer abcd', 'abc')).toBe(false);
    expect(bearerMatches('Basic abc', 'abc')).toBe(false);
    expect(bearerMatches(undefined, 'abc')).toBe(false);
  });
});
