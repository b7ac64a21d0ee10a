import { defineScenario } from '../../harness/index.ts';

// "When you publish a container's ports using Docker, traffic to and from that container gets diverted
// before it goes through the ufw firewall settings ... effectively ignoring your firewall configuration."
// A port served by the host itself is the control: it shows ufw really is enforcing its default deny.
export default defineScenario({
  name: 'ufw-does-not-protect-published-ports',
  description: 'ufw with default deny incoming drops a port served by the host, but not a published container port.',
  claims: ['C22'],
  page: 'packet-filtering-firewalls.md',
  tags: ['ufw'],
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: { docker1: { interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } } } },
  sources: { outsider: { interfaces: { eth0: { network: 'lan', address: '192.168.1.50' } } } },
  steps: [
    { kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'] },
    { kind: 'listen', on: 'docker1', ports: ['9000/tcp'] },
    { kind: 'ufw', host: 'docker1', commands: ['default deny incoming', 'default allow outgoing', '--force enable'] },
  ],
  flows: [
    { name: 'ufw drops a port the host itself serves', from: 'outsider', to: 'docker1', port: 9000, expect: 'dropped' },
    { name: 'the published port is reached despite ufw', from: 'outsider', to: 'docker1', port: 8080, expect: 'connected' },
  ],
});
