import { describe, expect, it } from 'vitest';
import { cidrContains, cidrsOverlap, ipFamily, ipToBigInt, isUsableHostAddress, parseCidr, type Cidr } from './addresses.ts';

function cidr(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!parsed) throw new Error(`test fixture ${text} is not a CIDR`);
  return parsed;
}

describe('ipFamily', () => {
  it('tells IPv4 from IPv6 and rejects anything else', () => {
    expect(ipFamily('192.168.1.10')).toBe(4);
    expect(ipFamily('fd00:1::10')).toBe(6);
    expect(ipFamily('docker1')).toBeUndefined();
    expect(ipFamily('192.168.1.0/24')).toBeUndefined();
    expect(ipFamily('256.1.1.1')).toBeUndefined();
  });
});

describe('ipToBigInt', () => {
  it('reads IPv4 addresses as 32-bit numbers', () => {
    expect(ipToBigInt('0.0.0.0')).toBe(0n);
    expect(ipToBigInt('192.168.1.10')).toBe(0xc0a8010an);
    expect(ipToBigInt('255.255.255.255')).toBe(0xffffffffn);
  });

  it('reads full and :: abbreviated IPv6 forms', () => {
    expect(ipToBigInt('::')).toBe(0n);
    expect(ipToBigInt('::1')).toBe(1n);
    expect(ipToBigInt('1::')).toBe(1n << 112n);
    expect(ipToBigInt('fd00:1::10')).toBe((0xfd00n << 112n) | (1n << 96n) | 0x10n);
    expect(ipToBigInt('fd00:1::10')).toBe(ipToBigInt('fd00:0001:0000:0000:0000:0000:0000:0010'));
    expect(ipToBigInt('2001:db8:0:0:1::1')).toBe(ipToBigInt('2001:db8::1:0:0:1'));
  });

  it('reads IPv6 addresses with an embedded IPv4 tail', () => {
    expect(ipToBigInt('::ffff:192.168.1.1')).toBe(0xffffc0a80101n);
    expect(ipToBigInt('::ffff:192.168.1.1')).toBe(ipToBigInt('::ffff:c0a8:101'));
    expect(ipToBigInt('64:ff9b::192.0.2.33')).toBe(ipToBigInt('64:ff9b::c000:221'));
    expect(ipToBigInt('0:0:0:0:0:ffff:1.2.3.4')).toBe(0xffff01020304n);
  });

  it('throws on something that is no address', () => {
    expect(() => ipToBigInt('docker1')).toThrow('not an IP address: docker1');
  });
});

describe('parseCidr', () => {
  it('parses an IPv4 subnet', () => {
    expect(parseCidr('192.168.1.0/24')).toEqual({ family: 4, network: 0xc0a80100n, prefix: 24, text: '192.168.1.0/24' });
    expect(parseCidr('0.0.0.0/0')).toEqual({ family: 4, network: 0n, prefix: 0, text: '0.0.0.0/0' });
    expect(parseCidr('10.0.0.7/32')?.prefix).toBe(32);
  });

  it('parses an IPv6 subnet', () => {
    expect(parseCidr('fd00:1::/64')).toEqual({ family: 6, network: (0xfd00n << 112n) | (1n << 96n), prefix: 64, text: 'fd00:1::/64' });
    expect(parseCidr('::/0')?.family).toBe(6);
    expect(parseCidr('fd00::1/128')?.prefix).toBe(128);
  });

  it('refuses a subnet with host bits set', () => {
    expect(parseCidr('192.168.1.5/24')).toBeUndefined();
    expect(parseCidr('11.0.0.0/7')).toBeUndefined();
    expect(parseCidr('fd00:1::1/64')).toBeUndefined();
  });

  it('refuses a bad or missing prefix', () => {
    expect(parseCidr('192.168.1.0/33')).toBeUndefined();
    expect(parseCidr('fd00::/129')).toBeUndefined();
    expect(parseCidr('192.168.1.0')).toBeUndefined();
    expect(parseCidr('192.168.1.0/')).toBeUndefined();
    expect(parseCidr('192.168.1.0/-1')).toBeUndefined();
    expect(parseCidr('192.168.1.0/24/8')).toBeUndefined();
    expect(parseCidr('192.168.1.0/1000')).toBeUndefined();
    expect(parseCidr('lan/24')).toBeUndefined();
  });
});

