import { defineScenario } from '../../harness/index.ts';

// The users' question of chaifeng/ufw-docker#157: do `ufw route allow` rules still open published
// ports, and ports across bridge networks, after Docker 28's firewall rework? The setup is the
// ufw-docker one in short: DOCKER-USER jumps to ufw-user-forward, then drops new TCP connections from
// the outside network to container addresses; `ufw route allow` rules then admit single container ports.
// The LAN is a public test range, since ufw-docker lets private sources through.
// Across bridges, before 28 DOCKER-USER's accept comes before Docker's isolation; from 28 on, direct
// routing protection drops a packet for a container arriving from another bridge in raw PREROUTING,
// before any filter rule (as in scenarios/egress/container-to-container).
export default defineScenario({
  name: 'ufw-route-allow-published',
  description:
    'ufw-docker style: DOCKER-USER sends to ufw-user-forward and drops new outside connections to containers; ufw route allow then opens a published port, and a port across bridge networks.',
  tags: ['regression', 'ufw', 'docker-user'],
  networks: { lan: { subnet: '203.0.113.0/24' } },
  hosts: { docker1: { interfaces: { eth0: { network: 'lan', address: '203.0.113.10' } } } },
  sources: { outsider: { interfaces: { eth0: { network: 'lan', address: '203.0.113.50' } } } },
  steps: [
    { kind: 'network', host: 'docker1', name: 'net-a', subnet: '172.30.0.0/24' },
    { kind: 'network', host: 'docker1', name: 'net-b', subnet: '172.31.0.0/24' },
    { kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'] },
    { kind: 'service', host: 'docker1', name: 'a1', network: 'net-a', listen: ['9/tcp'] },
    { kind: 'service', host: 'docker1', name: 'b1', network: 'net-b', listen: ['80/tcp'] },
    { kind: 'ufw', host: 'docker1', commands: ['default deny incoming', 'default allow outgoing', 'default deny routed', '--force enable'] },
    { kind: 'docker-user', host: 'docker1', rule: '-i eth0 -p tcp --syn -d 172.16.0.0/12 -j DROP' },
    { kind: 'docker-user', host: 'docker1', rule: '-j ufw-user-forward' },
    // The replies between bridges match no ufw rule and go on to Docker's chains, which before 28 drop
    // them (DOCKER-ISOLATION-STAGE-2, seen on 20.10); so an ESTABLISHED,RELATED accept goes first, as
    // the iptables page recommends for DOCKER-USER.
    { kind: 'docker-user', host: 'docker1', rule: '-m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT' },
    {
      kind: 'flows',
      flows: [
        { name: 'before the route rule: the published port is dropped', from: 'outsider', to: 'docker1', port: 8080, expect: 'dropped' },
        {
          name: 'before the route rule: net-a to net-b port 80 is dropped',
          from: { container: 'a1', on: 'docker1' },
          to: { container: 'b1', on: 'docker1' },
          port: 80,
          expect: 'dropped',
        },
      ],
    },
    {
      kind: 'ufw',
      host: 'docker1',
      commands: ['route allow proto tcp from any to 172.17.0.2 port 80', 'route allow proto tcp from 172.30.0.0/24 to 172.31.0.2 port 80'],
    },
  ],
  flows: [
    { name: 'with ufw route allow: the published port connects', from: 'outsider', to: 'docker1', port: 8080, expect: 'connected' },
    {
      name: 'with ufw route allow: net-a to net-b port 80',
      from: { container: 'a1', on: 'docker1' },
      to: { container: 'b1', on: 'docker1' },
      port: 80,
      expect: { default: 'connected', '28': 'dropped' },
    },
  ],
});
