import { defineScenario } from '../../harness/index.ts';

// port-publishing.md (docker/docs@5d50b04e), "Gateway modes": in routed mode the host port of a -p
// mapping is not used and its host address only picks the family; a specific address or port has no
// effect on the published port, and the daemon logs a warning about it.
// Observed on 28.5.2: both messages are logged at level=info, not as warnings (a deviation).
export default defineScenario({
  name: 'gateway-mode-routed-host-port',
  description:
    "In routed mode -p 192.168.1.10:8080:80 opens container port 80 at the container's address and maps nothing on 192.168.1.10:8080; dockerd logs a warning that the address was not used.",
  claims: ['C44'],
  page: 'port-publishing.md',
  tags: ['gateway-modes', 'direct-routing', 'bind-address'],
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: { docker1: { interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } } } },
  sources: { remote: { interfaces: { eth0: { network: 'lan', address: '192.168.1.50' } }, routes: [{ to: '172.30.0.0/24', via: '192.168.1.10' }] } },
  steps: [
    { kind: 'network', host: 'docker1', name: 'routednet', subnet: '172.30.0.0/24', options: { 'com.docker.network.bridge.gateway_mode_ipv4': 'routed' } },
    { kind: 'service', host: 'docker1', name: 'web', network: 'routednet', publish: ['192.168.1.10:8080:80'], listen: ['80/tcp', '81/tcp'] },
  ],
  flows: [
    { name: 'container port 80 at the container address is open', from: 'remote', to: { container: 'web', on: 'docker1' }, port: 80, expect: 'connected' },
    { name: 'control: container port 81 (not in -p) is closed', from: 'remote', to: { container: 'web', on: 'docker1' }, port: 81, expect: 'dropped' },
    { name: 'the host port 8080 on 192.168.1.10 is not mapped', from: 'remote', to: 'docker1', port: 8080, expect: 'refused' },
  ],
  checks: [
    {
      name: 'dockerd logs that the given address and host port are not used',
      on: 'docker1',
      run: 'cat /var/log/dockerd.log',
      expect: { matches: ['Using address 0\\.0\\.0\\.0 because NAT is disabled', 'Host port ignored, because NAT is disabled'] },
    },
    {
      name: 'dockerd logs it as a warning',
      on: 'docker1',
      run: 'cat /var/log/dockerd.log',
      expect: { matches: ['level=warn\\w*.*NAT is disabled'] },
      deviations: [
        {
          on: ['28.5'],
          observed: 'fail',
          reason:
            'Docker 28.5.2 logs both messages ("Using address 0.0.0.0 because NAT is disabled", "Host port ignored, because NAT is disabled") at level=info, not as warnings (final dockerd.log of the run)',
        },
      ],
    },
  ],
});