describe('cidrContains', () => {
  it('contains addresses of its own range only', () => {
    const lan = cidr('192.168.1.0/24');
    expect(cidrContains(lan, '192.168.1.0')).toBe(true);
    expect(cidrContains(lan, '192.168.1.255')).toBe(true);
    expect(cidrContains(lan, '192.168.2.1')).toBe(false);
    expect(cidrContains(cidr('0.0.0.0/0'), '8.8.8.8')).toBe(true);
  });

  it('works for IPv6 and never across families', () => {
    const v6 = cidr('fd00:1::/64');
    expect(cidrContains(v6, 'fd00:1::ffff:1')).toBe(true);
    expect(cidrContains(v6, 'fd00:2::1')).toBe(false);
    expect(cidrContains(v6, '192.168.1.1')).toBe(false);
    expect(cidrContains(cidr('0.0.0.0/0'), '::1')).toBe(false);
  });
});

describe('cidrsOverlap', () => {
  it('overlaps when one contains the other, either way round', () => {
    expect(cidrsOverlap(cidr('192.168.0.0/16'), cidr('192.168.1.0/24'))).toBe(true);
    expect(cidrsOverlap(cidr('192.168.1.0/24'), cidr('192.168.0.0/16'))).toBe(true);
    expect(cidrsOverlap(cidr('192.168.1.0/24'), cidr('192.168.1.0/24'))).toBe(true);
    expect(cidrsOverlap(cidr('fd00::/16'), cidr('fd00:1::/64'))).toBe(true);
  });

  it('does not overlap for disjoint ranges or different families', () => {
    expect(cidrsOverlap(cidr('192.168.1.0/24'), cidr('192.168.2.0/24'))).toBe(false);
    expect(cidrsOverlap(cidr('10.0.0.0/25'), cidr('10.0.0.128/25'))).toBe(false);
    expect(cidrsOverlap(cidr('0.0.0.0/0'), cidr('::/0'))).toBe(false);
  });
});

describe('isUsableHostAddress', () => {
  const lan = cidr('192.168.1.0/24');

  it('accepts ordinary host addresses in the subnet', () => {
    expect(isUsableHostAddress(lan, '192.168.1.1')).toBe(true);
    expect(isUsableHostAddress(lan, '192.168.1.254')).toBe(true);
  });

  it('refuses the network and broadcast addresses, and addresses outside', () => {
    expect(isUsableHostAddress(lan, '192.168.1.0')).toBe(false);
    expect(isUsableHostAddress(lan, '192.168.1.255')).toBe(false);
    expect(isUsableHostAddress(lan, '192.168.2.10')).toBe(false);
    expect(isUsableHostAddress(cidr('10.0.0.0/30'), '10.0.0.3')).toBe(false);
  });

  it('accepts every address of a /31 or /32, which have no network or broadcast address', () => {
    expect(isUsableHostAddress(cidr('10.0.0.0/31'), '10.0.0.0')).toBe(true);
    expect(isUsableHostAddress(cidr('10.0.0.0/31'), '10.0.0.1')).toBe(true);
    expect(isUsableHostAddress(cidr('10.0.0.7/32'), '10.0.0.7')).toBe(true);
  });

  it('accepts any contained IPv6 address', () => {
    const v6 = cidr('fd00:1::/64');
    expect(isUsableHostAddress(v6, 'fd00:1::')).toBe(true);
    expect(isUsableHostAddress(v6, 'fd00:1::ffff:ffff:ffff:ffff')).toBe(true);
    expect(isUsableHostAddress(v6, 'fd00:2::1')).toBe(false);
  });
});
