import { defineScenario } from '../../harness/index.ts';

// packet-filtering-firewalls.md (docker/docs 0e77409f23a3d1012b746db17a00edaf3d95972a), section
// "Docker on a router": "ip-forward-no-drop" in daemon.json, or the --ip-forward-no-drop flag, keeps
// dockerd from setting the FORWARD policy to DROP when it turns forwarding on (since 28.0).
// Two hosts that do not forward before dockerd starts (so without the option dockerd would set DROP,
// as forward-drop-only-when-docker-forwards shows), each routing between two outside networks, over
// IPv4 and IPv6: one has the daemon.json key, the other the flag.
export default defineScenario({
  name: 'ip-forward-no-drop',
  description:
    'With "ip-forward-no-drop" (daemon.json or flag) dockerd turns forwarding on but leaves the FORWARD policies ACCEPT, so the host routes IPv4 and IPv6.',
  claims: ['C26'],
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
    byjson: {
      daemon: { config: { 'ip-forward-no-drop': true, ipv6: true, 'fixed-cidr-v6': 'fd00:d0c:1::/64' } },
      interfaces: {
        eth0: { network: 'left', address: '10.1.0.1', address6: 'fd00:a::1' },
        eth1: { network: 'right', address: '10.2.0.1', address6: 'fd00:b::1' },
      },
    },
    byflag: {
      daemon: { args: ['--ip-forward-no-drop'], config: { ipv6: true, 'fixed-cidr-v6': 'fd00:d0c:2::/64' } },
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
  ],
  flows: [
    { name: 'daemon.json key: the host routes IPv4', from: 'lefty', to: 'righty', port: 9000, expect: 'connected' },
    { name: 'daemon.json key: the host routes IPv6', from: 'lefty', to: 'righty', family: 'ipv6', port: 9000, expect: 'connected' },
    { name: 'flag: the host routes IPv4', from: 'lefty2', to: 'righty2', port: 9000, expect: 'connected' },
    { name: 'flag: the host routes IPv6', from: 'lefty2', to: 'righty2', family: 'ipv6', port: 9000, expect: 'connected' },
  ],
  checks: [
    {
      name: 'daemon.json key: dockerd turned forwarding on',
      on: 'byjson',
      run: 'sysctl -n net.ipv4.ip_forward net.ipv6.conf.all.forwarding',
      expect: { matches: ['^1\\n1$'] },
    },
    { name: 'daemon.json key: the IPv4 FORWARD policy is ACCEPT', on: 'byjson', run: 'iptables -S FORWARD', expect: { matches: ['^-P FORWARD ACCEPT$'] } },
    { name: 'daemon.json key: the IPv6 FORWARD policy is ACCEPT', on: 'byjson', run: 'ip6tables -S FORWARD', expect: { matches: ['^-P FORWARD ACCEPT$'] } },
    {
      name: 'flag: dockerd turned forwarding on',
      on: 'byflag',
      run: 'sysctl -n net.ipv4.ip_forward net.ipv6.conf.all.forwarding',
      expect: { matches: ['^1\\n1$'] },
    },
    { name: 'flag: the IPv4 FORWARD policy is ACCEPT', on: 'byflag', run: 'iptables -S FORWARD', expect: { matches: ['^-P FORWARD ACCEPT$'] } },
    { name: 'flag: the IPv6 FORWARD policy is ACCEPT', on: 'byflag', run: 'ip6tables -S FORWARD', expect: { matches: ['^-P FORWARD ACCEPT$'] } },
  ],
});
