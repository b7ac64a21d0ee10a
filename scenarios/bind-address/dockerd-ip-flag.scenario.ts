import { defineScenario } from '../../harness/index.ts';

// "You can change the default binding address for published container ports so that they're only
// accessible to the Docker host by default. ... Alternatively, you can use the dockerd --ip flag when
// starting the daemon." Control: the same port from outside before dockerd gets the flag.
export default defineScenario({
  name: 'bind-ip-dockerd-flag',
  description: 'dockerd --ip 127.0.0.1 makes default-bridge published ports reachable from the Docker host only.',
  claims: ['C17'],
  page: 'packet-filtering-firewalls.md',
  tags: ['bind-address', 'daemon'],
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: { docker1: { interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } } } },
  sources: { outsider: { interfaces: { eth0: { network: 'lan', address: '192.168.1.50' } } } },
  steps: [
    { kind: 'service', host: 'docker1', name: 'early', publish: ['8080:80'] },
    {
      kind: 'flows',
      flows: [{ name: 'without the flag, outside reaches the published port', from: 'outsider', to: 'docker1', port: 8080, expect: 'connected' }],
    },
    { kind: 'daemon', host: 'docker1', action: 'restart', args: ['--ip', '127.0.0.1'] },
    { kind: 'service', host: 'docker1', name: 'late', publish: ['8081:80'] },
  ],
  flows: [
    { name: 'new container: outside is refused', from: 'outsider', to: 'docker1', port: 8081, expect: 'refused' },
    { name: 'new container: the Docker host connects on 127.0.0.1', from: 'docker1', to: '127.0.0.1', port: 8081, expect: 'connected' },
    { name: 'earlier container: outside is refused', from: 'outsider', to: 'docker1', port: 8080, expect: 'refused' },
    { name: 'earlier container: the Docker host connects on 127.0.0.1', from: 'docker1', to: '127.0.0.1', port: 8080, expect: 'connected' },
  ],
  checks: [
    {
      name: 'both ports are published on 127.0.0.1',
      on: 'docker1',
      run: 'docker port early && docker port late',
      expect: { matches: ['^80/tcp -> 127\\.0\\.0\\.1:8080$', '^80/tcp -> 127\\.0\\.0\\.1:8081$'], notMatches: ['0\\.0\\.0\\.0'] },
    },
  ],
});
