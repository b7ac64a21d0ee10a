import { defineScenario } from '../../harness/index.ts';

// packet-filtering-firewalls.md (docker/docs@5d50b04e) and the users' story of scenarios/forward/
// other-networks-routed: with ip-forward-no-drop in daemon.json, dockerd still turns forwarding on but
// leaves the FORWARD policy ACCEPT, so the host keeps routing its other networks, while published ports
// keep working.
export default defineScenario({
  name: 'ip-forward-no-drop-routes',
  description: 'With "ip-forward-no-drop": true, a host whose forwarding dockerd turned on keeps routing between two outside networks; the published port still answers.',
  claims: ['C26'],
  page: 'packet-filtering-firewalls.md',
  tags: ['regression', 'router', 'forward-policy', 'daemon'],
  networks: { left: { subnet: '10.1.0.0/24' }, right: { subnet: '10.2.0.0/24' } },
  hosts: {
    docker1: {
      daemon: { config: { 'ip-forward-no-drop': true } },
      interfaces: { eth0: { network: 'left', address: '10.1.0.1' }, eth1: { network: 'right', address: '10.2.0.1' } },
    },
  },
  sources: {
    lefty: { interfaces: { eth0: { network: 'left', address: '10.1.0.10' } }, routes: [{ to: '10.2.0.0/24', via: '10.1.0.1' }] },
    righty: { interfaces: { eth0: { network: 'right', address: '10.2.0.10' } }, routes: [{ to: '10.1.0.0/24', via: '10.2.0.1' }] },
  },
  steps: [
    { kind: 'listen', on: 'righty', ports: ['9000/tcp'] },
    { kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'] },
  ],
  flows: [
    { name: 'routed traffic between the two outside networks', from: 'lefty', to: 'righty', port: 9000, expect: 'connected' },
    { name: 'the published port', from: 'lefty', to: 'docker1', port: 8080, expect: 'connected' },
  ],
  checks: [
    { name: 'dockerd turned forwarding on', on: 'docker1', run: 'sysctl -n net.ipv4.ip_forward', expect: { matches: ['^1$'] } },
    { name: 'the FORWARD policy stays ACCEPT', on: 'docker1', run: 'iptables -S FORWARD', expect: { matches: ['^-P FORWARD ACCEPT$'] } },
  ],
});
