import { defineScenario } from '../../harness/index.ts';

// "Docker automatically creates a firewalld zone called docker and inserts all the network interfaces
// it creates (for example, docker0) into the docker zone."
export default defineScenario({
  name: 'firewalld-docker-zone',
  description: 'With firewalld running, dockerd puts docker0 and the bridges of user-defined networks into a zone "docker".',
  claims: ['C20'],
  page: 'packet-filtering-firewalls.md',
  tags: ['firewalld'],
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: { docker1: { firewalld: true, interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } } } },
  sources: { outsider: { interfaces: { eth0: { network: 'lan', address: '192.168.1.50' } } } },
  steps: [
    { kind: 'network', host: 'docker1', name: 'appnet', subnet: '172.30.0.0/16', options: { 'com.docker.network.bridge.name': 'br-appnet' } },
    { kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'] },
  ],
  checks: [
    { name: 'a zone named docker exists', on: 'docker1', run: 'firewall-cmd --get-zones', expect: { matches: ['(^|\\s)docker(\\s|$)'] } },
    {
      name: 'docker0 is in the docker zone',
      on: 'docker1',
      run: 'firewall-cmd --zone=docker --list-interfaces',
      expect: { matches: ['(^|\\s)docker0(\\s|$)'] },
    },
    {
      name: 'a user-defined bridge is in the docker zone',
      on: 'docker1',
      run: 'firewall-cmd --zone=docker --list-interfaces',
      expect: { matches: ['(^|\\s)br-appnet(\\s|$)'] },
    },
  ],
  flows: [{ name: 'the published port still answers with firewalld running', from: 'outsider', to: 'docker1', port: 8080, expect: 'connected' }],
});
