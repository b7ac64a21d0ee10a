import { defineScenario } from '../../harness/index.ts';

// packet-filtering-firewalls.md (docker/docs 0e77409f23a3d1012b746db17a00edaf3d95972a), section
// "Prevent Docker from manipulating iptables": with the iptables and ip6tables keys false, every port
// of every container is reachable from the network, container networking is likely to break (no
// masquerade: containers reach the outside only with their own address).
// The outside machine routes the default bridge's subnets (IPv4 and IPv6) via the Docker host, so
// it can reach containers directly and the containers' own addresses can answer. It connects to a
// port the container never published, over both families, and sees the container's unmasqueraded
// address when the container connects out.
export default defineScenario({
  name: 'iptables-false-every-port-open',
  description:
    'With "iptables" and "ip6tables" false, an outside machine routing to the bridge reaches a container port nobody published (IPv4 and IPv6), and the container goes out unmasqueraded.',
  claims: ['C27'],
  page: 'packet-filtering-firewalls.md',
  tags: ['daemon', 'iptables-false', 'direct-routing', 'ipv6'],
  requires: { kernel: ['ipv6'] },
  networks: { lan: { subnet: '192.168.1.0/24', subnet6: 'fd00:1::/64' } },
  hosts: {
    docker1: {
      daemon: { config: { iptables: false, ip6tables: false, ipv6: true, 'fixed-cidr-v6': 'fd00:d0c::/64' } },
      interfaces: { eth0: { network: 'lan', address: '192.168.1.10', address6: 'fd00:1::10' } },
    },
  },
  sources: {
    outsider: {
      interfaces: { eth0: { network: 'lan', address: '192.168.1.50', address6: 'fd00:1::50' } },
      routes: [
        { to: '172.17.0.0/16', via: '192.168.1.10' },
        { to: 'fd00:d0c::/64', via: 'fd00:1::10' },
      ],
    },
  },
  steps: [
    { kind: 'listen', on: 'outsider', ports: ['9000/tcp'] },
    { kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'], listen: ['80/tcp', '81/tcp'] },
  ],
  flows: [
    {
      name: 'an unpublished container port answers the outside machine over IPv4',
      from: 'outsider',
      to: { container: 'web', on: 'docker1' },
      port: 81,
      expect: 'connected',
    },
    {
      name: 'an unpublished container port answers the outside machine over IPv6',
      from: 'outsider',
      to: { container: 'web', on: 'docker1' },
      family: 'ipv6',
      port: 81,
      expect: 'connected',
    },
    {
      // Without masquerade the outside machine sees the container's own address, not the host's 192.168.1.10.
      name: 'the container reaches the outside machine',
      from: { container: 'web', on: 'docker1' },
      to: 'outsider',
      port: 9000,
      expect: 'connected',
      peer: '172.17.0.0/16',
    },
  ],
  checks: [{ name: 'no MASQUERADE rule in the nat table', on: 'docker1', run: 'iptables-save -t nat', expect: { notMatches: ['MASQUERADE'] } }],
});
