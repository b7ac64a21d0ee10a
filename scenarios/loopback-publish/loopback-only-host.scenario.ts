import { defineScenario } from '../../harness/index.ts';

// port-publishing.md (docker/docs 5d50b04e38764210d974f041580ec3476cf40506), "Publishing ports": a
// port published on 127.0.0.1 and [::1] is reachable only from the Docker host; before 28.0, hosts
// on the same L2 segment could reach a port published to localhost (moby#45610).
// The host reaches both loopback ports itself. A neighbour on its LAN tries the host's own
// addresses, and sends to 127.0.0.1 through the host (the moby#45610 path). [::1] cannot be sent
// through a host at all: IPv6 never lets ::1 leave a machine, so the neighbour only tries the
// host's IPv6 address.
export default defineScenario({
  name: 'loopback-publish-host-only',
  description:
    'Ports published on 127.0.0.1 and [::1] answer the Docker host itself; a LAN neighbour reaches neither on the host addresses, and reaches 127.0.0.1 through the host only before 28.0.',
  claims: ['C36'],
  page: 'port-publishing.md',
  tags: ['loopback-publish', 'bind-address', 'ipv6'],
  requires: { kernel: ['ipv6'] },
  networks: { lan: { subnet: '192.168.1.0/24', subnet6: 'fd00:1::/64' } },
  hosts: { docker1: { interfaces: { eth0: { network: 'lan', address: '192.168.1.10', address6: 'fd00:1::10' } } } },
  sources: { neighbour: { interfaces: { eth0: { network: 'lan', address: '192.168.1.1', address6: 'fd00:1::1' } } } },
  steps: [{ kind: 'service', host: 'docker1', name: 'web', publish: ['127.0.0.1:8080:80', '[::1]:8080:80'] }],
  flows: [
    { name: 'the host itself reaches 127.0.0.1:8080', from: 'docker1', to: '127.0.0.1', port: 8080, expect: 'connected' },
    { name: 'the host itself reaches [::1]:8080', from: 'docker1', to: '::1', family: 'ipv6', port: 8080, expect: 'connected' },
    { name: "the neighbour, to the host's IPv4 address:8080", from: 'neighbour', to: 'docker1', port: 8080, expect: 'refused' },
    { name: "the neighbour, to the host's IPv6 address:8080", from: 'neighbour', to: 'docker1', family: 'ipv6', port: 8080, expect: 'refused' },
    {
      name: 'the neighbour, to 127.0.0.1:8080 through the host (moby#45610)',
      from: 'neighbour',
      to: '127.0.0.1',
      via: 'docker1',
      port: 8080,
      expect: { default: 'connected', '28': 'dropped' },
    },
  ],
});
