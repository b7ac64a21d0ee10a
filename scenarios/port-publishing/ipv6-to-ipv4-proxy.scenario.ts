import { defineScenario } from '../../harness/index.ts';

// port-publishing.md (docker/docs@5d50b04e), "Publishing ports": with no host address in the mapping,
// an IPv4-only bridge network and the userland proxy on (the default), the host's IPv6 addresses are
// mapped to the container's IPv4 address. The contrast the condition implies: with the proxy off, the
// host's IPv6 address has nothing behind the port.
export default defineScenario({
  name: 'ipv6-host-to-ipv4-container',
  description:
    "A port published without a host address on an IPv4-only bridge answers on the host's IPv6 address while the userland proxy is on, and not once it is off.",
  claims: ['C37'],
  page: 'port-publishing.md',
  tags: ['port-publishing', 'ipv6', 'userland-proxy'],
  requires: { kernel: ['ipv6'] },
  networks: { lan: { subnet: '192.168.1.0/24', subnet6: 'fd00:1::/64' } },
  hosts: { docker1: { interfaces: { eth0: { network: 'lan', address: '192.168.1.10', address6: 'fd00:1::10' } } } },
  sources: { outsider: { interfaces: { eth0: { network: 'lan', address: '192.168.1.50', address6: 'fd00:1::50' } } } },
  steps: [
    { kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'] },
    {
      kind: 'flows',
      flows: [
        { name: 'proxy on: the published port over IPv4', from: 'outsider', to: 'docker1', port: 8080, expect: 'connected' },
        { name: "proxy on: the published port on the host's IPv6 address", from: 'outsider', to: 'docker1', family: 'ipv6', port: 8080, expect: 'connected' },
      ],
    },
    { kind: 'daemon', host: 'docker1', config: { 'userland-proxy': false } },
  ],
  flows: [
    { name: 'proxy off: the published port over IPv4', from: 'outsider', to: 'docker1', port: 8080, expect: 'connected' },
    { name: "proxy off: nothing behind the port on the host's IPv6 address", from: 'outsider', to: 'docker1', family: 'ipv6', port: 8080, expect: 'refused' },
  ],
});
