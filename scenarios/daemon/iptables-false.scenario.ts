import { defineScenario } from '../../harness/index.ts';

// "It is possible to set the iptables key to false in the Docker engine's configuration file at
// /etc/docker/daemon.json ... Setting iptables to false will more than likely break container
// networking for the Docker engine." (section "Prevent Docker from manipulating iptables")
// docker1 has "iptables": false from its first start, so no earlier Docker rule can linger; docker2,
// with the default, is the control for every check and flow.
export default defineScenario({
  name: 'daemon-iptables-false',
  description: 'With "iptables": false Docker creates no iptables rules, and container networking (published port, egress) breaks.',
  claims: ['C13'],
  page: 'packet-filtering-firewalls.md',
  tags: ['daemon', 'iptables-false'],
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: {
    docker1: { daemon: { config: { iptables: false } }, interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } } },
    docker2: { interfaces: { eth0: { network: 'lan', address: '192.168.1.11' } } },
  },
  sources: { outsider: { interfaces: { eth0: { network: 'lan', address: '192.168.1.50' } } } },
  steps: [
    { kind: 'listen', on: 'outsider', ports: ['9000/tcp'] },
    { kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'] },
    { kind: 'service', host: 'docker2', name: 'web', publish: ['8080:80'] },
  ],
  flows: [
    { name: 'control: with iptables on, outside reaches the published port', from: 'outsider', to: 'docker2', port: 8080, expect: 'connected' },
    {
      name: 'with iptables false, outside no longer reaches the published port',
      deviations: [
        {
          on: ['20.10', '26.1', '28.5'],
          observed: 'connected',
          reason:
            'docker-proxy, the userland proxy, still answers published ports without any iptables rule; the service sees the bridge gateway (172.17.0.1) as its peer instead of the source',
        },
      ],
      from: 'outsider',
      to: 'docker1',
      port: 8080,
      expect: 'refused',
    },
    {
      name: 'control: with iptables on, a container reaches an outside machine',
      from: { container: 'web', on: 'docker2' },
      to: 'outsider',
      port: 9000,
      expect: 'connected',
    },
    // No rule drops it: without Docker's MASQUERADE the packets leave with the container's own
    // address (172.17.0.2), which the outside machine has no route back to. docker1 traces no drop and
    // no Docker host is at the destination, so the harness gives no firewall verdict: an error.
    {
      name: 'with iptables false, a container no longer reaches an outside machine',
      from: { container: 'web', on: 'docker1' },
      to: 'outsider',
      port: 9000,
      expect: 'error',
    },
  ],
  checks: [
    {
      name: 'control: with iptables on, Docker has rules',
      on: 'docker2',
      run: 'iptables-save',
      expect: { matches: ['^:DOCKER ', '^:DOCKER-USER ', '-j MASQUERADE'] },
    },
    {
      name: 'with iptables false, Docker created no iptables rule',
      on: 'docker1',
      run: 'iptables-save',
      expect: { notMatches: ['DOCKER', 'docker0', '172\\.17\\.', 'MASQUERADE', 'DNAT'] },
    },
    {
      name: 'with iptables false, Docker left the FORWARD policy alone',
      on: 'docker1',
      run: 'iptables -S FORWARD',
      expect: { matches: ['^-P FORWARD ACCEPT$'] },
    },
    // Why the container's unmasqueraded packets get no answer (the flow above): `ip route get` fails with
    // "Network is unreachable", exit 2.
    { name: "the outside machine has no route back to a container's own address", on: 'outsider', run: 'ip route get 172.17.0.2', expect: { exitCode: 2 } },
  ],
});
