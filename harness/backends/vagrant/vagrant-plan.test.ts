import { describe, expect, it } from 'vitest';
import { managementMac, managementMacPrefix, vagrantPlan } from './vagrant-plan.ts';

const machines = [
  { name: 'vmhost', box: 'harness-bookworm-0123456789ab', memoryMb: 1024, cpus: 2, nics: [{ bridge: 'hvlan0', mac: '52:54:00:aa:00:01' }], managementNicLast: true },
  { name: 'vmsrc', box: 'harness-bookworm-0123456789ab', memoryMb: 512, cpus: 1, nics: [], managementNicLast: false },
];

describe('vagrantPlan', () => {
  it('gives every machine its own management MAC with the harness prefix', () => {
    const plan = vagrantPlan({ projectDir: '/tmp/p', storagePool: 'harness-run', logDir: '/tmp/p/logs', machines });
    const macs = plan.machines.map((machine) => machine.managementMac);
    expect(new Set(macs).size).toBe(2);
    for (const mac of macs) expect(mac).toMatch(new RegExp(`^${managementMacPrefix}(:[0-9a-f]{2}){3}$`));
    expect(plan.machines[0]).toMatchObject(machines[0]!);
  });

  it('tells projects apart by domain prefix and MACs', () => {
    const one = vagrantPlan({ projectDir: '/tmp/one', storagePool: 'p', logDir: '/l', machines });
    const two = vagrantPlan({ projectDir: '/tmp/two', storagePool: 'p', logDir: '/l', machines });
    expect(one.libvirt.domainPrefix).not.toBe(two.libvirt.domainPrefix);
    expect(one.machines[0]!.managementMac).not.toBe(two.machines[0]!.managementMac);
  });

  it('is stable for the same project', () => {
    expect(managementMac('/tmp/p\0vmhost')).toBe(managementMac('/tmp/p\0vmhost'));
  });
});
