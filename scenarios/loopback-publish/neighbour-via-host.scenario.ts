import { defineScenario } from '../../harness/index.ts';

// A port published on 127.0.0.1 only, and a LAN neighbour that sends to 127.0.0.1 through the Docker host.
// Observed: before 28, nat PREROUTING's DNAT for 127.0.0.1 takes the neighbour's packets to the container
// and filter DOCKER accepts them; from 28 on, raw PREROUTING drops them
// (`ip daddr 127.0.0.1 iifname != "lo" tcp dport 8080 drop`, the same for udp 5353).
export default defineScenario({
  name: 'loopback-publish-neighbour',
  description:
    'A port published on 127.0.0.1 is reached by a LAN neighbour that routes 127.0.0.1 via the Docker host, over TCP and UDP: reachable before Docker 28.0, blocked since (moby#45610).',
  tags: ['loopback-publish', 'bind-address'],
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: { docker1: { interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } } } },
  sources: { neighbour: { interfaces: { eth0: { network: 'lan', address: '192.168.1.1' } } } },
  steps: [{ kind: 'service', host: 'docker1', name: 'web', publish: ['127.0.0.1:8080:80', '127.0.0.1:5353:53/udp'] }],
  flows: [
    { name: 'the host itself reaches 127.0.0.1:8080/tcp', from: 'docker1', to: '127.0.0.1', port: 8080, expect: 'connected' },
    { name: 'the host itself reaches 127.0.0.1:5353/udp', from: 'docker1', to: '127.0.0.1', port: 5353, proto: 'udp', expect: 'connected' },
    { name: "the neighbour, to the host's LAN address:8080/tcp", from: 'neighbour', to: 'docker1', port: 8080, expect: 'refused' },
    {
      name: 'the neighbour, to 127.0.0.1:8080/tcp via the host',
      from: 'neighbour',
      to: '127.0.0.1',
      via: 'docker1',
      port: 8080,
      expect: { default: 'connected', '28': 'dropped' },
    },
    {
      name: 'the neighbour, to 127.0.0.1:5353/udp via the host',
      from: 'neighbour',
      to: '127.0.0.1',
      via: 'docker1',
      port: 5353,
      proto: 'udp',
      expect: { default: 'connected', '28': 'dropped' },
    },
  ],
});
