/**
 * The admin token that write endpoints require (`Authorization: Bearer <token>`): LEDE_ADMIN_TOKEN,
 * else a token generated once into the data dir (owner-only, like the Meilisearch master key)
 * and read from there on every later start.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const ADMIN_TOKEN_FILE = 'admin-token';

export interface AdminToken {
  token: string;
  /** The file it was read from or written to; undefined when it came from the environment. */
  file: string | undefined;
  /** True when this start generated it. */
  generated: boolean;
}

/** The configured token, or the one in `dataDir` (generated with 32 random bytes on first use). */
export function ensureAdminToken(dataDir: string, configured?: string): AdminToken {
  if (configured) return { token: configured, file: undefined, generated: false };
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, ADMIN_TOKEN_FILE);
  if (existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim();
    if (token.length >= 16) return { token, file, generated: false };
  }
  const token = randomBytes(32).toString('base64url');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { token, file, generated: true };
}
