import { defineScenario } from '../../harness/index.ts';

// The users' question: does `ufw reload` wipe what Docker and the user put in iptables? ufw restores
// only its own chains, so a DOCKER-USER allow-list and Docker's own rules for the published port should
// both outlive it.
export default defineScenario({
  name: 'ufw-reload-keeps-docker-user',
  description: 'With ufw enabled, a DOCKER-USER allow-list admitting one source to a published port, before and after ufw reload.',
  tags: ['regression', 'ufw', 'docker-user'],
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: { docker1: { interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } } } },
  sources: {
    allowed: { interfaces: { eth0: { network: 'lan', address: '192.168.1.1' } } },
    other: { interfaces: { eth0: { network: 'lan', address: '192.168.1.2' } } },
  },
  steps: [
    { kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'] },
    { kind: 'ufw', host: 'docker1', commands: ['default deny incoming', 'default allow outgoing', '--force enable'], notDecisive: 'ufw never sees published-port traffic (C22); it is here for its reload' },
    { kind: 'docker-user', host: 'docker1', rule: '-i eth0 ! -s 192.168.1.1 -j DROP' },
    {
      kind: 'flows',
      flows: [
        { name: 'before the reload: the allowed source connects', from: 'allowed', to: 'docker1', port: 8080, expect: 'connected' },
        { name: 'before the reload: another source is dropped', from: 'other', to: 'docker1', port: 8080, expect: 'dropped' },
      ],
    },
    { kind: 'ufw', host: 'docker1', commands: ['reload'] },
  ],
  flows: [
    { name: 'after the reload: the allowed source connects', from: 'allowed', to: 'docker1', port: 8080, expect: 'connected' },
    { name: 'after the reload: another source is still dropped', from: 'other', to: 'docker1', port: 8080, expect: 'dropped' },
  ],
});
