import { describe, expect, it } from 'vitest';
import {
  BlockedAddressError,
  classifyAddress,
  createAddressPolicy,
  guardedLookup,
  type Resolver,
} from '../../ingest/sources/address-guard.ts';

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['100.127.255.254', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.2.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['ff02::1', 'multicast'],
    ['fec0::1', 'deprecatedSiteLocal'],
  ])('refuses %s (%s)', (address, range) => {
    expect(classifyAddress(address)).toEqual({ public: false, range });
  });

  it.each([
    ['::ffff:127.0.0.1', /loopback \(IPv4-mapped 127\.0\.0\.1\)/],
    ['::ffff:7f00:1', /loopback \(IPv4-mapped 127\.0\.0\.1\)/],
    ['::ffff:a9fe:a9fe', /linkLocal \(IPv4-mapped 169\.254\.169\.254\)/],
    ['::ffff:0:a00:1', /private \(IPv4-mapped 10\.0\.0\.1\)/],
    ['::127.0.0.1', /ipv4Compatible \(127\.0\.0\.1\)/],
    ['::7f00:1', /ipv4Compatible \(127\.0\.0\.1\)/],
    ['::8.8.8.8', /ipv4Compatible/],
    ['64:ff9b::10.0.0.1', /private \(NAT64 10\.0\.0\.1\)/],
    ['64:ff9b::a9fe:a9fe', /linkLocal \(NAT64 169\.254\.169\.254\)/],
    ['64:ff9b:1::1', /NAT64 local-use/],
    ['2002:7f00:1::1', /loopback \(6to4 127\.0\.0\.1\)/],
    ['2001::1', /teredo/],
  ])('refuses the IPv6 form %s by the address it carries', (address, range) => {
    const result = classifyAddress(address);
    expect(result.public).toBe(false);
    expect(result.range).toMatch(range);
  });

  it.each(['8.8.8.8', '93.184.216.34', '2606:4700::1111', '::ffff:8.8.8.8', '64:ff9b::8.8.8.8'])(
    'allows the public address %s',
    (address) => {
      expect(classifyAddress(address).public).toBe(true);
    },
  );

  it('refuses what is not an address', () => {
    expect(classifyAddress('not-an-ip')).toEqual({ public: false, range: 'invalid' });
  });
});

describe('createAddressPolicy', () => {
  it('refuses IP literals and metadata names before any lookup, naming the opt-in', () => {
    const policy = createAddressPolicy();
    for (const host of [
      '127.0.0.1',
      '[::1]',
      '[::ffff:7f00:1]',
      '169.254.169.254',
      'localhost',
      'LOCALHOST.',
      'db.localhost',
      'metadata.google.internal',
      'instance-data',
    ]) {
      expect(() => policy.checkHost(host), host).toThrow(BlockedAddressError);
    }
    expect(() => policy.checkHost('169.254.169.254')).toThrow(/--allow-private-network.*LEDE_ALLOW_PRIVATE_NETWORK=true/);
    expect(() => policy.checkHost('news.example.com')).not.toThrow();
    expect(() => policy.checkHost('8.8.8.8')).not.toThrow();
  });

  it('allows everything with allowPrivateNetwork, and single networks with allowNetworks', () => {
    expect(() => createAddressPolicy({ allowPrivateNetwork: true }).checkHost('127.0.0.1')).not.toThrow();
    const one = createAddressPolicy({ allowNetworks: ['10.1.2.0/24'] });
    expect(one.allows('10.1.2.9')).toBe(true);
    expect(one.allows('10.1.3.9')).toBe(false);
    expect(one.allows('::ffff:10.1.2.9')).toBe(true);
    expect(() => createAddressPolicy({ allowNetworks: ['nonsense'] })).toThrow('Expected `allowNetworks` to hold CIDR ranges');
  });
});

describe('guardedLookup', () => {
  const resolverFor =
    (table: Record<string, Array<{ address: string; family: number }>>): Resolver =>
    (host, callback) =>
      callback(null, table[host] ?? []);

  const run = (lookup: ReturnType<typeof guardedLookup>, host: string, all: boolean) =>
    new Promise<{ error: Error | null; result: unknown }>((resolve) =>
      lookup(host, { all }, (error: Error | null, address: unknown) => resolve({ error, result: address })),
    );

  it('refuses a name whose address is private, and a name mixing public and private addresses', async () => {
    const lookup = guardedLookup(
      createAddressPolicy(),
      resolverFor({
        'inside.example': [{ address: '10.0.0.7', family: 4 }],
        'mixed.example': [
          { address: '8.8.8.8', family: 4 },
          { address: '::1', family: 6 },
        ],
        'public.example': [{ address: '8.8.8.8', family: 4 }],
      }),
    );
    const inside = await run(lookup, 'inside.example', false);
    expect(inside.error).toBeInstanceOf(BlockedAddressError);
    expect(inside.error?.message).toContain('inside.example (10.0.0.7)');
    expect((await run(lookup, 'mixed.example', true)).error).toBeInstanceOf(BlockedAddressError);
    expect(await run(lookup, 'public.example', true)).toEqual({ error: null, result: [{ address: '8.8.8.8', family: 4 }] });
    expect(await run(lookup, 'public.example', false)).toEqual({ error: null, result: '8.8.8.8' });
  });
});
