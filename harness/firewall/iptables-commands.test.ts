import { describe, expect, it } from 'vitest';
import { dockerUserCommands, iptablesCommands } from './iptables-commands.ts';

const rule = '-i eth0 ! -s 192.168.1.1 -j DROP';

describe('dockerUserCommands', () => {
  it('inserts into DOCKER-USER with iptables by default', () => {
    expect(dockerUserCommands({ rule, position: 'insert', family: 'ipv4' })).toEqual([
      'iptables -I DOCKER-USER -i eth0 ! -s 192.168.1.1 -j DROP',
    ]);
  });

  it('appends when asked', () => {
    expect(dockerUserCommands({ rule: '-j RETURN', position: 'append', family: 'ipv4' })).toEqual(['iptables -A DOCKER-USER -j RETURN']);
  });

  it('uses ip6tables for ipv6 and both binaries for both', () => {
    expect(dockerUserCommands({ rule: '-j DROP', position: 'insert', family: 'ipv6' })).toEqual(['ip6tables -I DOCKER-USER -j DROP']);
    expect(dockerUserCommands({ rule: '-j DROP', position: 'append', family: 'both' })).toEqual([
      'iptables -A DOCKER-USER -j DROP',
      'ip6tables -A DOCKER-USER -j DROP',
    ]);
  });
});

describe('iptablesCommands', () => {
  it('leaves out -t for the filter table', () => {
    expect(iptablesCommands({ table: 'filter', rule: '-P FORWARD DROP', family: 'ipv4' })).toEqual(['iptables -P FORWARD DROP']);
  });

  it('names any other table', () => {
    expect(iptablesCommands({ table: 'nat', rule: '-A POSTROUTING -o eth0 -j MASQUERADE', family: 'ipv4' })).toEqual([
      'iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE',
    ]);
    expect(iptablesCommands({ table: 'raw', rule: '-A PREROUTING -j NOTRACK', family: 'both' })).toEqual([
      'iptables -t raw -A PREROUTING -j NOTRACK',
      'ip6tables -t raw -A PREROUTING -j NOTRACK',
    ]);
  });

  it('uses ip6tables alone for ipv6', () => {
    expect(iptablesCommands({ table: 'mangle', rule: '-A FORWARD -j ACCEPT', family: 'ipv6' })).toEqual([
      'ip6tables -t mangle -A FORWARD -j ACCEPT',
    ]);
  });
});
