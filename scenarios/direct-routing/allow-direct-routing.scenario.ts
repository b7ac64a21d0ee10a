import { defineScenario } from '../../harness/index.ts';

// port-publishing.md (docker/docs@5d50b04e), "Direct routing to containers in bridge networks": the
// daemon option allow-direct-routing opens every published port of every container, on any Linux
// bridge network, to remote hosts at the container's own address. A port the container does not
// publish stays closed (the option is about published ports).
export default defineScenario({
  name: 'direct-routing-allowed',
  description:
    "With \"allow-direct-routing\": true, a remote host routing via the Docker host reaches published container ports at the containers' addresses, on the default bridge and a user-defined one; an unpublished port stays closed.",
  claims: ['C39'],
  page: 'port-publishing.md',
  tags: ['direct-routing', 'daemon'],
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: { docker1: { daemon: { config: { 'allow-direct-routing': true } }, interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } } } },
  sources: { remote: { interfaces: { eth0: { network: 'lan', address: '192.168.1.50' } } } },
  steps: [
    { kind: 'network', host: 'docker1', name: 'appnet', subnet: '172.30.0.0/24' },
    { kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'], listen: ['80/tcp', '81/tcp'] },
    { kind: 'service', host: 'docker1', name: 'app', network: 'appnet', publish: ['8081:80'] },
  ],
  flows: [
    { name: 'default bridge: published port 80 at the container address', from: 'remote', to: { container: 'web', on: 'docker1' }, via: 'docker1', port: 80, expect: 'connected' },
    { name: 'user bridge: published port 80 at the container address', from: 'remote', to: { container: 'app', on: 'docker1' }, via: 'docker1', port: 80, expect: 'connected' },
    { name: 'default bridge: unpublished port 81 at the container address', from: 'remote', to: { container: 'web', on: 'docker1' }, via: 'docker1', port: 81, expect: 'dropped' },
    { name: "control: the published port on the host's address", from: 'remote', to: 'docker1', port: 8080, expect: 'connected' },
  ],
});
