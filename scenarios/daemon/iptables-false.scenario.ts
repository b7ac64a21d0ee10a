import { defineScenario } from '../../harness/index.ts';

// "It is possible to set the iptables key to false in the Docker engine's configuration file at
// /etc/docker/daemon.json ... Setting iptables to false will more than likely break container
// networking for the Docker engine." (section "Prevent Docker from manipulating iptables")
// docker1 has "iptables": false from its first start, so no earlier Docker rule can linger; docker2,
// with the default, is the control for every check and flow.
const egress = `docker exec web /netprobe probe tcp 192.168.1.50 9000 1500`;

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
    { kind: 'command', on: 'outsider', run: 'nohup netprobe serve 9000/tcp >/dev/null 2>&1 &' },
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
    { name: 'control: with iptables on, a container reaches an outside machine', on: 'docker2', run: egress, expect: { matches: ['"outcome":"connected"'] } },
    {
      name: 'with iptables false, a container no longer reaches an outside machine',
      on: 'docker1',
      run: egress,
      expect: { notMatches: ['"outcome":"connected"'] },
    },
  ],
});
