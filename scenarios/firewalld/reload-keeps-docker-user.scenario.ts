import { defineScenario } from '../../harness/index.ts';

// The users' question of moby#35043: does a rule in DOCKER-USER outlive `firewall-cmd --reload`?
// The rule admits one source to the published port; after the reload the other source is probed again.
// As reported there, 20.10 loses the rule on a reload; later releases keep it.
export default defineScenario({
  name: 'firewalld-reload-keeps-docker-user',
  description: 'A DOCKER-USER allow-list admitting one source to a published port, before and after firewall-cmd --reload, with firewalld running.',
  tags: ['regression', 'firewalld', 'docker-user'],
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: { docker1: { firewalld: true, interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } } } },
  sources: {
    allowed: { interfaces: { eth0: { network: 'lan', address: '192.168.1.1' } } },
    other: { interfaces: { eth0: { network: 'lan', address: '192.168.1.2' } } },
  },
  steps: [
    { kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'] },
    { kind: 'docker-user', host: 'docker1', rule: '-i eth0 ! -s 192.168.1.1 -j DROP' },
    {
      kind: 'flows',
      flows: [
        { name: 'before the reload: the allowed source connects', from: 'allowed', to: 'docker1', port: 8080, expect: 'connected' },
        { name: 'before the reload: another source is dropped', from: 'other', to: 'docker1', port: 8080, expect: 'dropped' },
      ],
    },
    { kind: 'firewalld', host: 'docker1', commands: ['--reload'] },
  ],
  flows: [
    { name: 'after the reload: the allowed source connects', from: 'allowed', to: 'docker1', port: 8080, expect: 'connected' },
    { name: 'after the reload: another source is still dropped', from: 'other', to: 'docker1', port: 8080, expect: { default: 'dropped', '20.10': 'connected' } },
  ],
});
