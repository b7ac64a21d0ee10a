import { defineScenario } from '../../harness/index.ts';

// port-publishing.md (docker/docs@5d50b04e), "Direct routing to containers in bridge networks": by
// default a remote host that routes a container's address via the Docker host cannot reach the
// container there; it reaches only what is published on the host's addresses. Here on a user-defined
// bridge (scenarios/direct-routing/open-ports covers the default bridge, with its truth before 28).
export default defineScenario({
  name: 'direct-routing-blocked-by-default',
  description:
    "A remote host routing a user-defined bridge's container address via the Docker host reaches neither its published nor its unpublished port there, while the port published on the host's address answers.",
  claims: ['C38'],
  page: 'port-publishing.md',
  tags: ['direct-routing'],
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: { docker1: { interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } } } },
  sources: { remote: { interfaces: { eth0: { network: 'lan', address: '192.168.1.50' } } } },
  steps: [
    { kind: 'network', host: 'docker1', name: 'appnet', subnet: '172.30.0.0/24' },
    { kind: 'service', host: 'docker1', name: 'web', network: 'appnet', publish: ['8080:80'], listen: ['80/tcp', '81/tcp'] },
  ],
  flows: [
    { name: "the published port on the host's address", from: 'remote', to: 'docker1', port: 8080, expect: 'connected' },
    { name: "the published container port 80 at the container's address", from: 'remote', to: { container: 'web', on: 'docker1' }, via: 'docker1', port: 80, expect: 'dropped' },
    { name: "the unpublished container port 81 at the container's address", from: 'remote', to: { container: 'web', on: 'docker1' }, via: 'docker1', port: 81, expect: 'dropped' },
  ],
});
