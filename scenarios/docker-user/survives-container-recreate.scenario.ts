import { defineScenario } from '../../harness/index.ts';

// The users' question: does a DOCKER-USER allow-list still hold once the container behind the published
// port is re-created with another address? The rule names the interface and the source, not the
// container, so it should. A filler container takes the freed first address, so the new one gets 172.17.0.3.
export default defineScenario({
  name: 'docker-user-survives-recreate',
  description: 'A DOCKER-USER allow-list admitting one source to a published port, before and after the container is re-created at a new address.',
  tags: ['regression', 'docker-user'],
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
        { name: 'first container: the allowed source connects', from: 'allowed', to: 'docker1', port: 8080, expect: 'connected' },
        { name: 'first container: another source is dropped', from: 'other', to: 'docker1', port: 8080, expect: 'dropped' },
      ],
    },
    { kind: 'remove-service', host: 'docker1', name: 'web' },
    { kind: 'service', host: 'docker1', name: 'filler', listen: ['90/tcp'] },
    { kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'] },
  ],
  flows: [
    { name: 're-created container: the allowed source connects', from: 'allowed', to: 'docker1', port: 8080, expect: 'connected' },
    { name: 're-created container: another source is still dropped', from: 'other', to: 'docker1', port: 8080, expect: 'dropped' },
  ],
  checks: [
    {
      name: 'the re-created container has a new address',
      on: 'docker1',
      run: "docker inspect --format '{{.NetworkSettings.IPAddress}}' web",
      expect: { matches: ['^172\\.17\\.0\\.3$'] },
    },
  ],
});
