import { defineScenario } from '../../harness/index.ts';

// The users' question: an iptables service (netfilter-persistent and the like) restarts and loads a
// ruleset that replaces the filter and nat tables; what is left, and does a dockerd restart bring it
// back? Here the ruleset loaded is an empty one (policy/empty-filter-nat.rules). With the tables gone the published port is still
// answered, by the userland proxy listening on the host; the DOCKER-USER allow-list is gone. dockerd's
// restart puts its own rules back, not the user's.
export default defineScenario({
  name: 'flushed-ruleset-restored',
  description:
    "iptables-restore of empty filter and nat tables, then a dockerd restart: Docker's rules come back, the user's DOCKER-USER rule does not.",
  tags: ['regression', 'docker-user', 'daemon'],
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: { docker1: { interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } } } },
  sources: {
    allowed: { interfaces: { eth0: { network: 'lan', address: '192.168.1.1' } } },
    other: { interfaces: { eth0: { network: 'lan', address: '192.168.1.2' } } },
  },
  steps: [
    { kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'] },
    { kind: 'docker-user', host: 'docker1', rule: '-i eth0 ! -s 192.168.1.1 -j DROP' },
    {
      kind: 'flows',
      flows: [{ name: 'before the flush: another source is dropped', from: 'other', to: 'docker1', port: 8080, expect: 'dropped' }],
    },
    {
      kind: 'policy-files',
      title: 'an iptables service loads empty filter and nat tables',
      host: 'docker1',
      policy: { format: 'iptables', file: 'policy/empty-filter-nat.rules' },
    },
    {
      kind: 'flows',
      flows: [
        { name: 'flushed: another source connects (the userland proxy answers)', from: 'other', to: 'docker1', port: 8080, expect: 'connected' },
      ],
    },
    { kind: 'daemon', host: 'docker1', action: 'restart' },
  ],
  flows: [
    { name: 'after the dockerd restart: the allowed source connects', from: 'allowed', to: 'docker1', port: 8080, expect: 'connected' },
    { name: "after the dockerd restart: another source connects (the user's rule is not restored)", from: 'other', to: 'docker1', port: 8080, expect: 'connected' },
  ],
  checks: [
    { name: "dockerd restored its DNAT for the published port", on: 'docker1', run: 'iptables -t nat -S DOCKER', expect: { matches: ['--dport 8080 -j DNAT'] } },
    { name: "the user's DROP is not in DOCKER-USER", on: 'docker1', run: 'iptables -S DOCKER-USER', expect: { notMatches: ['192\\.168\\.1\\.1'] } },
  ],
});
