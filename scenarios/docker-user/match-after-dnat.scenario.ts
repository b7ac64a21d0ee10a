import { defineScenario } from '../../harness/index.ts';

// "When packets arrive to the DOCKER-USER chain, they have already passed through a Destination Network
// Address Translation (DNAT) filter. That means that the iptables flags you use can only match internal
// IP addresses and ports of containers."
export default defineScenario({
  name: 'docker-user-match-after-dnat',
  description:
    'With -p 8080:80, DOCKER-USER DROPs on the host port (8080) or the host address do not match; DROPs on the container port (80) or the container address do.',
  claims: ['C04'],
  page: 'packet-filtering-firewalls.md',
  tags: ['docker-user', 'dnat'],
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: { docker1: { interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } } } },
  sources: { outsider: { interfaces: { eth0: { network: 'lan', address: '192.168.1.50' } } } },
  steps: [
    { kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'] },
    // The container address the rules below name: the first container on the default bridge.
    {
      kind: 'check',
      check: {
        name: 'the service container has address 172.17.0.2',
        on: 'docker1',
        run: "docker inspect -f '{{.NetworkSettings.IPAddress}}' web",
        expect: { matches: ['^172\\.17\\.0\\.2$'] },
      },
    },
    { kind: 'flows', flows: [{ name: 'before any rule, the published port connects', from: 'outsider', to: 'docker1', port: 8080, expect: 'connected' }] },

    // Ports: the host port does not match, the container port does.
    {
      kind: 'docker-user',
      host: 'docker1',
      rule: '-p tcp --dport 8080 -j DROP',
      notDecisive: "the claim is that this rule never matches: in DOCKER-USER the packet is already DNAT'd to port 80, so the flow connects with or without it",
    },
    { kind: 'flows', flows: [{ name: 'a DROP on the host port 8080 does not match', from: 'outsider', to: 'docker1', port: 8080, expect: 'connected' }] },
    { kind: 'docker-user', host: 'docker1', rule: '-p tcp --dport 80 -j DROP' },
    { kind: 'flows', flows: [{ name: 'a DROP on the container port 80 matches', from: 'outsider', to: 'docker1', port: 8080, expect: 'dropped' }] },
    { kind: 'iptables', host: 'docker1', rule: '-D DOCKER-USER -p tcp --dport 80 -j DROP' },
    {
      kind: 'flows',
      flows: [{ name: 'with the container-port DROP deleted, the port connects again', from: 'outsider', to: 'docker1', port: 8080, expect: 'connected' }],
    },

    // Addresses: the host address does not match, the container address does.
    {
      kind: 'docker-user',
      host: 'docker1',
      rule: '-p tcp -d 192.168.1.10 -j DROP',
      notDecisive:
        "the claim is that this rule never matches: in DOCKER-USER the destination is already the container's address, so the flow connects with or without it",
    },
    {
      kind: 'flows',
      flows: [{ name: 'a DROP on the host address 192.168.1.10 does not match', from: 'outsider', to: 'docker1', port: 8080, expect: 'connected' }],
    },
    { kind: 'docker-user', host: 'docker1', rule: '-p tcp -d 172.17.0.2 -j DROP' },
  ],
  flows: [{ name: 'a DROP on the container address 172.17.0.2 matches', from: 'outsider', to: 'docker1', port: 8080, expect: 'dropped' }],
});
