import { defineScenario } from '../../harness/index.ts';

// firewall-iptables.md (docker/docs 18e570f6dcf74b2a46167c74c02636caf9da0b41), section "Docker and
// iptables chains": in the filter table Docker creates DOCKER-USER, DOCKER-FORWARD, DOCKER,
// DOCKER-BRIDGE, DOCKER-INTERNAL, DOCKER-CT and DOCKER-INGRESS, and FORWARD jumps unconditionally to
// DOCKER-USER, DOCKER-FORWARD and DOCKER-INGRESS (the layout of 28.0 on).
// Which chains exist is not traffic, so these are checks; a host with one published port and an
// internal network (the kind DOCKER-INTERNAL is for).
export default defineScenario({
  name: 'filter-chains-since-28',
  description: "Docker's filter chains from 28.0 on, and FORWARD's unconditional jumps to DOCKER-USER, DOCKER-FORWARD and DOCKER-INGRESS, in that order.",
  claims: ['C31'],
  page: 'firewall-iptables.md',
  tags: ['chains'],
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: { docker1: { interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } } } },
  sources: { outsider: { interfaces: { eth0: { network: 'lan', address: '192.168.1.50' } } } },
  steps: [
    { kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'] },
    { kind: 'network', title: 'an internal network', host: 'docker1', name: 'intnet', internal: true },
  ],
  flows: [{ name: 'the published port answers', from: 'outsider', to: 'docker1', port: 8080, expect: 'connected' }],
  checks: [
    {
      name: 'the filter table has DOCKER-USER, DOCKER-FORWARD, DOCKER, DOCKER-BRIDGE and DOCKER-CT',
      on: 'docker1',
      run: 'iptables -t filter -S',
      expect: { matches: ['^-N DOCKER-USER$', '^-N DOCKER-FORWARD$', '^-N DOCKER$', '^-N DOCKER-BRIDGE$', '^-N DOCKER-CT$'] },
    },
    {
      name: 'with an internal network, the filter table has DOCKER-INTERNAL',
      on: 'docker1',
      run: 'iptables -t filter -S',
      expect: { matches: ['^-N DOCKER-INTERNAL$'] },
      deviations: [
        {
          on: ['28.5'],
          observed: 'fail',
          reason:
            'Docker 28.5 creates no DOCKER-INTERNAL chain, even for an internal network: it isolates the internal network with DROP rules in DOCKER-ISOLATION-STAGE-1, a chain it still creates with DOCKER-ISOLATION-STAGE-2 though this page no longer lists them',
        },
      ],
    },
    {
      name: 'the filter table has DOCKER-INGRESS',
      on: 'docker1',
      run: 'iptables -t filter -S',
      expect: { matches: ['^-N DOCKER-INGRESS$'] },
      deviations: [
        {
          on: ['28.5'],
          observed: 'fail',
          reason:
            "absent on a host that is not in swarm mode: the page names DOCKER-INGRESS as Swarm's, and Docker creates it, with FORWARD's jump to it, when it sets up swarm's ingress network (not tried here: the ingress network needs IPVS, which the machine's kernel lacks)",
        },
      ],
    },
    {
      name: 'FORWARD jumps to DOCKER-USER, then DOCKER-FORWARD, unconditionally',
      on: 'docker1',
      run: 'iptables -t filter -S FORWARD',
      expect: { matches: ['^-A FORWARD -j DOCKER-USER\\n-A FORWARD -j DOCKER-FORWARD$'] },
    },
    {
      name: 'FORWARD jumps to DOCKER-INGRESS unconditionally',
      on: 'docker1',
      run: 'iptables -t filter -S FORWARD',
      expect: { matches: ['^-A FORWARD -j DOCKER-INGRESS$'] },
      deviations: [
        {
          on: ['28.5'],
          observed: 'fail',
          reason:
            "absent on a host that is not in swarm mode: the page names DOCKER-INGRESS as Swarm's, and Docker creates it, with FORWARD's jump to it, when it sets up swarm's ingress network (not tried here: the ingress network needs IPVS, which the machine's kernel lacks)",
        },
      ],
    },
  ],
});
