import { defineScenario } from '../../harness/index.ts';

// packet-filtering-firewalls.md (docker/docs 0e77409f23a3d1012b746db17a00edaf3d95972a), section
// "Docker on a router": dockerd turns on net.ipv4.ip_forward and net.ipv6.conf.all.forwarding when
// they are off, and only then sets the FORWARD policy to DROP; since 28.0 that holds for IPv6 too.
// Two routers between two outside networks each, both with an IPv6 default bridge: `router` forwards
// IPv4 and IPv6 before dockerd starts and keeps routing; `plain` does not, so dockerd turns
// forwarding on and its DROP policies stop the routing it enabled.
export default defineScenario({
  name: 'forward-drop-only-when-docker-forwards',
  description:
    'The FORWARD policies become DROP only where dockerd turned forwarding on itself, for IPv4 and IPv6: a host that already forwarded keeps routing.',
  claims: ['C25'],
  page: 'packet-filtering-firewalls.md',
  tags: ['router', 'forward-policy', 'ipv6'],
  requires: { kernel: ['ipv6'] },
  networks: {
    left: { subnet: '10.1.0.0/24', subnet6: 'fd00:a::/64' },
    right: { subnet: '10.2.0.0/24', subnet6: 'fd00:b::/64' },
    left2: { subnet: '10.3.0.0/24', subnet6: 'fd00:c::/64' },
    right2: { subnet: '10.4.0.0/24', subnet6: 'fd00:d::/64' },
  },
  hosts: {
    router: {
      ipForward: true,
      daemon: { start: false, config: { ipv6: true, 'fixed-cidr-v6': 'fd00:d0c:1::/64' } },
      interfaces: {
        eth0: { network: 'left', address: '10.1.0.1', address6: 'fd00:a::1' },
        eth1: { network: 'right', address: '10.2.0.1', address6: 'fd00:b::1' },
      },
    },
    plain: {
      daemon: { config: { ipv6: true, 'fixed-cidr-v6': 'fd00:d0c:2::/64' } },
      interfaces: {
        eth0: { network: 'left2', address: '10.3.0.1', address6: 'fd00:c::1' },
        eth1: { network: 'right2', address: '10.4.0.1', address6: 'fd00:d::1' },
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
    lefty2: {
      interfaces: { eth0: { network: 'left2', address: '10.3.0.10', address6: 'fd00:c::10' } },
      routes: [
        { to: '10.4.0.0/24', via: '10.3.0.1' },
        { to: 'fd00:d::/64', via: 'fd00:c::1' },
      ],
    },
    righty2: {
      interfaces: { eth0: { network: 'right2', address: '10.4.0.10', address6: 'fd00:d::10' } },
      routes: [
        { to: '10.3.0.0/24', via: '10.4.0.1' },
        { to: 'fd00:c::/64', via: 'fd00:d::1' },
      ],
    },
  },
  steps: [
    { kind: 'listen', on: 'righty', ports: ['9000/tcp'] },
    { kind: 'listen', on: 'righty2', ports: ['9000/tcp'] },
    { kind: 'command', title: 'router forwards IPv6 before dockerd starts', on: 'router', run: 'sysctl -qw net.ipv6.conf.all.forwarding=1' },
    { kind: 'daemon', host: 'router', action: 'start' },
  ],
  flows: [
    { name: 'router, which forwarded already, still routes IPv4', from: 'lefty', to: 'righty', port: 9000, expect: 'connected' },
    { name: 'router, which forwarded already, still routes IPv6', from: 'lefty', to: 'righty', family: 'ipv6', port: 9000, expect: 'connected' },
    { name: 'plain, where dockerd turned forwarding on, drops routed IPv4', from: 'lefty2', to: 'righty2', port: 9000, expect: 'dropped' },
    { name: 'plain, where dockerd turned forwarding on, drops routed IPv6', from: 'lefty2', to: 'righty2', family: 'ipv6', port: 9000, expect: 'dropped' },
  ],
  checks: [
    { name: 'router: the IPv4 FORWARD policy stayed ACCEPT', on: 'router', run: 'iptables -S FORWARD', expect: { matches: ['^-P FORWARD ACCEPT$'] } },
    { name: 'router: the IPv6 FORWARD policy stayed ACCEPT', on: 'router', run: 'ip6tables -S FORWARD', expect: { matches: ['^-P FORWARD ACCEPT$'] } },
    {
      name: 'plain: dockerd turned IPv4 and IPv6 forwarding on',
      on: 'plain',
      run: 'sysctl -n net.ipv4.ip_forward net.ipv6.conf.all.forwarding',
      expect: { matches: ['^1\\n1$'] },
    },
    { name: 'plain: the IPv4 FORWARD policy is DROP', on: 'plain', run: 'iptables -S FORWARD', expect: { matches: ['^-P FORWARD DROP$'] } },
    { name: 'plain: the IPv6 FORWARD policy is DROP', on: 'plain', run: 'ip6tables -S FORWARD', expect: { matches: ['^-P FORWARD DROP$'] } },
  ],
});
