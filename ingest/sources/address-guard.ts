/**
 * Which network addresses the URL fetcher may connect to (SSRF protection).
 *
 * Only public unicast addresses are allowed unless the user opts in (`--allow-private-network`,
 * `LEDE_ALLOW_PRIVATE_NETWORK=true`): feeds and pages are fetched on behalf of whatever a feed
 * links to, and a link to `http://169.254.169.254/` or `http://localhost:7700/` must not reach
 * the machine's own services or its cloud metadata endpoint.
 *
 * The check runs on the address actually connected to: a `lookup` function for the socket
 * (resolve, check, hand the checked address to `connect`), so a name cannot resolve to a public
 * address for the check and to a private one for the connection (DNS rebinding). IP literals
 * never reach `lookup` (node connects to them directly) and are checked before the request.
 *
 * Range classification comes from ipaddr.js (the library behind Express's `trust proxy`), not
 * from hand-written parsing: IPv4/IPv6 text forms and the special-purpose registries are easy to
 * get subtly wrong.
 */
import dns from 'node:dns';
import net, { type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { LedeError } from '../../src/errors.ts';

/** The option names a refusal points to. */
export const ALLOW_PRIVATE_HINT = 'pass --allow-private-network (or set LEDE_ALLOW_PRIVATE_NETWORK=true) to allow it';

/**
 * Host names refused before any DNS lookup: cloud metadata services (GCP, AWS, Azure, Alibaba)
 * and `localhost` (RFC 6761). Their addresses are refused anyway; the names are refused too so
 * that a resolver configured to answer them with something else changes nothing.
 */
export const BLOCKED_HOST_NAMES: readonly string[] = [
  'localhost',
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
  'metadata.azure.internal',
  'metadata.tencentyun.com',
];

/** The ranges of ipaddr.js that are public unicast; every other range is refused. */
const PUBLIC_RANGES = new Set(['unicast']);

/** A connection refused because its address (or host name) is not public. */
export class BlockedAddressError extends LedeError {
  override name = 'BlockedAddressError';
  /** The host name of the URL. */
  readonly host: string;
  /** The address refused, or the host name when the name itself is refused. */
  readonly address: string;
  /** The kind of address, e.g. `loopback`, `private`, `linkLocal`, `metadata name`. */
  readonly range: string;

  constructor(host: string, address: string, range: string) {
    const target = host === address ? address : `${host} (${address})`;
    super('blocked-address', `Refused to connect to ${target}: ${range} addresses are not fetched by default; ${ALLOW_PRIVATE_HINT}.`);
    this.host = host;
    this.address = address;
    this.range = range;
  }
}

/**
 * The kind of an IP address and whether it is public. IPv4-mapped / -compatible IPv6, NAT64
 * (64:ff9b::/96) and 6to4 are judged by the IPv4 address they carry.
 */
export function classifyAddress(address: string): { public: boolean; range: string } {
  if (!ipaddr.isValid(address)) return { public: false, range: 'invalid' };
  // ipaddr.js reads `::a.b.c.d` as IPv4-mapped; the WHATWG URL parser writes it as the hex
  // form the socket would use (`::808:808`), so IPv6 text goes through it first.
  const text = net.isIPv6(address) ? new URL(`http://[${address}]/`).hostname.slice(1, -1) : address;
  const parsed = ipaddr.parse(text);
  if (parsed.kind() === 'ipv4') {
    const range = parsed.range();
    return { public: PUBLIC_RANGES.has(range), range };
  }
  const v6 = parsed as ipaddr.IPv6;
  const parts = v6.parts;
  const embedded = (high: number, low: number) => ipaddr.fromByteArray([high >> 8, high & 0xff, low >> 8, low & 0xff]) as ipaddr.IPv4;
  const via = (carrier: string, v4: ipaddr.IPv4) => {
    const inner = classifyAddress(v4.toString());
    return { public: inner.public, range: inner.public ? inner.range : `${inner.range} (${carrier} ${v4.toString()})` };
  };
  const range = v6.range();
  if (range === 'ipv4Mapped' || range === 'rfc6145') return via('IPv4-mapped', embedded(parts[6]!, parts[7]!));
  // ::a.b.c.d (IPv4-compatible, deprecated) and ::/96 as a whole: never a public destination.
  if (parts.slice(0, 6).every((part) => part === 0)) {
    return range === 'unicast'
      ? { public: false, range: `ipv4Compatible (${embedded(parts[6]!, parts[7]!).toString()})` }
      : { public: false, range };
  }
  if (range === 'rfc6052') {
    // 64:ff9b::/96 carries the IPv4 address in its last 32 bits; the local-use 64:ff9b:1::/48 is not public.
    const wellKnown = parts[0] === 0x64 && parts[1] === 0xff9b && parts.slice(2, 6).every((part) => part === 0);
    return wellKnown ? via('NAT64', embedded(parts[6]!, parts[7]!)) : { public: false, range: 'NAT64 local-use' };
  }
  if (range === '6to4') return via('6to4', embedded(parts[1]!, parts[2]!));
  return { public: PUBLIC_RANGES.has(range), range };
}

/** Strips the brackets of an IPv6 URL host (`[::1]` → `::1`). */
export function bareHost(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/** What may be connected to: a fixed decision per address. */
export interface AddressPolicy {
  /** True when connecting to `address` is allowed. */
  allows(address: string): boolean;
  /** Throws a BlockedAddressError for a refused host name or IP literal (checked before any connection). */
  checkHost(hostname: string): void;
}

export interface AddressPolicyOptions {
  /**
   * Allow every address, including loopback, private, link-local and metadata ones.
   * @default false
   */
  allowPrivateNetwork?: boolean;
  /**
   * Extra networks allowed in CIDR form (e.g. `['10.1.2.0/24']`), for one internal feed server
   * without opening the whole private network.
   * @default []
   */
  allowNetworks?: readonly string[];
}

/** The address policy for the given options. */
export function createAddressPolicy(options: AddressPolicyOptions = {}): AddressPolicy {
  const allowAll = options.allowPrivateNetwork ?? false;
  const networks = (options.allowNetworks ?? []).map((cidr) => {
    try {
      return ipaddr.parseCIDR(cidr);
    } catch {
      throw new TypeError(`Expected \`allowNetworks\` to hold CIDR ranges like \`10.1.2.0/24\`, got \`${cidr}\` (${typeof cidr})`);
    }
  });
  const inAllowedNetwork = (address: string): boolean => {
    if (!ipaddr.isValid(address)) return false;
    const parsed = ipaddr.process(address);
    return networks.some(([network, bits]) => network.kind() === parsed.kind() && parsed.match(network, bits));
  };
  const allows = (address: string): boolean => allowAll || classifyAddress(address).public || inAllowedNetwork(address);
  return {
    allows,
    checkHost(hostname) {
      if (allowAll) return;
      const host = bareHost(hostname).toLowerCase().replace(/\.$/, '');
      if (net.isIP(host)) {
        if (!allows(host)) throw new BlockedAddressError(host, host, classifyAddress(host).range);
        return;
      }
      if (BLOCKED_HOST_NAMES.includes(host) || host.endsWith('.localhost'))
        throw new BlockedAddressError(host, host, 'local or metadata host name');
    },
  };
}

/** A resolver with the shape of `dns.lookup(host, { all: true }, callback)`. */
export type Resolver = (hostname: string, callback: (error: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void) => void;

const systemResolver: Resolver = (hostname, callback) => dns.lookup(hostname, { all: true, verbatim: true }, callback);

/**
 * A `lookup` for sockets that resolves with `resolver` and fails with a BlockedAddressError
 * when any address of the name is refused (a name that mixes public and private addresses is
 * refused as a whole), so the socket only ever connects to an address that was checked.
 */
export function guardedLookup(policy: AddressPolicy, resolver: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    resolver(hostname, (error, addresses) => {
      if (error) return callback(error, '', 4);
      const family =
        typeof options.family === 'number' ? options.family : options.family === 'IPv6' ? 6 : options.family === 'IPv4' ? 4 : 0;
      const usable = addresses.filter((a) => family === 0 || a.family === family);
      const refused = usable.find((a) => !policy.allows(a.address));
      if (refused) return callback(new BlockedAddressError(hostname, refused.address, classifyAddress(refused.address).range), '', 4);
      if (usable.length === 0) {
        return callback(Object.assign(new Error(`No address found for ${hostname}`), { code: 'ENOTFOUND' }), '', 4);
      }
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, usable);
      callback(null, usable[0]!.address, usable[0]!.family);
    });
  };
}
