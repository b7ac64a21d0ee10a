import { defineScenario } from '../../harness/index.ts';

// "This changes the default binding address to 127.0.0.1 for published container ports on the default
// bridge network. ... To configure this setting for user-defined bridge networks, use the
// com.docker.network.bridge.host_binding_ipv4 driver option when you create the network."
export default defineScenario({
  name: 'bind-ip-user-bridge',
  description: 'The daemon "ip" does not apply to user-defined bridges; their host_binding_ipv4 driver option does.',
  claims: ['C19'],
  page: 'packet-filtering-firewalls.md',
  tags: ['bind-address', 'daemon'],
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: { docker1: { daemon: { config: { ip: '127.0.0.1' } }, interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } } } },
  sources: { outsider: { interfaces: { eth0: { network: 'lan', address: '192.168.1.50' } } } },
  steps: [
    { kind: 'network', host: 'docker1', name: 'plainnet', subnet: '172.30.0.0/16' },
    { kind: 'network', host: 'docker1', name: 'loopnet', subnet: '172.31.0.0/16', options: { 'com.docker.network.bridge.host_binding_ipv4': '127.0.0.1' } },
    { kind: 'service', host: 'docker1', name: 'dflt', publish: ['8080:80'] },
    { kind: 'service', host: 'docker1', name: 'plain', network: 'plainnet', publish: ['8081:80'] },
    { kind: 'service', host: 'docker1', name: 'loop', network: 'loopnet', publish: ['8082:80'] },
  ],
  flows: [
    { name: 'control: default bridge follows the daemon ip, outside is refused', from: 'outsider', to: 'docker1', port: 8080, expect: 'refused' },
    { name: 'user bridge without the option ignores the daemon ip, outside connects', from: 'outsider', to: 'docker1', port: 8081, expect: 'connected' },
    { name: 'user bridge with host_binding_ipv4=127.0.0.1, outside is refused', from: 'outsider', to: 'docker1', port: 8082, expect: 'refused' },
    {
      name: 'user bridge with host_binding_ipv4=127.0.0.1, the Docker host connects on 127.0.0.1',
      from: 'docker1',
      to: '127.0.0.1',
      port: 8082,
      expect: 'connected',
    },
  ],
  checks: [
    {
      name: 'user bridge without the option publishes on 0.0.0.0',
      on: 'docker1',
      run: 'docker port plain',
      expect: { matches: ['^80/tcp -> 0\\.0\\.0\\.0:8081$'] },
    },
    {
      name: 'user bridge with the option publishes on 127.0.0.1',
      on: 'docker1',
      run: 'docker port loop',
      expect: { matches: ['^80/tcp -> 127\\.0\\.0\\.1:8082$'], notMatches: ['0\\.0\\.0\\.0'] },
    },
  ],
});
