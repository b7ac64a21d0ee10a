import { defineScenario } from '../../harness/index.ts';

// "You could instead allow connections from a source subnet. The following rule only allows access from
// the subnet 192.168.1.0/24: $ iptables -I DOCKER-USER -i ext_if ! -s 192.168.1.0/24 -j DROP"
// The source outside the /24 sits behind a plain router (no NAT), so it arrives on the same ext_if (eth0).
export default defineScenario({
  name: 'docker-user-allow-one-subnet',
  description:
    'A negated subnet match on eth0 in DOCKER-USER admits a source inside 192.168.1.0/24 and drops a routed source from 10.0.0.0/24 that enters on the same interface.',
  claims: ['C08'],
  page: 'packet-filtering-firewalls.md',
  tags: ['docker-user'],
  networks: {
    lan: { subnet: '192.168.1.0/24' },
    wan: { subnet: '10.0.0.0/24' },
  },
  hosts: {
    docker1: {
      interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } },
      routes: [{ to: '10.0.0.0/24', via: '192.168.1.254' }],
    },
    // A plain router between the two networks: forwarding on, no dockerd, so no firewall and no NAT.
    router: {
      ipForward: true,
      daemon: { start: false },
      interfaces: {
        eth0: { network: 'lan', address: '192.168.1.254' },
        eth1: { network: 'wan', address: '10.0.0.254' },
      },
    },
  },
  sources: {
    inside: { interfaces: { eth0: { network: 'lan', address: '192.168.1.1' } } },
    outside: { interfaces: { eth0: { network: 'wan', address: '10.0.0.5' } }, routes: [{ to: '192.168.1.0/24', via: '10.0.0.254' }] },
  },
  steps: [
    { kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'] },
    {
      kind: 'flows',
      flows: [
        { name: 'before the rule, the routed source outside the /24 connects', from: 'outside', to: 'docker1', port: 8080, expect: 'connected' },
        { name: 'before the rule, the source inside the /24 connects', from: 'inside', to: 'docker1', port: 8080, expect: 'connected' },
      ],
    },
    { kind: 'docker-user', host: 'docker1', rule: '-i eth0 ! -s 192.168.1.0/24 -j DROP' },
  ],
  flows: [
    { name: 'a source inside 192.168.1.0/24 connects', from: 'inside', to: 'docker1', port: 8080, expect: 'connected' },
    { name: 'a source outside 192.168.1.0/24 is dropped', from: 'outside', to: 'docker1', port: 8080, expect: 'dropped' },
  ],
});
