import { defineScenario } from '../../harness/index.ts';

// port-publishing.md (docker/docs 5d50b04e38764210d974f041580ec3476cf40506), opening paragraph and
// "Publishing ports" (firewall-iptables.md's note says the same): for IPv4 and IPv6 alike the daemon
// blocks access to ports that are not published; they are not reachable from outside the host
// (since 28.0).
// A container on an IPv6 default bridge answers on 80 (published as 8080) and 81 (not published). A
// neighbour routes the container's addresses via the host and tries port 81 over both families; the
// published port on the host's addresses is the control over both families.
export default defineScenario({
  name: 'unpublished-unreachable-ipv4-ipv6',
  description: 'A container port that is not published cannot be reached from outside the host, over IPv4 or IPv6, even by routing to the container.',
  claims: ['C35'],
  page: 'port-publishing.md',
  tags: ['direct-routing', 'ipv6'],
  requires: { kernel: ['ipv6'] },
  networks: { lan: { subnet: '192.168.124.0/24', subnet6: 'fd00:124::/64' } },
  hosts: {
    docker1: {
      daemon: { config: { ipv6: true, 'fixed-cidr-v6': 'fd00:d0c::/64' } },
      interfaces: { eth0: { network: 'lan', address: '192.168.124.2', address6: 'fd00:124::2' } },
    },
  },
  sources: { remote: { interfaces: { eth0: { network: 'lan', address: '192.168.124.3', address6: 'fd00:124::3' } } } },
  steps: [{ kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'], listen: ['80/tcp', '81/tcp'] }],
  flows: [
    { name: 'control: the published port answers on the host over IPv4', from: 'remote', to: 'docker1', port: 8080, expect: 'connected' },
    { name: 'control: the published port answers on the host over IPv6', from: 'remote', to: 'docker1', family: 'ipv6', port: 8080, expect: 'connected' },
    {
      name: 'unpublished port 81, routed to the container over IPv4, is dropped',
      from: 'remote',
      to: { container: 'web', on: 'docker1' },
      via: 'docker1',
      port: 81,
      expect: 'dropped',
    },
    {
      name: 'unpublished port 81, routed to the container over IPv6, is dropped',
      from: 'remote',
      to: { container: 'web', on: 'docker1' },
      via: 'docker1',
      family: 'ipv6',
      port: 81,
      expect: 'dropped',
    },
  ],
});
