import { defineScenario } from '../../harness/index.ts';

// port-publishing.md (docker/docs@5d50b04e), "Setting the default bind address for containers": the
// daemon option default-network-opts with host_binding_ipv4 sets the bind address of every user-defined
// bridge created afterwards; its note says "::" there means IPv6 only and 0.0.0.0 both families.
// A network takes the daemon's options when it is created, so each value gets its own network, created
// after the daemon restart that sets it.
// Before the option existed, dockerd 20.10 takes the key without a word and ignores it: every port is
// published on all addresses (the 20.10 expectations below; the run's dockerd.log has no complaint).
export default defineScenario({
  name: 'default-network-opts-binding',
  description:
    'default-network-opts host_binding_ipv4 127.0.0.1 keeps a new network\'s port host-only; "::" publishes it on IPv6 only; 0.0.0.0 on both families.',
  claims: ['C48'],
  page: 'port-publishing.md',
  tags: ['bind-address', 'daemon', 'ipv6'],
  requires: { kernel: ['ipv6'] },
  networks: { lan: { subnet: '192.168.1.0/24', subnet6: 'fd00:1::/64' } },
  hosts: {
    docker1: {
      daemon: { config: { 'default-network-opts': { bridge: { 'com.docker.network.bridge.host_binding_ipv4': '127.0.0.1' } } } },
      interfaces: { eth0: { network: 'lan', address: '192.168.1.10', address6: 'fd00:1::10' } },
    },
  },
  sources: { outsider: { interfaces: { eth0: { network: 'lan', address: '192.168.1.50', address6: 'fd00:1::50' } } } },
  steps: [
    { kind: 'network', host: 'docker1', name: 'loopnet', subnet: '172.30.0.0/24' },
    { kind: 'service', host: 'docker1', name: 'loop', network: 'loopnet', publish: ['8080:80'] },
    { kind: 'daemon', host: 'docker1', config: { 'default-network-opts': { bridge: { 'com.docker.network.bridge.host_binding_ipv4': '::' } } } },
    { kind: 'network', host: 'docker1', name: 'sixnet', subnet: '172.31.0.0/24' },
    { kind: 'service', host: 'docker1', name: 'six', network: 'sixnet', publish: ['8081:80'] },
    { kind: 'daemon', host: 'docker1', config: { 'default-network-opts': { bridge: { 'com.docker.network.bridge.host_binding_ipv4': '0.0.0.0' } } } },
    { kind: 'network', host: 'docker1', name: 'anynet', subnet: '172.29.0.0/24' },
    { kind: 'service', host: 'docker1', name: 'any', network: 'anynet', publish: ['8082:80'] },
  ],
  flows: [
    { name: '127.0.0.1: the Docker host reaches 127.0.0.1:8080', from: 'docker1', to: '127.0.0.1', port: 8080, expect: 'connected' },
    { name: '127.0.0.1: an outside source over IPv4', from: 'outsider', to: 'docker1', port: 8080, expect: { default: 'refused', '20.10': 'connected' } },
    { name: '127.0.0.1: an outside source over IPv6', from: 'outsider', to: 'docker1', family: 'ipv6', port: 8080, expect: { default: 'refused', '20.10': 'connected' } },
    { name: '"::": an outside source over IPv6', from: 'outsider', to: 'docker1', family: 'ipv6', port: 8081, expect: 'connected' },
    { name: '"::": an outside source over IPv4', from: 'outsider', to: 'docker1', port: 8081, expect: { default: 'refused', '20.10': 'connected' } },
    { name: '0.0.0.0: an outside source over IPv4', from: 'outsider', to: 'docker1', port: 8082, expect: 'connected' },
    { name: '0.0.0.0: an outside source over IPv6', from: 'outsider', to: 'docker1', family: 'ipv6', port: 8082, expect: 'connected' },
  ],
});
