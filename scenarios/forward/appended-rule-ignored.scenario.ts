import { defineScenario } from '../../harness/index.ts';

// "Other rules added to the FORWARD chain, either manually, or by another iptables-based firewall, are
// evaluated after the DOCKER-USER and DOCKER chains. This means that if you publish a port through
// Docker, this port gets published no matter what rules your firewall has configured."
export default defineScenario({
  name: 'forward-appended-rule',
  description:
    "A DROP appended to FORWARD for the container port does not stop a published port. Control: the same DROP inserted at the very top of FORWARD, before Docker's jumps, does stop a second published port.",
  claims: ['C02'],
  page: 'packet-filtering-firewalls.md',
  tags: ['forward'],
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: { docker1: { interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } } } },
  sources: { outsider: { interfaces: { eth0: { network: 'lan', address: '192.168.1.50' } } } },
  steps: [
    { kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'] },
    { kind: 'service', host: 'docker1', name: 'web2', publish: ['8081:81'] },
    {
      kind: 'flows',
      flows: [
        { name: 'before any rule, 8080 connects', from: 'outsider', to: 'docker1', port: 8080, expect: 'connected' },
        { name: 'before any rule, 8081 connects', from: 'outsider', to: 'docker1', port: 8081, expect: 'connected' },
      ],
    },
    // What a user or another iptables firewall does: append to FORWARD (container port, as seen in FORWARD after DNAT).
    { kind: 'iptables', host: 'docker1', rule: '-A FORWARD -p tcp --dport 80 -j DROP' },
    // Control, not the page's claim: a rule at position 1 of FORWARD is evaluated before Docker's jumps.
    { kind: 'iptables', host: 'docker1', rule: '-I FORWARD 1 -p tcp --dport 81 -j DROP' },
  ],
  flows: [
    { name: 'a DROP appended to FORWARD does not stop the published port', from: 'outsider', to: 'docker1', port: 8080, expect: 'connected' },
    {
      name: "control: a DROP inserted at the top of FORWARD, before Docker's jumps, stops the other published port",
      from: 'outsider',
      to: 'docker1',
      port: 8081,
      expect: 'dropped',
    },
  ],
  checks: [
    {
      name: "the appended DROP sits after Docker's jumps to DOCKER-USER and DOCKER",
      on: 'docker1',
      run: 'iptables -S FORWARD',
      // Docker 28 reaches DOCKER through its DOCKER-FORWARD chain; either is Docker's own jump.
      expect: {
        matches: ['^-A FORWARD -j DOCKER-USER$[\\s\\S]*^-A FORWARD (?:-o \\S+ )?-j DOCKER(?:-FORWARD)?$[\\s\\S]*^-A FORWARD -p tcp -m tcp --dport 80 -j DROP$'],
      },
    },
  ],
});
