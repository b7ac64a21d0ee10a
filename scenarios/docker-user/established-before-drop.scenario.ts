import { defineScenario } from '../../harness/index.ts';

// firewall-iptables.md (docker/docs 18e570f6dcf74b2a46167c74c02636caf9da0b41), end of "Restrict
// external connections to containers" (packet-filtering-firewalls.md says the same): containers may
// send DNS or HTTP requests to hosts the allow-list does not admit; a RELATED,ESTABLISHED accept
// placed before the DROP rules lets the replies back in, while the DROP still restricts incoming
// connections.
// The allow-list admits 192.168.1.1 only. The outsider (192.168.1.50) runs a TCP service and a UDP
// "DNS" service on 53 for the container to use.
export default defineScenario({
  name: 'docker-user-established-before-drop',
  description:
    "An allow-list DROP in DOCKER-USER also drops the replies to containers' own DNS and TCP requests to hosts it does not admit; an ESTABLISHED,RELATED accept above it restores them and the allow-list still holds.",
  claims: ['C32'],
  page: 'firewall-iptables.md',
  tags: ['docker-user', 'conntrack', 'egress'],
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: { docker1: { interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } } } },
  sources: {
    allowed: { interfaces: { eth0: { network: 'lan', address: '192.168.1.1' } } },
    outsider: { interfaces: { eth0: { network: 'lan', address: '192.168.1.50' } } },
  },
  steps: [
    { kind: 'listen', on: 'outsider', ports: ['80/tcp', '53/udp'] },
    { kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'] },
    { kind: 'docker-user', host: 'docker1', rule: '-i eth0 ! -s 192.168.1.1 -j DROP' },
    {
      kind: 'flows',
      flows: [
        { name: 'allow-list only: the admitted source connects', from: 'allowed', to: 'docker1', port: 8080, expect: 'connected' },
        { name: 'allow-list only: another source is dropped', from: 'outsider', to: 'docker1', port: 8080, expect: 'dropped' },
        {
          name: "allow-list only: the container's HTTP request to that source gets no reply",
          from: { container: 'web', on: 'docker1' },
          to: 'outsider',
          port: 80,
          expect: 'dropped',
        },
        {
          name: "allow-list only: the container's DNS request to that source gets no reply",
          from: { container: 'web', on: 'docker1' },
          to: 'outsider',
          port: 53,
          proto: 'udp',
          expect: 'dropped',
        },
      ],
    },
    // Inserted at the top, above the DROP, as the page says it must be.
    { kind: 'docker-user', host: 'docker1', rule: '-m state --state RELATED,ESTABLISHED -j ACCEPT' },
  ],
  flows: [
    { name: 'with the accept above: the admitted source connects', from: 'allowed', to: 'docker1', port: 8080, expect: 'connected' },
    { name: 'with the accept above: another source is still dropped', from: 'outsider', to: 'docker1', port: 8080, expect: 'dropped' },
    {
      name: "with the accept above: the container's HTTP request gets its reply",
      from: { container: 'web', on: 'docker1' },
      to: 'outsider',
      port: 80,
      expect: 'connected',
    },
    {
      name: "with the accept above: the container's DNS request gets its reply",
      from: { container: 'web', on: 'docker1' },
      to: 'outsider',
      port: 53,
      proto: 'udp',
      expect: 'connected',
    },
  ],
});
