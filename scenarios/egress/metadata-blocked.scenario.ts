import { defineScenario } from '../../harness/index.ts';

// The operator's story "containers must not reach the metadata service at 169.254.169.254", written
// as the DOCKER-USER rule an operator adds: `-i docker0 -d 169.254.169.254 -j DROP`. The address is an
// outside source's own, on a network of its own the Docker host is attached to. Egress to it is
// dropped, egress elsewhere still connects; and since DOCKER-USER sees every forwarded packet, the
// replies of an inbound connection from that address to a published port are egress too: the DROP
// breaks them until an ESTABLISHED,RELATED accept goes above it.
export default defineScenario({
  name: 'egress-metadata-blocked',
  description:
    'A DOCKER-USER DROP for 169.254.169.254 on docker0 stops containers reaching it while other egress connects; it also drops the replies of inbound connections from that address, until an ESTABLISHED,RELATED accept is inserted above it.',
  tags: ['egress', 'docker-user', 'conntrack'],
  networks: { lan: { subnet: '192.168.1.0/24' }, meta: { subnet: '169.254.169.0/24' } },
  hosts: {
    docker1: {
      interfaces: { eth0: { network: 'lan', address: '192.168.1.10' }, eth1: { network: 'meta', address: '169.254.169.1' } },
    },
  },
  sources: {
    outsider: { interfaces: { eth0: { network: 'lan', address: '192.168.1.50' } } },
    metadata: { interfaces: { eth0: { network: 'meta', address: '169.254.169.254' } } },
  },
  steps: [
    { kind: 'listen', on: 'outsider', ports: ['9000/tcp'] },
    { kind: 'listen', on: 'metadata', ports: ['80/tcp'] },
    { kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'] },
    {
      kind: 'flows',
      flows: [
        {
          name: 'before any rule, the container reaches the metadata address',
          from: { container: 'web', on: 'docker1' },
          to: 'metadata',
          port: 80,
          expect: 'connected',
        },
        {
          name: 'before any rule, the container reaches another outside machine',
          from: { container: 'web', on: 'docker1' },
          to: 'outsider',
          port: 9000,
          expect: 'connected',
        },
        {
          name: 'before any rule, the metadata address connects to the published port',
          from: 'metadata',
          to: '169.254.169.1',
          port: 8080,
          expect: 'connected',
        },
      ],
    },
    { kind: 'docker-user', host: 'docker1', rule: '-i docker0 -d 169.254.169.254 -j DROP' },
    {
      kind: 'flows',
      flows: [
        {
          name: 'with the DROP, egress to the metadata address is dropped',
          from: { container: 'web', on: 'docker1' },
          to: 'metadata',
          port: 80,
          expect: 'dropped',
        },
        {
          name: 'with the DROP, egress to another outside machine connects',
          from: { container: 'web', on: 'docker1' },
          to: 'outsider',
          port: 9000,
          expect: 'connected',
        },
        {
          name: 'with the DROP, another outside machine still connects to the published port',
          from: 'outsider',
          to: 'docker1',
          port: 8080,
          expect: 'connected',
        },
        {
          name: 'with the DROP, the replies to an inbound connection from the metadata address are dropped',
          from: 'metadata',
          to: '169.254.169.1',
          port: 8080,
          expect: 'dropped',
        },
      ],
    },
    // Inserted at the top, above the DROP.
    { kind: 'docker-user', host: 'docker1', rule: '-m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT' },
    {
      kind: 'flows',
      flows: [
        {
          name: 'with the ESTABLISHED accept above, egress to the metadata address is still dropped',
          from: { container: 'web', on: 'docker1' },
          to: 'metadata',
          port: 80,
          expect: 'dropped',
        },
        {
          name: 'with the ESTABLISHED accept above, egress to another outside machine connects',
          from: { container: 'web', on: 'docker1' },
          to: 'outsider',
          port: 9000,
          expect: 'connected',
        },
        {
          name: 'with the ESTABLISHED accept above, the metadata address connects to the published port',
          from: 'metadata',
          to: '169.254.169.1',
          port: 8080,
          expect: 'connected',
        },
      ],
    },
  ],
});
