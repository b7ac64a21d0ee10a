import { defineScenario } from '../../harness/index.ts';

// The page's example: `iptables -I DOCKER-USER -i ext_if ! -s 192.168.1.1 -j DROP` admits only
// 192.168.1.1, and (C03) a DROP in DOCKER-USER is applied before Docker's own rules.
export default defineScenario({
  name: 'docker-user-allow-one-source',
  description: 'A negated source match in DOCKER-USER restricts a published port to one outside address.',
  claims: ['C03', 'C07'],
  page: 'packet-filtering-firewalls.md',
  tags: ['docker-user'],
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: { docker1: { interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } } } },
  sources: {
    allowed: { interfaces: { eth0: { network: 'lan', address: '192.168.1.1' } } },
    other: { interfaces: { eth0: { network: 'lan', address: '192.168.1.2' } } },
  },
  steps: [
    { kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'] },
    { kind: 'flows', flows: [{ name: 'before the rule, other connects', from: 'other', to: 'docker1', port: 8080, expect: 'connected' }] },
    { kind: 'docker-user', host: 'docker1', rule: '-i eth0 ! -s 192.168.1.1 -j DROP' },
  ],
  flows: [
    { from: 'allowed', to: 'docker1', port: 8080, expect: 'connected' },
    { from: 'other', to: 'docker1', port: 8080, expect: 'dropped' },
  ],
});
