import { isIPv4, isIPv6 } from 'node:net';

// Pure address arithmetic for validating scenarios: no dependency, IPv4 and IPv6 alike.

export interface Cidr {
  readonly family: 4 | 6;
  readonly network: bigint;
  readonly prefix: number;
  readonly text: string;
}

const bitsOf = (family: 4 | 6): number => (family === 4 ? 32 : 128);

export function ipFamily(address: string): 4 | 6 | undefined {
  if (isIPv4(address)) return 4;
  if (isIPv6(address)) return 6;
  return undefined;
}

export function ipToBigInt(address: string): bigint {
  if (isIPv4(address)) {
    return address.split('.').reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
  }
  if (!isIPv6(address)) throw new Error(`not an IP address: ${address}`);
  let text = address;
  const v4Tail = text.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (v4Tail?.[1]) {
    const v4 = ipToBigInt(v4Tail[1]);
    text = text.slice(0, -v4Tail[1].length) + `${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array(missing).fill('0'), ...tailGroups];
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group, 16)), 0n);
}

// Parses "192.168.1.0/24" or "fd00::/64"; undefined when it is not a CIDR or has host bits set.
export function parseCidr(text: string): Cidr | undefined {
  const [address, prefixText, extra] = text.split('/');
  if (!address || prefixText === undefined || extra !== undefined || !/^(?:0|[1-9]\d{0,2})$/.test(prefixText)) return undefined;
  const family = ipFamily(address);
  if (!family) return undefined;
  const prefix = Number(prefixText);
  if (prefix > bitsOf(family)) return undefined;
  const network = ipToBigInt(address);
  if ((network & hostMask(family, prefix)) !== 0n) return undefined;
  return { family, network, prefix, text };
}

function hostMask(family: 4 | 6, prefix: number): bigint {
  return (1n << BigInt(bitsOf(family) - prefix)) - 1n;
}

export function cidrContains(cidr: Cidr, address: string): boolean {
  if (ipFamily(address) !== cidr.family) return false;
  return (ipToBigInt(address) & ~hostMask(cidr.family, cidr.prefix)) === cidr.network;
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  if (a.family !== b.family) return false;
  const prefix = Math.min(a.prefix, b.prefix);
  const mask = ~hostMask(a.family, prefix);
  return (a.network & mask) === (b.network & mask);
}

// The network and broadcast addresses of an IPv4 subnet cannot be given to an interface.
export function isUsableHostAddress(cidr: Cidr, address: string): boolean {
  if (!cidrContains(cidr, address)) return false;
  if (cidr.family === 6 || cidr.prefix >= 31) return true;
  const host = ipToBigInt(address) & hostMask(4, cidr.prefix);
  return host !== 0n && host !== hostMask(4, cidr.prefix);
}

// 127.0.0.0/8 and ::1: a machine's own loopback, the only addresses a flow may use that no interface declares.
export function isLoopback(address: string): boolean {
  const family = ipFamily(address);
  if (family === 4) return address.startsWith('127.');
  return family === 6 && ipToBigInt(address) === 1n;
}

// The first host address of an IPv4 subnet (10.50.0.1 for 10.50.0.0/24), where a router stands.
export function firstHostAddress(cidr: Cidr): string {
  const value = cidr.network + (cidr.prefix >= 31 ? 0n : 1n);
  return [24n, 16n, 8n, 0n].map((shift) => ((value >> shift) & 0xffn).toString()).join('.');
}
