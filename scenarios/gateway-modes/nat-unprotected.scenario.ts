import { defineScenario } from '../../harness/index.ts';

// port-publishing.md (docker/docs@5d50b04e), "Gateway modes", mode nat-unprotected: no port filtering,
// so a remote host routing the container's address via the Docker host reaches its unpublished ports
// as well as its published ones.
export default defineScenario({
  name: 'gateway-mode-nat-unprotected',
  description:
    "In nat-unprotected mode a remote host routing a container's address via the Docker host reaches both its published and its unpublished port there.",
  claims: ['C42'],
  page: 'port-publishing.md',
  tags: ['gateway-modes', 'direct-routing'],
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: { docker1: { interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } } } },
  sources: { remote: { interfaces: { eth0: { network: 'lan', address: '192.168.1.50' } } } },
  steps: [
    {
      kind: 'network',
      host: 'docker1',
      name: 'unprot',
      subnet: '172.30.0.0/24',
      options: { 'com.docker.network.bridge.gateway_mode_ipv4': 'nat-unprotected' },
    },
    { kind: 'service', host: 'docker1', name: 'web', network: 'unprot', publish: ['8080:80'], listen: ['80/tcp', '81/tcp'] },
  ],
  flows: [
    { name: "the published port on the host's address", from: 'remote', to: 'docker1', port: 8080, expect: 'connected' },
    { name: 'published container port 80 at the container address', from: 'remote', to: { container: 'web', on: 'docker1' }, via: 'docker1', port: 80, expect: 'connected' },
    { name: 'unpublished container port 81 at the container address', from: 'remote', to: { container: 'web', on: 'docker1' }, via: 'docker1', port: 81, expect: 'connected' },
  ],
});
