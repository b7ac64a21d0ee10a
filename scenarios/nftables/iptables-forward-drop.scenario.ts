import { defineScenario } from '../../harness/index.ts';

// firewall-nftables.md (docker/docs@26932bbd71ec30cb4bae7dff99147b85bcc65fd3), "FORWARD policy in
// iptables": a packet Docker's nftables rules accept is still seen by iptables' FORWARD chain, so a
// DROP policy there (left by Docker's iptables backend before a migration, or set by the host's own
// firewall) drops it, and port publishing does not work until the policy is ACCEPT again.
// The DROP policy is set before dockerd starts, as a host migrated from the iptables backend would
// have it; dockerd then starts with the nftables backend. Docker 29.0 and later.
export default defineScenario({
  name: 'nftables-iptables-forward-drop',
  description: "Under the nftables backend, an iptables FORWARD policy of DROP left on the host drops a published port's traffic that Docker's nftables rules accept; with the policy ACCEPT it connects.",
  claims: ['C51'],
  page: 'firewall-nftables.md',
  tags: ['nftables', 'forward'],
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: {
    docker1: {
      ipForward: true,
      daemon: { start: false, config: { 'firewall-backend': 'nftables' } },
      interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } },
    },
  },
  sources: { outsider: { interfaces: { eth0: { network: 'lan', address: '192.168.1.50' } } } },
  steps: [
    { kind: 'iptables', title: 'a FORWARD policy of DROP left from before the migration', host: 'docker1', rule: '-P FORWARD DROP' },
    { kind: 'daemon', host: 'docker1', action: 'start' },
    {
      kind: 'check',
      check: { name: 'dockerd with the nftables backend leaves the FORWARD policy at DROP', on: 'docker1', run: 'iptables -S FORWARD', expect: { matches: ['^-P FORWARD DROP$'] } },
    },
    { kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'] },
    { kind: 'flows', flows: [{ name: 'with the FORWARD policy DROP: the published port is dropped', from: 'outsider', to: 'docker1', port: 8080, expect: 'dropped' }] },
    { kind: 'iptables', title: 'the FORWARD policy back to ACCEPT', host: 'docker1', rule: '-P FORWARD ACCEPT' },
  ],
  flows: [{ name: 'with the FORWARD policy ACCEPT: the published port connects', from: 'outsider', to: 'docker1', port: 8080, expect: 'connected' }],
});
