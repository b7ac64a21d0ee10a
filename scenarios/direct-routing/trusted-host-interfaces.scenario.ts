import { defineScenario } from '../../harness/index.ts';

// port-publishing.md (docker/docs@5d50b04e), "Direct routing to containers in bridge networks" and its
// example: a network created with com.docker.network.bridge.trusted_host_interfaces lets remote hosts
// behind the named interfaces reach published ports at the container's address, even a port
// published only to 127.0.0.1. Hosts behind other interfaces stay blocked.
export default defineScenario({
  name: 'direct-routing-trusted-interfaces',
  description:
    "On a network trusting eth1, a remote host behind eth1 reaches a port published only on 127.0.0.1 at the container's address; a remote host behind eth0 does not; the Docker host reaches it on 127.0.0.1.",
  claims: ['C40'],
  page: 'port-publishing.md',
  tags: ['direct-routing', 'loopback-publish'],
  networks: { lan: { subnet: '192.168.1.0/24' }, trusted: { subnet: '10.0.0.0/24' } },
  hosts: {
    docker1: {
      interfaces: { eth0: { network: 'lan', address: '192.168.1.10' }, eth1: { network: 'trusted', address: '10.0.0.10' } },
    },
  },
  sources: {
    outsider: { interfaces: { eth0: { network: 'lan', address: '192.168.1.50' } } },
    peer: { interfaces: { eth0: { network: 'trusted', address: '10.0.0.50' } } },
  },
  steps: [
    { kind: 'network', host: 'docker1', name: 'mynet', subnet: '172.30.0.0/24', options: { 'com.docker.network.bridge.trusted_host_interfaces': 'eth1' } },
    { kind: 'service', host: 'docker1', name: 'web', network: 'mynet', publish: ['127.0.0.1:8080:80'], listen: ['80/tcp', '81/tcp'] },
  ],
  flows: [
    { name: 'the Docker host reaches 127.0.0.1:8080', from: 'docker1', to: '127.0.0.1', port: 8080, expect: 'connected' },
    { name: 'behind the trusted eth1: container port 80 at its address', from: 'peer', to: { container: 'web', on: 'docker1' }, via: 'docker1', port: 80, expect: 'connected' },
    { name: 'behind the trusted eth1: unpublished port 81 at its address', from: 'peer', to: { container: 'web', on: 'docker1' }, via: 'docker1', port: 81, expect: 'dropped' },
    { name: 'behind eth0 (not trusted): container port 80 at its address', from: 'outsider', to: { container: 'web', on: 'docker1' }, via: 'docker1', port: 80, expect: 'dropped' },
  ],
});
