import { defineScenario } from '../../harness/index.ts';

// Container to container through the Docker host's address and a published port, on the same bridge
// and across two user-defined networks, after moby's bridge integration tests (containers on one
// network talk to each other; Docker isolates networks from each other). The destination is the
// host's own address, so this is what Docker's network isolation leaves open: on 20.10, 26.1 and 28.5
// alike every such flow connects, and the service sees its own network's gateway as the peer (where
// docker-proxy connects from), whichever network the client is on.
export default defineScenario({
  name: 'egress-published-port-between-networks',
  description:
    "A container reaches another container's published port on the Docker host's address from the same bridge and from another user-defined network alike: network isolation does not cover published ports.",
  tags: ['egress', 'icc', 'isolation'],
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: { docker1: { interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } } } },
  sources: { outsider: { interfaces: { eth0: { network: 'lan', address: '192.168.1.50' } } } },
  steps: [
    { kind: 'network', host: 'docker1', name: 'net-a', subnet: '10.10.1.0/24' },
    { kind: 'network', host: 'docker1', name: 'net-b', subnet: '10.10.2.0/24' },
    { kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'] },
    { kind: 'service', host: 'docker1', name: 'peer', listen: ['80/tcp'] },
    { kind: 'service', host: 'docker1', name: 'a1', network: 'net-a', publish: ['8081:80'] },
    { kind: 'service', host: 'docker1', name: 'a2', network: 'net-a', listen: ['80/tcp'] },
    { kind: 'service', host: 'docker1', name: 'b1', network: 'net-b', publish: ['8082:80'] },
  ],
  flows: [
    { name: 'control: outside reaches the published port of net-b', from: 'outsider', to: 'docker1', port: 8082, expect: 'connected' },
    {
      name: "same default bridge: a container reaches another one's published port",
      from: { container: 'peer', on: 'docker1' },
      to: 'docker1',
      port: 8080,
      expect: 'connected',
    },
    {
      name: "same user network: a container reaches another one's published port",
      from: { container: 'a2', on: 'docker1', network: 'net-a' },
      to: 'docker1',
      port: 8081,
      expect: 'connected',
    },
    {
      name: 'net-a to net-b: a container reaches the published port of another network',
      from: { container: 'a1', on: 'docker1' },
      to: 'docker1',
      port: 8082,
      expect: 'connected',
    },
    {
      name: 'net-a to the default bridge: a container reaches its published port',
      from: { container: 'a1', on: 'docker1' },
      to: 'docker1',
      port: 8080,
      expect: 'connected',
    },
    {
      name: 'default bridge to net-a: a container reaches its published port',
      from: { container: 'web', on: 'docker1' },
      to: 'docker1',
      port: 8081,
      expect: 'connected',
    },
  ],
});
