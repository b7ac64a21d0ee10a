import { defineScenario } from '../../harness/index.ts';

// packet-filtering-firewalls.md (docker/docs 0e77409f23a3d1012b746db17a00edaf3d95972a), section
// "Integration with firewalld": Docker creates a firewalld policy `docker-forwarding` that allows
// forwarding from any zone to the `docker` zone (since 27.0).
// The outside machine's connection to a published port is forwarded from eth0 (firewalld's default
// zone) to docker0 (zone docker): that is the forwarding the policy allows.
export default defineScenario({
  name: 'firewalld-docker-forwarding-policy',
  description:
    'With firewalld, Docker creates the policy docker-forwarding from ANY zone to docker with target ACCEPT, and a published port is forwarded from the default zone.',
  claims: ['C29'],
  page: 'packet-filtering-firewalls.md',
  tags: ['firewalld'],
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: { docker1: { firewalld: true, interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } } } },
  sources: { outsider: { interfaces: { eth0: { network: 'lan', address: '192.168.1.50' } } } },
  steps: [{ kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'] }],
  flows: [{ name: 'a published port is forwarded from the default zone to the docker zone', from: 'outsider', to: 'docker1', port: 8080, expect: 'connected' }],
  checks: [
    { name: 'a policy docker-forwarding exists', on: 'docker1', run: 'firewall-cmd --get-policies', expect: { matches: ['(^|\\s)docker-forwarding(\\s|$)'] } },
    {
      name: 'docker-forwarding goes from ANY zone to docker with target ACCEPT',
      on: 'docker1',
      run: 'firewall-cmd --info-policy=docker-forwarding',
      expect: { matches: ['^\\s*ingress-zones: ANY$', '^\\s*egress-zones: docker$', '^\\s*target: ACCEPT$'] },
    },
  ],
});
