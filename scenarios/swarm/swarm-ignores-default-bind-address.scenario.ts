import { defineScenario } from '../../harness/index.ts';

// "Changing the default bind address doesn't have any effect on Swarm services. Swarm services are
// always exposed on the 0.0.0.0 network interface."
export default defineScenario({
  name: 'swarm-ignores-default-bind-address',
  description: 'With "ip": "127.0.0.1" in daemon.json, a swarm service\'s published port still answers an outside source.',
  claims: ['C18'],
  page: 'packet-filtering-firewalls.md',
  tags: ['swarm', 'bind-address'],
  // Swarm's ingress routing mesh is IPVS; a Docker-in-Docker host has only the machine's kernel.
  requires: { kernel: ['ipvs'] },
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: { docker1: { daemon: { config: { ip: '127.0.0.1' } }, interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } } } },
  sources: { outsider: { interfaces: { eth0: { network: 'lan', address: '192.168.1.50' } } } },
  steps: [
    { kind: 'service', host: 'docker1', name: 'plain', publish: ['8081:80'] },
    { kind: 'command', on: 'docker1', run: 'docker swarm init --advertise-addr 192.168.1.10' },
    {
      kind: 'command',
      on: 'docker1',
      run: 'docker service create --detach=false --quiet --no-resolve-image --name web --publish published=8080,target=80 harness-service:netprobe 80/tcp',
    },
  ],
  flows: [
    { name: 'control: a plain container follows the default bind address', from: 'outsider', to: 'docker1', port: 8081, expect: 'refused' },
    { name: 'the swarm service is published on every address', from: 'outsider', to: 'docker1', port: 8080, expect: 'connected' },
  ],
});
