import { describe, expect, it } from 'vitest';
import { macOf } from './vm-snapshots.ts';
import { machineLayout } from '../../format/subnet-sources.ts';
import { validateScenario } from '../../scenario/load.ts';
import { guestNetworkScript, worldKey } from './vm-world.ts';

describe('guestNetworkScript', () => {
  const networks = { lan: { subnet: '192.168.1.0/24', subnet6: 'fd00:1::/64' }, wan: { subnet: '10.0.0.0/24' } };
  const spec = {
    interfaces: { eth1: { network: 'lan', address: '192.168.1.10', address6: 'fd00:1::10' }, eth0: { network: 'wan', address: '10.0.0.2' } },
    routes: [{ to: '10.9.0.0/16', via: '10.0.0.1' }],
  };
  const script = guestNetworkScript(spec, networks, 3);

  it('finds each NIC by its MAC and parks it under a temporary name before any gets its scenario name', () => {
    const lines = script.split('\n');
    const parked = lines.findIndex((line) => line.includes(`nic ${macOf(3, 1)}`));
    const named = lines.findIndex((line) => line === 'ip link set hx0 name eth1');
    expect(lines.find((line) => line.includes(`nic ${macOf(3, 0)}`))).toContain('name hx0');
    expect(parked).toBeGreaterThan(0);
    expect(named).toBeGreaterThan(parked);
  });

  it('gives each interface its addresses with the network prefix, then the routes', () => {
    expect(script).toContain('ip addr add 192.168.1.10/24 dev eth1');
    expect(script).toContain('ip -6 addr add fd00:1::10/64 dev eth1 nodad');
    expect(script).toContain('ip addr add 10.0.0.2/24 dev eth0');
    expect(script.trimEnd().split('\n').at(-1)).toBe('ip -4 route replace 10.9.0.0/16 via 10.0.0.1');
  });

  it('stops at the first command that fails', () => {
    expect(script.split('\n')[0]).toBe('set -e');
  });
});

describe('macOf', () => {
  it('is locally administered, distinct per machine and NIC', () => {
    expect(macOf(0, 0)).toBe('52:54:00:0a:00:00');
    expect(macOf(2, 1)).toBe('52:54:00:0a:02:01');
  });
});

describe('worldKey', () => {
  const world = (address: string, daemonConfig: Record<string, unknown> = {}) => {
    const loaded = validateScenario(
      {
        name: 'key',
        networks: { lan: { subnet: '192.168.1.0/24' } },
        hosts: { docker1: { interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } }, daemon: { config: daemonConfig } } },
        sources: { one: { interfaces: { eth0: { network: 'lan', address } } } },
        flows: [{ from: 'one', to: 'docker1', port: 8080, expect: 'connected' }],
      },
      'key.scenario.yaml',
    );
    if ('problems' in loaded) throw new Error(loaded.problems.join('\n'));
    return { ...loaded.scenario, ...machineLayout(loaded.scenario) };
  };

  it('is the same for two scenarios whose worlds differ only in their steps and flows', () => {
    const other = { ...world('192.168.1.1'), steps: [{ kind: 'docker-user', host: 'docker1', rule: '-j DROP' }], flows: [] };
    expect(worldKey(other)).toBe(worldKey(world('192.168.1.1')));
  });

  it('is the same whatever the scenario calls its machines and networks', () => {
    const renamed = validateScenario(
      {
        name: 'renamed',
        networks: { outside: { subnet: '192.168.1.0/24' } },
        hosts: { web: { interfaces: { eth0: { network: 'outside', address: '192.168.1.10' } } } },
        sources: { client: { interfaces: { eth0: { network: 'outside', address: '192.168.1.1' } } } },
        flows: [{ from: 'client', to: 'web', port: 80, expect: 'connected' }],
      },
      'renamed.scenario.yaml',
    );
    if ('problems' in renamed) throw new Error(renamed.problems.join('\n'));
    expect(worldKey({ ...renamed.scenario, ...machineLayout(renamed.scenario) })).toBe(worldKey(world('192.168.1.1')));
  });

  it("differs when an address or a host's daemon settings differ", () => {
    expect(worldKey(world('192.168.1.2'))).not.toBe(worldKey(world('192.168.1.1')));
    expect(worldKey(world('192.168.1.1', { ip: '127.0.0.1' }))).not.toBe(worldKey(world('192.168.1.1')));
  });
});
