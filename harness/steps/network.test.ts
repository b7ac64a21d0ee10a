import { describe, expect, it } from 'vitest';
import { networkCreateArgs } from './network.ts';

describe('networkCreateArgs', () => {
  it('gives each gateway after its subnet, as docker network create pairs them', () => {
    expect(
      networkCreateArgs({ name: 'v6net', subnet: '10.1.0.0/24', gateway: '10.1.0.254', ipv6: true, subnet6: 'fd00:1::/64', gateway6: 'fd00:1::fe', internal: true, options: { 'com.docker.network.bridge.name': 'br-v6' } }),
    ).toEqual([
      'docker', 'network', 'create', '--driver', 'bridge',
      '--subnet', '10.1.0.0/24', '--gateway', '10.1.0.254',
      '--ipv6', '--subnet', 'fd00:1::/64', '--gateway', 'fd00:1::fe',
      '--internal', '-o', 'com.docker.network.bridge.name=br-v6', 'v6net',
    ]);
  });

  it('adds nothing that was not asked for', () => {
    expect(networkCreateArgs({ name: 'plain', ipv6: false, internal: false, options: {} })).toEqual(['docker', 'network', 'create', '--driver', 'bridge', 'plain']);
  });
});
