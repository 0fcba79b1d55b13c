import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { findMeiliBinary } from '../../src/meili/binary.ts';
import { LedeError } from '../../src/errors.ts';
import { isHealthy } from '../../src/meili/health.ts';
import { freePort, startManagedMeili } from '../../src/meili/managed.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lede-managed-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('managed Meilisearch', () => {
  it('starts healthy, stores an owner-only master key, is reused by a second process and stops', async () => {
    const dataDir = tempDir();
    const first = await startManagedMeili({ bin: inject('meiliBin'), dataDir, port: 0 });
    expect(first.owned).toBe(true);
    expect(await isHealthy(first.url)).toBe(true);
    expect(statSync(path.join(dataDir, 'master-key')).mode & 0o777).toBe(0o600);

    const second = await startManagedMeili({ bin: inject('meiliBin'), dataDir, port: 0 });
    expect(second.owned).toBe(false);
    expect(second.url).toBe(first.url);
    expect(second.masterKey).toBe(first.masterKey);

    await first.stop();
    expect(await isHealthy(first.url)).toBe(false);
  });

  it('says what to do when the port is busy', async () => {
    const port = await freePort();
    const blocker = net.createServer().listen(port, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    try {
      await expect(startManagedMeili({ bin: inject('meiliBin'), dataDir: tempDir(), port })).rejects.toThrow(
        /Port \d+ is already in use.*MEILI_PORT.*MEILI_URL/,
      );
      await expect(startManagedMeili({ bin: inject('meiliBin'), dataDir: tempDir(), port })).rejects.toThrow(
        expect.objectContaining({ name: 'LedeError', code: 'meili_start_failed' }),
      );
      await expect(startManagedMeili({ bin: inject('meiliBin'), dataDir: tempDir(), port })).rejects.toBeInstanceOf(LedeError);
    } finally {
      blocker.close();
    }
  });

  it('restarts the server when it crashes', async () => {
    const dataDir = tempDir();
    const server = await startManagedMeili({ bin: inject('meiliBin'), dataDir, port: 0 });
    try {
      const pid = readPid(dataDir)!;
      process.kill(pid, 'SIGKILL');
      let healthy = false;
      for (let i = 0; i < 100 && !healthy; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const current = readPid(dataDir);
        healthy = current !== undefined && current !== pid && (await isHealthy(server.url));
      }
      expect(healthy).toBe(true);
    } finally {
      await server.stop();
    }
  });

  it('explains a missing binary', () => {
    expect(() => findMeiliBinary('/nonexistent/meilisearch')).toThrow(
      expect.objectContaining({ name: 'LedeError', code: 'meili_binary_not_found' }),
    );
    expect(() => findMeiliBinary('/nonexistent/meilisearch')).toThrow(/MEILI_BIN/);
  });
});

function readPid(dataDir: string): number | undefined {
  try {
    return (JSON.parse(readFileSync(path.join(dataDir, 'lede-server.json'), 'utf8')) as { pid: number }).pid;
  } catch {
    return undefined;
  }
}
