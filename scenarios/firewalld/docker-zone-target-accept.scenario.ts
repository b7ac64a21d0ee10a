import { defineScenario } from '../../harness/index.ts';

// packet-filtering-firewalls.md (docker/docs 0e77409f23a3d1012b746db17a00edaf3d95972a), section
// "Integration with firewalld": with firewalld running, Docker creates a zone `docker` with target
// ACCEPT and puts every interface it creates into it.
// A service on the host itself (port 9000, not Docker's): firewalld's default zone refuses it to the
// outside machine on eth0, while a container, arriving through docker0 in the `docker` zone, is
// accepted. The zone holds docker0 and a user-defined bridge.
export default defineScenario({
  name: 'firewalld-docker-zone-target-accept',
  description:
    'With firewalld, the zone docker has target ACCEPT and holds docker0 and a user-defined bridge: containers reach a host port the default zone refuses to the outside.',
  claims: ['C28'],
  page: 'packet-filtering-firewalls.md',
  tags: ['firewalld'],
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: { docker1: { firewalld: true, interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } } } },
  sources: { outsider: { interfaces: { eth0: { network: 'lan', address: '192.168.1.50' } } } },
  steps: [
    { kind: 'network', host: 'docker1', name: 'appnet', subnet: '172.30.0.0/16', options: { 'com.docker.network.bridge.name': 'br-appnet' } },
    { kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'] },
    { kind: 'service', host: 'docker1', name: 'app', network: 'appnet', listen: ['80/tcp'] },
    { kind: 'listen', title: "a service of the host's own on port 9000", on: 'docker1', ports: ['9000/tcp'] },
  ],
  flows: [
    { name: "the default zone refuses the host's port 9000 to the outside machine", from: 'outsider', to: 'docker1', port: 9000, expect: 'refused' },
    { name: "a container on docker0 reaches the host's port 9000", from: { container: 'web', on: 'docker1' }, to: 'docker1', port: 9000, expect: 'connected' },
    {
      name: "a container on a user-defined bridge reaches the host's port 9000",
      from: { container: 'app', on: 'docker1' },
      to: 'docker1',
      port: 9000,
      expect: 'connected',
    },
  ],
  checks: [
    { name: 'the docker zone has target ACCEPT', on: 'docker1', run: 'firewall-cmd --info-zone=docker', expect: { matches: ['^\\s*target: ACCEPT$'] } },
    { name: 'the docker zone holds docker0', on: 'docker1', run: 'firewall-cmd --info-zone=docker', expect: { matches: ['^\\s*interfaces:.*\\bdocker0\\b'] } },
    {
      name: 'the docker zone holds the user-defined bridge',
      on: 'docker1',
      run: 'firewall-cmd --info-zone=docker',
      expect: { matches: ['^\\s*interfaces:.*\\bbr-appnet\\b'] },
    },
  ],
});
