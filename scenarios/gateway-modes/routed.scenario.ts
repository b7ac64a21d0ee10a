import { defineScenario } from '../../harness/index.ts';

// port-publishing.md (docker/docs@5d50b04e), "Gateway modes", mode routed: no NAT and no masquerade,
// firewall rules still open only the published container ports; remote hosts route to the container's
// address; the service sees the remote's own address, and the container's outgoing packets carry the
// container's address. The remote has a route for the container network via the Docker host, as the
// page says a host on the local layer-2 network can set up. The container is the network's first,
// so its address is 172.30.0.2 (the egress flow's peer).
export default defineScenario({
  name: 'gateway-mode-routed',
  description:
    "In routed mode a remote host with a route to the container network reaches the published container port at the container's address and sees its own address kept; the unpublished port is closed, nothing is mapped on the host's address, and the container's egress keeps the container's address.",
  claims: ['C43'],
  page: 'port-publishing.md',
  tags: ['gateway-modes', 'direct-routing'],
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: { docker1: { interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } } } },
  sources: { remote: { interfaces: { eth0: { network: 'lan', address: '192.168.1.50' } }, routes: [{ to: '172.30.0.0/24', via: '192.168.1.10' }] } },
  steps: [
    { kind: 'listen', on: 'remote', ports: ['9000/tcp'] },
    { kind: 'network', host: 'docker1', name: 'routednet', subnet: '172.30.0.0/24', options: { 'com.docker.network.bridge.gateway_mode_ipv4': 'routed' } },
    { kind: 'service', host: 'docker1', name: 'web', network: 'routednet', publish: ['80'], listen: ['80/tcp', '81/tcp'] },
  ],
  flows: [
    // The service sees the remote's own address (no NAT).
    {
      name: 'published container port 80 at the container address',
      from: 'remote',
      to: { container: 'web', on: 'docker1' },
      port: 80,
      expect: 'connected',
      peer: '192.168.1.50',
    },
    { name: 'unpublished container port 81 at the container address', from: 'remote', to: { container: 'web', on: 'docker1' }, port: 81, expect: 'dropped' },
    { name: "nothing mapped on the host's address, port 80", from: 'remote', to: 'docker1', port: 80, expect: 'refused' },
    // It arrives with the container's address (no masquerade).
    {
      name: "the container's egress reaches the remote",
      from: { container: 'web', on: 'docker1' },
      to: 'remote',
      port: 9000,
      expect: 'connected',
      peer: '172.30.0.2',
    },
  ],
});
