import { defineScenario } from '../../harness/index.ts';

// The users' question: does a rule in DOCKER-USER outlive a restart of dockerd? dockerd creates the
// chain when missing but leaves the user's rules in it, so the allow-list keeps holding.
export default defineScenario({
  name: 'docker-user-survives-daemon-restart',
  description: 'A DOCKER-USER allow-list admitting one source to a published port, before and after dockerd restarts.',
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
      flows: [
        { name: 'before the restart: the allowed source connects', from: 'allowed', to: 'docker1', port: 8080, expect: 'connected' },
        { name: 'before the restart: another source is dropped', from: 'other', to: 'docker1', port: 8080, expect: 'dropped' },
      ],
    },
    { kind: 'daemon', host: 'docker1', action: 'restart' },
  ],
  flows: [
    { name: 'after the restart: the allowed source connects', from: 'allowed', to: 'docker1', port: 8080, expect: 'connected' },
    { name: 'after the restart: another source is still dropped', from: 'other', to: 'docker1', port: 8080, expect: 'dropped' },
  ],
});
