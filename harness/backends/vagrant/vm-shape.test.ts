import { describe, expect, it } from 'vitest';
import { vmShape } from './vm-shape.ts';

const ownBox = { name: 'harness-bookworm-0', own: true };

function scenario(hostNetwork: string, sourceAddress: string, interfaceName = 'eth0') {
  return {
    networks: { lan: { subnet: '192.168.1.0/24' }, wan: { subnet: '10.0.0.0/24' } },
    hosts: { docker1: { interfaces: { [interfaceName]: { network: hostNetwork, address: '192.168.1.10' } }, routes: [] } },
    sources: { one: { interfaces: { eth0: { network: 'lan', address: sourceAddress } }, routes: [{ to: '10.9.0.0/16', via: '192.168.1.1' }] } },
  };
}

describe('vmShape', () => {
  it('is the same for scenarios that differ only in names, addresses and routes', () => {
    const a = vmShape(scenario('lan', '192.168.1.20'), ownBox);
    const renamed = scenario('lan', '192.168.1.99', 'eth7');
    const b = vmShape({ ...renamed, hosts: { host: renamed.hosts.docker1 }, sources: { client: renamed.sources.one } }, ownBox);
    expect(b.key).toBe(a.key);
    expect(b.machines.map((machine) => [machine.name, machine.vmName])).toEqual([['host', 'host1'], ['client', 'source1']]);
  });

  it('differs when a NIC sits on another network, the box differs, or a machine changes role', () => {
    const base = vmShape(scenario('lan', '192.168.1.20'), ownBox);
    expect(vmShape(scenario('wan', '192.168.1.20'), ownBox).key).not.toBe(base.key);
    expect(vmShape(scenario('lan', '192.168.1.20'), { name: 'harness-trixie-0', own: true }).key).not.toBe(base.key);
    const swapped = scenario('lan', '192.168.1.20');
    expect(vmShape({ ...swapped, hosts: {}, sources: { ...swapped.sources, docker1: swapped.hosts.docker1 } }, ownBox).key).not.toBe(base.key);
  });

  it("on a box of someone else's, keeps the interface names: its management NIC is moved out of their way before the snapshot", () => {
    const box = { name: 'debian/bookworm64', own: false };
    expect(vmShape(scenario('lan', '192.168.1.20', 'eth1'), box).key).not.toBe(vmShape(scenario('lan', '192.168.1.20', 'eth0'), box).key);
  });

  it('lists each machine with its role and the index of each NIC network', () => {
    const shape = vmShape(scenario('wan', '192.168.1.20'), ownBox);
    expect(shape.networkCount).toBe(2);
    expect(shape.machines).toEqual([
      { name: 'docker1', vmName: 'host1', role: 'host', networkIndices: [1], interfaceNames: ['eth0'] },
      { name: 'one', vmName: 'source1', role: 'source', networkIndices: [0], interfaceNames: ['eth0'] },
    ]);
    expect(shape.tag).toMatch(/^[0-9a-f]{6}$/);
  });
});
