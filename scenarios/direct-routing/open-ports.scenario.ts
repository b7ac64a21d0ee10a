import { defineScenario } from '../../harness/index.ts';

// Direct routing: a neighbour routes the container's address via the Docker host and connects to the
// container itself, on the port it publishes and on one it does not, under both FORWARD policies.
// Observed: before 28, DOCKER's accept for the published port lets it in under either policy, and the
// unpublished port follows the FORWARD policy (accepted by the policy, or dropped by it); from 28 on,
// direct routing protection drops both in raw PREROUTING (`ip daddr <container> iifname != "docker0" drop`).
export default defineScenario({
  name: 'direct-routing-open-ports',
  description:
    "A LAN neighbour that routes a container's address via the Docker host connects to the container directly, on a published and an unpublished port, with the FORWARD policy ACCEPT and then DROP (moby's TestDirectRoutingOpenPorts, integration/networking/port_mapping_linux_test.go; Docker 28 added direct routing protection).",
  tags: ['direct-routing', 'forward-policy'],
  networks: { lan: { subnet: '192.168.124.0/24' } },
  hosts: { docker1: { ipForward: true, interfaces: { eth0: { network: 'lan', address: '192.168.124.2' } } } },
  sources: { remote: { interfaces: { eth0: { network: 'lan', address: '192.168.124.3' } } } },
  steps: [
    { kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'], listen: ['80/tcp', '81/tcp'] },
    {
      kind: 'iptables',
      host: 'docker1',
      rule: '-P FORWARD ACCEPT',
      notDecisive: 'on a host that already forwards, dockerd leaves the FORWARD policy ACCEPT (C11), so setting it again changes nothing',
    },
    {
      kind: 'flows',
      flows: [
        {
          name: 'FORWARD ACCEPT: published container port 80, directly',
          from: 'remote',
          to: { container: 'web', on: 'docker1' },
          via: 'docker1',
          port: 80,
          expect: { default: 'connected', '28': 'dropped' },
        },
        {
          name: 'FORWARD ACCEPT: unpublished container port 81, directly',
          from: 'remote',
          to: { container: 'web', on: 'docker1' },
          via: 'docker1',
          port: 81,
          expect: { default: 'connected', '28': 'dropped' },
        },
      ],
    },
    { kind: 'iptables', host: 'docker1', rule: '-P FORWARD DROP' },
  ],
  flows: [
    {
      name: 'FORWARD DROP: published container port 80, directly',
      from: 'remote',
      to: { container: 'web', on: 'docker1' },
      via: 'docker1',
      port: 80,
      expect: { default: 'connected', '28': 'dropped' },
    },
    {
      name: 'FORWARD DROP: unpublished container port 81, directly',
      from: 'remote',
      to: { container: 'web', on: 'docker1' },
      via: 'docker1',
      port: 81,
      expect: 'dropped',
    },
  ],
});
