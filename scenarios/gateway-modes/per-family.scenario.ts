import { defineScenario } from '../../harness/index.ts';

// port-publishing.md (docker/docs@5d50b04e), "Gateway modes" example: a dual-stack network with
// gateway_mode_ipv6=routed and IPv4 left nat; -p 8080:80 then maps IPv4 through the host's port 8080
// and opens container port 80 over IPv6 at the container's address, with nothing on the host's IPv6
// port 8080; container port 80 is not reachable directly over IPv4 from outside.
export default defineScenario({
  name: 'gateway-mode-per-family',
  description:
    "With gateway_mode_ipv6=routed and IPv4 nat, -p 8080:80 answers on the host's IPv4 port 8080 and on the container's IPv6 address port 80, not on the host's IPv6 port 8080 nor directly on the container's IPv4 address.",
  claims: ['C47'],
  page: 'port-publishing.md',
  tags: ['gateway-modes', 'ipv6', 'direct-routing'],
  requires: { kernel: ['ipv6'] },
  networks: { lan: { subnet: '192.168.1.0/24', subnet6: 'fd00:1::/64' } },
  hosts: { docker1: { interfaces: { eth0: { network: 'lan', address: '192.168.1.10', address6: 'fd00:1::10' } } } },
  sources: { remote: { interfaces: { eth0: { network: 'lan', address: '192.168.1.50', address6: 'fd00:1::50' } } } },
  steps: [
    {
      kind: 'network',
      title: 'mynet, dual-stack, with gateway_mode_ipv6=routed',
      host: 'docker1',
      name: 'mynet',
      subnet: '172.30.0.0/24',
      ipv6: true,
      subnet6: 'fd00:30::/64',
      options: { 'com.docker.network.bridge.gateway_mode_ipv6': 'routed' },
    },
    { kind: 'service', host: 'docker1', name: 'web', network: 'mynet', publish: ['8080:80'], listen: ['80/tcp', '81/tcp'] },
  ],
  flows: [
    { name: "IPv4 (nat): the host's port 8080", from: 'remote', to: 'docker1', port: 8080, expect: 'connected' },
    { name: 'IPv4 (nat): container port 80 directly', from: 'remote', to: { container: 'web', on: 'docker1' }, via: 'docker1', port: 80, expect: 'dropped' },
    { name: 'IPv6 (routed): container port 80 directly', from: 'remote', to: { container: 'web', on: 'docker1' }, via: 'docker1', family: 'ipv6', port: 80, expect: 'connected' },
    { name: 'IPv6 (routed): unpublished container port 81 directly', from: 'remote', to: { container: 'web', on: 'docker1' }, via: 'docker1', family: 'ipv6', port: 81, expect: 'dropped' },
    { name: "IPv6 (routed): nothing on the host's port 8080", from: 'remote', to: 'docker1', family: 'ipv6', port: 8080, expect: 'refused' },
  ],
  checks: [
    {
      name: 'inspect shows no host port for the IPv6 mapping',
      on: 'docker1',
      run: "docker container inspect web --format '{{json .NetworkSettings.Ports}}'",
      expect: { matches: ['"HostIp":"0\\.0\\.0\\.0","HostPort":"8080"', '"HostIp":"::","HostPort":""'] },
    },
  ],
});
