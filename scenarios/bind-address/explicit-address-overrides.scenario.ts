import { defineScenario } from '../../harness/index.ts';

// "If you want to change that behavior to only expose ports on an internal IP address, you can use the
// --ip option to specify a different IP address. However, setting --ip only changes the _default_, it
// does not _restrict_ services to that IP." Control: a port published without an address.
export default defineScenario({
  name: 'bind-ip-explicit-any',
  description: 'With dockerd --ip 127.0.0.1, a port published explicitly on 0.0.0.0 is still reachable from outside.',
  claims: ['C23'],
  page: 'docker-and-iptables.md',
  tags: ['bind-address', 'daemon'],
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: { docker1: { daemon: { args: ['--ip', '127.0.0.1'] }, interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } } } },
  sources: { outsider: { interfaces: { eth0: { network: 'lan', address: '192.168.1.50' } } } },
  steps: [
    { kind: 'service', host: 'docker1', name: 'explicit', publish: ['0.0.0.0:8080:80'] },
    { kind: 'service', host: 'docker1', name: 'implicit', publish: ['8081:80'] },
  ],
  flows: [
    { name: 'explicit 0.0.0.0: outside connects', from: 'outsider', to: 'docker1', port: 8080, expect: 'connected' },
    { name: 'control: no address, the --ip default applies, outside is refused', from: 'outsider', to: 'docker1', port: 8081, expect: 'refused' },
    { name: 'control: no address, the Docker host connects on 127.0.0.1', from: 'docker1', to: '127.0.0.1', port: 8081, expect: 'connected' },
  ],
  checks: [
    {
      name: 'the explicit port listens on 0.0.0.0, the other on 127.0.0.1',
      on: 'docker1',
      run: 'docker port explicit && docker port implicit',
      expect: { matches: ['^80/tcp -> 0\\.0\\.0\\.0:8080$', '^80/tcp -> 127\\.0\\.0\\.1:8081$'] },
    },
  ],
});
