import { defineScenario } from '../../harness/index.ts';

// "By default, all external source IPs are allowed to connect to the Docker host."
export default defineScenario({
  name: 'default-every-source-connects',
  description: 'With no rules of our own, every outside source reaches a published port.',
  claims: ['C06'],
  page: 'docker-and-iptables.md',
  tags: ['smoke'],
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: { docker1: { interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } } } },
  sources: {
    one: { interfaces: { eth0: { network: 'lan', address: '192.168.1.1' } } },
    two: { interfaces: { eth0: { network: 'lan', address: '192.168.1.2' } } },
  },
  steps: [{ kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80', '5353:53/udp'] }],
  flows: [
    { from: 'one', to: 'docker1', port: 8080, expect: 'connected' },
    { from: 'two', to: 'docker1', port: 8080, expect: 'connected' },
    { from: 'one', to: 'docker1', port: 5353, proto: 'udp', expect: 'connected' },
    { name: 'an unpublished port is refused, not dropped', from: 'two', to: 'docker1', port: 8081, expect: 'refused' },
  ],
});
