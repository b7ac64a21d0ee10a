import { defineScenario } from '../../harness/index.ts';

// packet-filtering-firewalls.md (docker/docs 0e77409f23a3d1012b746db17a00edaf3d95972a), the warning in
// "Docker on a router": before 28.0 dockerd always set the IPv6 FORWARD policy to DROP; from 28.0 only
// when it turned IPv6 forwarding on itself (as it always did for IPv4).
// A router that forwards IPv4 and IPv6 before dockerd starts, with Docker's IPv6 and ip6tables on
// (experimental before 27.0, hence the key): IPv4 routing goes on everywhere; IPv6 routing stops
// before 28 and goes on from 28.
export default defineScenario({
  name: 'ipv6-forward-policy-by-version',
  description:
    'On a host that already forwards IPv6, dockerd sets the IPv6 FORWARD policy to DROP before 28.0 and leaves it ACCEPT from 28.0; IPv4 is left alone on every version.',
  claims: ['C30'],
  page: 'packet-filtering-firewalls.md',
  tags: ['router', 'forward-policy', 'ipv6'],
  requires: { kernel: ['ipv6'] },
  networks: {
    left: { subnet: '10.1.0.0/24', subnet6: 'fd00:a::/64' },
    right: { subnet: '10.2.0.0/24', subnet6: 'fd00:b::/64' },
  },
  hosts: {
    router: {
      ipForward: true,
      daemon: { start: false, config: { ipv6: true, 'fixed-cidr-v6': 'fd00:d0c::/64', experimental: true, ip6tables: true } },
      interfaces: {
        eth0: { network: 'left', address: '10.1.0.1', address6: 'fd00:a::1' },
        eth1: { network: 'right', address: '10.2.0.1', address6: 'fd00:b::1' },
      },
    },
  },
  sources: {
    lefty: {
      interfaces: { eth0: { network: 'left', address: '10.1.0.10', address6: 'fd00:a::10' } },
      routes: [
        { to: '10.2.0.0/24', via: '10.1.0.1' },
        { to: 'fd00:b::/64', via: 'fd00:a::1' },
      ],
    },
    righty: {
      interfaces: { eth0: { network: 'right', address: '10.2.0.10', address6: 'fd00:b::10' } },
      routes: [
        { to: '10.1.0.0/24', via: '10.2.0.1' },
        { to: 'fd00:a::/64', via: 'fd00:b::1' },
      ],
    },
  },
  steps: [
    { kind: 'listen', on: 'righty', ports: ['9000/tcp'] },
    { kind: 'command', title: 'the router forwards IPv6 before dockerd starts', on: 'router', run: 'sysctl -qw net.ipv6.conf.all.forwarding=1' },
    {
      kind: 'flows',
      flows: [{ name: 'before dockerd, the router routes IPv6', from: 'lefty', to: 'righty', family: 'ipv6', port: 9000, expect: 'connected' }],
    },
    { kind: 'daemon', host: 'router', action: 'start' },
  ],
  flows: [
    { name: 'with dockerd, the router still routes IPv4', from: 'lefty', to: 'righty', port: 9000, expect: 'connected' },
    {
      name: 'with dockerd, the router routes IPv6 only from 28.0',
      from: 'lefty',
      to: 'righty',
      family: 'ipv6',
      port: 9000,
      expect: { default: 'dropped', '28': 'connected' },
    },
  ],
  checks: [
    { name: 'the IPv4 FORWARD policy stayed ACCEPT', on: 'router', run: 'iptables -S FORWARD', expect: { matches: ['^-P FORWARD ACCEPT$'] } },
    {
      name: 'the IPv6 FORWARD policy is DROP (before 28.0)',
      on: 'router',
      run: 'ip6tables -S FORWARD',
      expect: { matches: ['^-P FORWARD DROP$'] },
      failsOn: ['28'],
    },
  ],
});
