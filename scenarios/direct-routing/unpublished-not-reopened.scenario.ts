import { defineScenario } from '../../harness/index.ts';

// firewall-iptables.md (docker/docs 18e570f6dcf74b2a46167c74c02636caf9da0b41), the note in "Add
// iptables policies before Docker's rules": Docker blocks direct-routed access to unpublished
// container ports in its DOCKER filter rules, and such traffic cannot be reopened with DOCKER-USER;
// publish the port, or use gateway mode nat-unprotected (since 28.0).
// A neighbour routes the containers' addresses via each host and connects to port 81, which the
// container answers on but does not publish. docker1 has the defaults. docker2 has
// "allow-direct-routing", which lifts the raw-table protection of 28 for every container, so the
// DOCKER filter chain is what stands in the way there; its published port 80 is the control that
// direct routing itself works on docker2. Then each host gets a DOCKER-USER ACCEPT for port 81.
export default defineScenario({
  name: 'unpublished-not-reopened-by-docker-user',
  description: 'Direct routing to an unpublished container port is dropped, and an ACCEPT for it in DOCKER-USER does not reopen it.',
  claims: ['C34'],
  page: 'firewall-iptables.md',
  tags: ['direct-routing', 'docker-user'],
  networks: { lan: { subnet: '192.168.124.0/24' } },
  hosts: {
    docker1: { interfaces: { eth0: { network: 'lan', address: '192.168.124.2' } } },
    docker2: { daemon: { config: { 'allow-direct-routing': true } }, interfaces: { eth0: { network: 'lan', address: '192.168.124.4' } } },
  },
  sources: { remote: { interfaces: { eth0: { network: 'lan', address: '192.168.124.3' } } } },
  steps: [
    { kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'], listen: ['80/tcp', '81/tcp'] },
    { kind: 'service', host: 'docker2', name: 'web', publish: ['8080:80'], listen: ['80/tcp', '81/tcp'] },
    {
      kind: 'flows',
      flows: [
        {
          name: 'defaults: unpublished port 81, directly, is dropped',
          from: 'remote',
          to: { container: 'web', on: 'docker1' },
          via: 'docker1',
          port: 81,
          expect: 'dropped',
        },
        {
          name: 'allow-direct-routing (control): published port 80, directly, connects',
          from: 'remote',
          to: { container: 'web', on: 'docker2' },
          via: 'docker2',
          port: 80,
          expect: 'connected',
        },
        {
          name: 'allow-direct-routing: unpublished port 81, directly, is dropped',
          from: 'remote',
          to: { container: 'web', on: 'docker2' },
          via: 'docker2',
          port: 81,
          expect: 'dropped',
        },
      ],
    },
    { kind: 'docker-user', host: 'docker1', rule: '-p tcp -d 172.17.0.0/16 --dport 81 -j ACCEPT' },
    { kind: 'docker-user', host: 'docker2', rule: '-p tcp -d 172.17.0.0/16 --dport 81 -j ACCEPT' },
  ],
  flows: [
    {
      name: 'defaults, DOCKER-USER ACCEPT: unpublished port 81 is still dropped',
      from: 'remote',
      to: { container: 'web', on: 'docker1' },
      via: 'docker1',
      port: 81,
      expect: 'dropped',
    },
    {
      name: 'allow-direct-routing, DOCKER-USER ACCEPT: unpublished port 81 is still dropped',
      from: 'remote',
      to: { container: 'web', on: 'docker2' },
      via: 'docker2',
      port: 81,
      expect: 'dropped',
      deviations: [
        {
          on: ['28.5'],
          observed: 'connected',
          reason:
            "the DOCKER chain's drop is reached only through DOCKER-FORWARD, after DOCKER-USER, so an ACCEPT in DOCKER-USER ends the packet's way through FORWARD first and reopens the port; what keeps it shut under the defaults is the raw PREROUTING drop of direct routing protection, which allow-direct-routing lifts",
        },
      ],
    },
  ],
  checks: [
    {
      name: 'the DOCKER filter chain drops what reaches docker0 from elsewhere and no accept let in',
      on: 'docker1',
      run: 'iptables -t filter -S DOCKER',
      expect: { matches: ['^-A DOCKER ! -i docker0 -o docker0 -j DROP$'] },
    },
  ],
});
