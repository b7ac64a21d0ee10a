import { defineScenario } from '../../harness/index.ts';

// "Docker installs two custom iptables chains named DOCKER-USER and DOCKER, and it ensures that
// incoming packets are always checked by these two chains first. These chains are part of the FORWARD chain."
export default defineScenario({
  name: 'docker-user-chains-first',
  description:
    'After dockerd starts, chains DOCKER-USER and DOCKER exist, FORWARD jumps to DOCKER-USER first and to DOCKER right after it, and an incoming flow to a published port is counted by both jumps.',
  claims: ['C01'],
  page: 'packet-filtering-firewalls.md',
  tags: ['docker-user', 'forward', 'chains'],
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: { docker1: { interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } } } },
  sources: { outsider: { interfaces: { eth0: { network: 'lan', address: '192.168.1.50' } } } },
  steps: [{ kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'] }],
  // The incoming flow runs before the checks, so the jump counters below have something to count.
  flows: [{ name: 'an incoming flow reaches the published port', from: 'outsider', to: 'docker1', port: 8080, expect: 'connected' }],
  checks: [
    {
      name: 'Docker created the chains DOCKER-USER and DOCKER in the filter table',
      on: 'docker1',
      run: 'iptables -S',
      expect: { matches: ['^-N DOCKER-USER$', '^-N DOCKER$'] },
    },
    {
      name: 'the first rule of FORWARD jumps to DOCKER-USER',
      on: 'docker1',
      run: 'iptables -S FORWARD',
      // -S prints the policy line first, then the rules in order.
      expect: { matches: ['^-P FORWARD \\w+\\n-A FORWARD -j DOCKER-USER$'] },
    },
    {
      name: 'the rule right after the DOCKER-USER jump jumps to DOCKER (the two chains come first)',
      deviations: [
        {
          on: ['20.10', '26.1'],
          observed: 'fail',
          reason:
            "FORWARD jumps to DOCKER-USER first, but DOCKER-ISOLATION-STAGE-1 and an ESTABLISHED,RELATED ACCEPT come before the jump to DOCKER, so only a connection's first packet is checked by DOCKER",
        },
        {
          on: ['28.5'],
          observed: 'fail',
          reason: 'Docker 28 rewrote its rules: FORWARD jumps to DOCKER-USER and then DOCKER-FORWARD, and DOCKER is reached only from inside DOCKER-FORWARD',
        },
      ],
      on: 'docker1',
      run: 'iptables -S FORWARD',
      expect: { matches: ['^-P FORWARD \\w+\\n-A FORWARD -j DOCKER-USER\\n-A FORWARD (?:-o \\S+ )?-j DOCKER$'] },
    },
    {
      name: 'the incoming flow went through the DOCKER-USER jump and the DOCKER jump of FORWARD',
      deviations: [
        {
          on: ['28.5'],
          observed: 'fail',
          reason: 'Docker 28 has no jump to DOCKER in FORWARD itself; the flow passes DOCKER-USER, then DOCKER-FORWARD, which jumps to DOCKER',
        },
      ],
      on: 'docker1',
      run: 'iptables -L FORWARD -v -n -x',
      // Columns: pkts bytes target ...; a packet count of at least 1 on each jump.
      expect: { matches: ['^\\s*[1-9]\\d*\\s+\\d+\\s+DOCKER-USER\\s', '^\\s*[1-9]\\d*\\s+\\d+\\s+DOCKER\\s'] },
    },
  ],
});
