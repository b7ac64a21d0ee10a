import { defineScenario } from '../../harness/index.ts';

// The users' question of docker/for-linux#1248: the published port is locked down for IPv4 with an
// iptables DOCKER-USER allow-list; is it exposed over IPv6? On an IPv4-only bridge the userland proxy
// answers the host's IPv6 address (C37), and that path goes through INPUT, never through FORWARD and
// DOCKER-USER, so the IPv4 allow-list does not cover it.
export default defineScenario({
  name: 'ipv6-bypasses-ipv4-lockdown',
  description: 'A DOCKER-USER allow-list admitting one IPv4 source to a published port, and the other source trying over IPv6.',
  tags: ['regression', 'docker-user', 'ipv6'],
  requires: { kernel: ['ipv6'] },
  networks: { lan: { subnet: '192.168.1.0/24', subnet6: 'fd00:1::/64' } },
  hosts: { docker1: { interfaces: { eth0: { network: 'lan', address: '192.168.1.10', address6: 'fd00:1::10' } } } },
  sources: {
    allowed: { interfaces: { eth0: { network: 'lan', address: '192.168.1.1', address6: 'fd00:1::1' } } },
    other: { interfaces: { eth0: { network: 'lan', address: '192.168.1.2', address6: 'fd00:1::2' } } },
  },
  steps: [
    { kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'] },
    { kind: 'docker-user', host: 'docker1', rule: '-i eth0 ! -s 192.168.1.1 -j DROP' },
  ],
  flows: [
    { name: 'IPv4: the allowed source connects', from: 'allowed', to: 'docker1', port: 8080, expect: 'connected' },
    { name: 'IPv4: another source is dropped', from: 'other', to: 'docker1', port: 8080, expect: 'dropped' },
    { name: 'IPv6: the other source connects through the userland proxy', from: 'other', to: 'docker1', family: 'ipv6', port: 8080, expect: 'connected' },
  ],
});
