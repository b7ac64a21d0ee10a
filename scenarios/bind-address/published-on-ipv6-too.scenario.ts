import { defineScenario } from '../../harness/index.ts';

// "This publishes port 8080 to all network interfaces on the host ... Unless you've disabled IPv6 at
// the kernel level, the port gets published on both IPv4 and IPv6."
export default defineScenario({
  name: 'published-port-on-ipv6-too',
  description: 'A port published with -p 8080:80 answers an outside source over IPv6 as well as IPv4.',
  claims: ['C15'],
  page: 'packet-filtering-firewalls.md',
  tags: ['bind-address', 'ipv6'],
  requires: { kernel: ['ipv6'] },
  networks: { lan: { subnet: '192.168.1.0/24', subnet6: 'fd00:1::/64' } },
  hosts: { docker1: { interfaces: { eth0: { network: 'lan', address: '192.168.1.10', address6: 'fd00:1::10' } } } },
  sources: { outsider: { interfaces: { eth0: { network: 'lan', address: '192.168.1.50', address6: 'fd00:1::50' } } } },
  steps: [
    { kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'] },
    { kind: 'listen', on: 'docker1', ports: ['9000/tcp'] },
  ],
  flows: [
    { name: 'control: the host itself answers over IPv6', from: 'outsider', to: 'docker1', family: 'ipv6', port: 9000, expect: 'connected' },
    { name: 'the published port answers', from: 'outsider', to: 'docker1', family: 'both', port: 8080, expect: 'connected' },
  ],
});
