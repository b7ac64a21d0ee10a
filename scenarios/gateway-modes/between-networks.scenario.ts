import { defineScenario } from '../../harness/index.ts';

// port-publishing.md (docker/docs@5d50b04e), "Gateway modes", between networks on one host: containers
// on another bridge network reach a nat or nat-unprotected network's published ports only through the
// host address they are published to, never directly; a routed network's published ports they may
// reach directly, at the container's address.
export default defineScenario({
  name: 'gateway-mode-between-networks',
  description:
    "A container on a third network reaches nat and nat-unprotected containers' published ports only via the host address, not directly; a routed container's published port it reaches directly, its unpublished one not.",
  claims: ['C46'],
  page: 'port-publishing.md',
  tags: ['gateway-modes', 'isolation'],
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: { docker1: { interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } } } },
  steps: [
    { kind: 'network', host: 'docker1', name: 'natnet', subnet: '172.30.0.0/24' },
    {
      kind: 'network',
      host: 'docker1',
      name: 'unprotnet',
      subnet: '172.31.0.0/24',
      options: { 'com.docker.network.bridge.gateway_mode_ipv4': 'nat-unprotected' },
    },
    { kind: 'network', host: 'docker1', name: 'routednet', subnet: '172.29.0.0/24', options: { 'com.docker.network.bridge.gateway_mode_ipv4': 'routed' } },
    { kind: 'network', host: 'docker1', name: 'clientnet', subnet: '172.28.0.0/24' },
    { kind: 'service', host: 'docker1', name: 'natweb', network: 'natnet', publish: ['8080:80'] },
    { kind: 'service', host: 'docker1', name: 'unprotweb', network: 'unprotnet', publish: ['8081:80'] },
    { kind: 'service', host: 'docker1', name: 'routedweb', network: 'routednet', publish: ['80'], listen: ['80/tcp', '81/tcp'] },
    { kind: 'service', host: 'docker1', name: 'client', network: 'clientnet', listen: ['9/tcp'] },
  ],
  flows: [
    { name: 'nat: published port 80 at the container address', from: { container: 'client', on: 'docker1' }, to: { container: 'natweb', on: 'docker1' }, port: 80, expect: 'dropped' },
    { name: "nat: published port 8080 at the host's address", from: { container: 'client', on: 'docker1' }, to: 'docker1', port: 8080, expect: 'connected' },
    {
      name: 'nat-unprotected: published port 80 at the container address',
      from: { container: 'client', on: 'docker1' },
      to: { container: 'unprotweb', on: 'docker1' },
      port: 80,
      expect: 'dropped',
    },
    { name: "nat-unprotected: published port 8081 at the host's address", from: { container: 'client', on: 'docker1' }, to: 'docker1', port: 8081, expect: 'connected' },
    { name: 'routed: published port 80 at the container address', from: { container: 'client', on: 'docker1' }, to: { container: 'routedweb', on: 'docker1' }, port: 80, expect: 'connected' },
    { name: 'routed: unpublished port 81 at the container address', from: { container: 'client', on: 'docker1' }, to: { container: 'routedweb', on: 'docker1' }, port: 81, expect: 'dropped' },
  ],
});
