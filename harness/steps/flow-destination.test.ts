import { describe, expect, it } from 'vitest';
import { containerAddress, endpointLabel, sharedGateway, viaCommands } from './flow-destination.ts';

const web = { container: 'web', on: 'docker1' };

describe('containerAddress', () => {
  const inspected = {
    bridge: { IPAddress: '172.17.0.2', GlobalIPv6Address: '' },
    appnet: { IPAddress: '172.30.0.5', GlobalIPv6Address: 'fd00:30::5' },
  };

  it('reads the first network\'s address, or the named one\'s', () => {
    expect(containerAddress(inspected, web, false)).toBe('172.17.0.2');
    expect(containerAddress(inspected, { ...web, network: 'appnet' }, false)).toBe('172.30.0.5');
    expect(containerAddress(inspected, { ...web, network: 'appnet' }, true)).toBe('fd00:30::5');
  });

  it('names the container, the network and what is missing', () => {
    expect(() => containerAddress(inspected, { ...web, network: 'other' }, false)).toThrow('"web" on docker1 is not on network "other" (its networks: bridge, appnet)');
    expect(() => containerAddress(inspected, web, true)).toThrow('"web" on docker1 has no IPv6 address on network "bridge"');
    expect(() => containerAddress({}, web, false)).toThrow('"web" on docker1 is not on network "(none)" (its networks: none)');
  });
});

describe('sharedGateway', () => {
  it('is the host\'s address on the first network both are on, with the source\'s interface there', () => {
    const source = { eth0: { network: 'dmz', address: '10.0.0.2' }, eth1: { network: 'lan', address: '192.168.1.1', address6: 'fd00:1::1' } };
    const host = { eth0: { network: 'lan', address: '192.168.1.10', address6: 'fd00:1::10' } };
    expect(sharedGateway(source, host, false)).toEqual({ gateway: '192.168.1.10', device: 'eth1' });
    expect(sharedGateway(source, host, true)).toEqual({ gateway: 'fd00:1::10', device: 'eth1' });
    expect(sharedGateway({ eth0: source.eth0 }, host, false)).toBeUndefined();
  });
});

describe('viaCommands', () => {
  it('routes a container address as a host route, and undoes exactly that route', () => {
    expect(viaCommands({ address: '172.17.0.2', gateway: '192.168.124.2', device: 'eth0' })).toEqual({
      apply: ['ip -4 route replace 172.17.0.2/32 via 192.168.124.2 dev eth0'],
      undo: ['ip -4 route del 172.17.0.2/32 via 192.168.124.2 dev eth0'],
    });
    expect(viaCommands({ address: 'fd00:30::5', gateway: 'fd00:1::10', device: 'eth0' }).apply).toEqual(['ip -6 route replace fd00:30::5/128 via fd00:1::10 dev eth0']);
  });

  it('sends a loopback address out through the local table, and restores the route and sysctls it found', () => {
    const change = { address: '127.0.0.1', gateway: '192.168.1.10', device: 'eth0', localRoute: 'local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1', routeLocalnet: '0', acceptLocal: '1' };
    expect(viaCommands(change)).toEqual({
      apply: ['sysctl -qw net.ipv4.conf.eth0.route_localnet=1 net.ipv4.conf.eth0.accept_local=1', 'ip -4 route replace 127.0.0.1/32 via 192.168.1.10 dev eth0 table local'],
      undo: [
        'ip -4 route replace table local local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1',
        'sysctl -qw net.ipv4.conf.eth0.route_localnet=0 net.ipv4.conf.eth0.accept_local=1',
      ],
    });
  });

  it('deletes a loopback host route the local table did not have', () => {
    expect(viaCommands({ address: '127.0.0.2', gateway: '192.168.1.10', device: 'eth0', routeLocalnet: '0', acceptLocal: '0' }).undo[0]).toBe('ip -4 route del 127.0.0.2/32 table local');
  });
});

describe('endpointLabel', () => {
  it('shows a machine or address as written and a container as name@host[/network]', () => {
    expect(endpointLabel('docker1')).toBe('docker1');
    expect(endpointLabel(web)).toBe('web@docker1');
    expect(endpointLabel({ ...web, network: 'appnet' })).toBe('web@docker1/appnet');
  });
});
