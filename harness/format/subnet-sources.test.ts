import { describe, expect, it } from 'vitest';
import { firstHostAddress, parseCidr } from './addresses.ts';
import { machineLayout } from './subnet-sources.ts';

const lanHost = { interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } }, routes: [], daemon: { config: {}, args: [], start: true }, firewalld: false, ipForward: false };
const dmzHost = { ...lanHost, interfaces: { eth0: { network: 'dmz', address: '10.0.0.10' } } };

describe('machineLayout', () => {
  it('expands a subnet source into its network, a router on both sides, samples behind it and a route on the hosts there', () => {
    const layout = machineLayout({
      networks: { lan: { subnet: '192.168.1.0/24' }, dmz: { subnet: '10.0.0.0/24' } },
      hosts: { docker1: lanHost, docker2: dmzHost },
      sources: {
        office: { interfaces: { eth0: { network: 'lan', address: '192.168.1.50' } }, routes: [] },
        admins: { subnet: '10.50.0.0/24', samples: ['10.50.0.10', '10.50.0.200'], behind: { network: 'lan', router: '192.168.1.254' } },
      },
    });
    expect(layout.networks.admins).toEqual({ subnet: '10.50.0.0/24' });
    expect(layout.sources).toEqual({
      office: { interfaces: { eth0: { network: 'lan', address: '192.168.1.50' } }, routes: [] },
      'admins-router': {
        interfaces: { eth0: { network: 'lan', address: '192.168.1.254' }, eth1: { network: 'admins', address: '10.50.0.1' } },
        routes: [],
      },
      'admins-1': { interfaces: { eth0: { network: 'admins', address: '10.50.0.10' } }, routes: [{ to: '192.168.1.0/24', via: '10.50.0.1' }] },
      'admins-2': { interfaces: { eth0: { network: 'admins', address: '10.50.0.200' } }, routes: [{ to: '192.168.1.0/24', via: '10.50.0.1' }] },
    });
    expect(layout.routers).toEqual(['admins-router']);
    expect(layout.hosts.docker1?.routes).toEqual([{ to: '10.50.0.0/24', via: '192.168.1.254' }]);
    expect(layout.hosts.docker2?.routes).toEqual([]);
    // The declared host is left as it was.
    expect(lanHost.routes).toEqual([]);
    // No machine of the layout has a default route: nothing leads off the run's networks.
    expect(Object.values(layout.sources).flatMap((source) => source.routes).filter((route) => route.to === 'default')).toEqual([]);
  });
});

describe('firstHostAddress', () => {
  it('is the address after the network address', () => {
    expect(firstHostAddress(parseCidr('10.50.0.0/24')!)).toBe('10.50.0.1');
    expect(firstHostAddress(parseCidr('172.16.254.0/23')!)).toBe('172.16.254.1');
  });
});
