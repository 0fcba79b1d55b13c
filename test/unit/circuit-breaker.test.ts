import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createClusterBreakers, healthProbe, NodesOpenedError, type ClusterBreakers } from '../../src/meili/circuit-breaker.ts';

const NODES = [
  { name: 'a', url: 'http://a.invalid' },
  { name: 'b', url: 'http://b.invalid' },
];
const created: ClusterBreakers[] = [];
afterEach(() => {
  for (const b of created.splice(0)) b.close();
});

function breakers(healthy: Record<string, boolean>) {
  const probes: string[] = [];
  const b = createClusterBreakers(NODES, {
    slowMs: 30,
    probeTimeoutMs: 20,
    probeIntervalMs: 20,
    probe: async (url) => {
      probes.push(url);
      return healthy[new URL(url).hostname[0]!] ?? true;
    },
  });
  created.push(b);
  return { b, probes };
}

const never = (signal: AbortSignal) => new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createClusterBreakers', () => {
  it('lets a fast request through without probing', async () => {
    const { b, probes } = breakers({});
    await expect(b.watch(async () => 'ok')).resolves.toBe('ok');
    expect(probes).toEqual([]);
  });

  it('probes every node when a request is slow, opens the one that does not answer and aborts the request', async () => {
    const { b } = breakers({ a: true, b: false });
    let aborted = false;
    const pending = b.watch((signal) => {
      signal.addEventListener('abort', () => (aborted = true));
      return never(signal);
    });
    await expect(pending).rejects.toBeInstanceOf(NodesOpenedError);
    await expect(pending).rejects.toMatchObject({ nodes: ['b'] });
    expect(aborted).toBe(true);
    expect(b.partition(NODES)).toEqual({ live: [NODES[0]], open: ['b'] });
  });

  it('keeps waiting for a slow request when every node is healthy', async () => {
    const { b } = breakers({});
    await expect(
      b.watch(async () => {
        await sleep(80);
        return 'slow but fine';
      }),
    ).resolves.toBe('slow but fine');
    expect(b.isOpen('a') || b.isOpen('b')).toBe(false);
  });

  it('does not abort a request that does not involve the hung node', async () => {
    const { b } = breakers({ a: true, b: false });
    await expect(
      b.watch(async () => {
        await sleep(80);
        return 'a answered';
      }, ['a']),
    ).resolves.toBe('a answered');
    expect(b.isOpen('b')).toBe(true);
  });

  it('closes the breaker once the background probe gets an answer', async () => {
    const healthy = { a: true, b: false };
    const { b } = breakers(healthy);
    await b.probeAll();
    expect(b.isOpen('b')).toBe(true);
    healthy.b = true;
    await sleep(80);
    expect(b.isOpen('b')).toBe(false);
  });

  it('rejects bad options with what was expected', () => {
    expect(() => createClusterBreakers(NODES, { slowMs: 0 })).toThrow(
      'Expected `slowMs` to be a positive number of milliseconds, got `0` (number)',
    );
  });
});

describe('healthProbe', () => {
  it('gives up on a loopback server that accepts connections and never replies', async () => {
    const sockets: net.Socket[] = [];
    const server = net.createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const started = Date.now();
      expect(await healthProbe(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 150)).toBe(false);
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(sockets.length).toBe(1);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
