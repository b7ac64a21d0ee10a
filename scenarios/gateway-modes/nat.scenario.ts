import { defineScenario } from '../../harness/index.ts';

// port-publishing.md (docker/docs@5d50b04e), "Gateway modes", mode nat (the default) and its note: a
// port published on a loopback address is out of reach of remote hosts; and with forwarding on, a
// port published on one host address is reached by a host on another interface's subnet that routes
// that address via the Docker host (the note's 192.168.100.10 / 10.0.0.10 example).
export default defineScenario({
  name: 'gateway-mode-nat',
  description:
    'In nat mode a port published on 127.0.0.1 is not reached by a neighbour routing 127.0.0.1 or the container via the host; a port published on the eth0 address is reached from the eth1 subnet by routing to that address.',
  claims: ['C41'],
  page: 'port-publishing.md',
  tags: ['gateway-modes', 'loopback-publish', 'bind-address'],
  networks: { lan: { subnet: '192.168.100.0/24' }, other: { subnet: '10.0.0.0/24' } },
  hosts: {
    docker1: {
      interfaces: { eth0: { network: 'lan', address: '192.168.100.10' }, eth1: { network: 'other', address: '10.0.0.10' } },
    },
  },
  sources: {
    neighbour: { interfaces: { eth0: { network: 'lan', address: '192.168.100.50' } } },
    far: { interfaces: { eth0: { network: 'other', address: '10.0.0.50' } }, routes: [{ to: '192.168.100.10/32', via: '10.0.0.10' }] },
  },
  steps: [
    { kind: 'network', host: 'docker1', name: 'natnet', subnet: '172.30.0.0/24', options: { 'com.docker.network.bridge.gateway_mode_ipv4': 'nat' } },
    { kind: 'service', host: 'docker1', name: 'web', network: 'natnet', publish: ['127.0.0.1:8080:80', '192.168.100.10:8081:80'] },
  ],
  flows: [
    { name: 'the Docker host reaches 127.0.0.1:8080', from: 'docker1', to: '127.0.0.1', port: 8080, expect: 'connected' },
    { name: 'a neighbour routing 127.0.0.1 via the host, port 8080', from: 'neighbour', to: '127.0.0.1', via: 'docker1', port: 8080, expect: 'dropped' },
    { name: "a neighbour routing the container's address via the host, port 80", from: 'neighbour', to: { container: 'web', on: 'docker1' }, via: 'docker1', port: 80, expect: 'dropped' },
    { name: 'control: the neighbour reaches 192.168.100.10:8081 on its own subnet', from: 'neighbour', to: '192.168.100.10', port: 8081, expect: 'connected' },
    { name: 'from the 10.0.0.0/24 subnet, routing to 192.168.100.10 via 10.0.0.10, port 8081', from: 'far', to: '192.168.100.10', port: 8081, expect: 'connected' },
    { name: 'control: port 8081 is not published on 10.0.0.10', from: 'far', to: '10.0.0.10', port: 8081, expect: 'refused' },
  ],
});
