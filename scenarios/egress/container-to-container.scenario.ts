import { defineScenario } from '../../harness/index.ts';

// Container to container by the containers' own addresses, after moby's bridge integration tests:
// containers on one network reach each other (inter-container communication is on by default), and
// Docker isolates networks from each other, whichever way the packet goes.
export default defineScenario({
  name: 'egress-container-to-container',
  description: "Containers on one bridge reach each other's unpublished ports by address; a container on one network does not reach a container on another.",
  tags: ['egress', 'icc', 'isolation'],
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: { docker1: { interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } } } },
  steps: [
    { kind: 'network', host: 'docker1', name: 'net-a', subnet: '10.10.1.0/24' },
    { kind: 'network', host: 'docker1', name: 'net-b', subnet: '10.10.2.0/24' },
    { kind: 'service', host: 'docker1', name: 'web', listen: ['80/tcp'] },
    { kind: 'service', host: 'docker1', name: 'peer', listen: ['80/tcp'] },
    { kind: 'service', host: 'docker1', name: 'a1', network: 'net-a', listen: ['80/tcp'] },
    { kind: 'service', host: 'docker1', name: 'a2', network: 'net-a', listen: ['80/tcp'] },
    { kind: 'service', host: 'docker1', name: 'b1', network: 'net-b', listen: ['80/tcp'] },
  ],
  flows: [
    {
      name: 'same default bridge: a container reaches another by address',
      from: { container: 'peer', on: 'docker1' },
      to: { container: 'web', on: 'docker1' },
      port: 80,
      expect: 'connected',
    },
    {
      name: 'same user network: a container reaches another by address',
      from: { container: 'a2', on: 'docker1' },
      to: { container: 'a1', on: 'docker1' },
      port: 80,
      expect: 'connected',
    },
    { name: 'net-a to net-b: isolated', from: { container: 'a1', on: 'docker1' }, to: { container: 'b1', on: 'docker1' }, port: 80, expect: 'dropped' },
    { name: 'net-b to net-a: isolated', from: { container: 'b1', on: 'docker1' }, to: { container: 'a1', on: 'docker1' }, port: 80, expect: 'dropped' },
    {
      name: 'default bridge to net-a: isolated',
      from: { container: 'web', on: 'docker1' },
      to: { container: 'a1', on: 'docker1' },
      port: 80,
      expect: 'dropped',
    },
  ],
});
