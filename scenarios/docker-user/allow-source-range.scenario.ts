import { defineScenario } from '../../harness/index.ts';

// "Finally, you can specify a range of IP addresses to accept using --src-range ...
// $ iptables -I DOCKER-USER -m iprange -i ext_if ! --src-range 192.168.1.1-192.168.1.3 -j DROP"
export default defineScenario({
  name: 'docker-user-allow-source-range',
  description: 'A negated --src-range on eth0 in DOCKER-USER admits 192.168.1.1 to 192.168.1.3 (both ends included) and drops 192.168.1.4.',
  claims: ['C09'],
  page: 'packet-filtering-firewalls.md',
  tags: ['docker-user', 'iprange'],
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: { docker1: { interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } } } },
  sources: {
    first: { interfaces: { eth0: { network: 'lan', address: '192.168.1.1' } } },
    last: { interfaces: { eth0: { network: 'lan', address: '192.168.1.3' } } },
    beyond: { interfaces: { eth0: { network: 'lan', address: '192.168.1.4' } } },
  },
  steps: [
    { kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'] },
    { kind: 'flows', flows: [{ name: 'before the rule, 192.168.1.4 connects', from: 'beyond', to: 'docker1', port: 8080, expect: 'connected' }] },
    { kind: 'docker-user', host: 'docker1', rule: '-m iprange -i eth0 ! --src-range 192.168.1.1-192.168.1.3 -j DROP' },
  ],
  flows: [
    { name: '192.168.1.1, the first of the range, connects', from: 'first', to: 'docker1', port: 8080, expect: 'connected' },
    { name: '192.168.1.3, the last of the range, connects', from: 'last', to: 'docker1', port: 8080, expect: 'connected' },
    { name: '192.168.1.4, just past the range, is dropped', from: 'beyond', to: 'docker1', port: 8080, expect: 'dropped' },
  ],
});
