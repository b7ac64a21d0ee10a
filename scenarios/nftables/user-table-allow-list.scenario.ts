import { defineScenario } from '../../harness/index.ts';

// firewall-nftables.md (docker/docs@26932bbd71ec30cb4bae7dff99147b85bcc65fd3), "Replacing DOCKER-USER
// with an nftables table" and its example on restricting external connections to containers: instead
// of DOCKER-USER, the user keeps a table of their own with a filter base chain on the forward hook at
// filter priority, dropping what comes in on the external interface from any address but the allowed
// one; published ports then answer only that address.
// The user's table is the file policy/allow-one-source.nft, loaded as it is (nft -f). Before it is
// loaded both sources connect, so the drop afterwards is the table's doing. Docker 29.0 and later.
export default defineScenario({
  name: 'nftables-user-table-allow-list',
  description: "Under the nftables backend, the user's own table with a forward chain at filter priority dropping every source but one restricts a published port to that source.",
  claims: ['C50'],
  page: 'firewall-nftables.md',
  tags: ['nftables', 'policy-files'],
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: {
    docker1: {
      ipForward: true,
      daemon: { config: { 'firewall-backend': 'nftables' } },
      interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } },
    },
  },
  sources: {
    allowed: { interfaces: { eth0: { network: 'lan', address: '192.168.1.1' } } },
    other: { interfaces: { eth0: { network: 'lan', address: '192.168.1.2' } } },
  },
  steps: [
    { kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'] },
    {
      kind: 'flows',
      flows: [
        { name: 'before the table: the allowed source connects', from: 'allowed', to: 'docker1', port: 8080, expect: 'connected' },
        { name: 'before the table: the other source connects', from: 'other', to: 'docker1', port: 8080, expect: 'connected' },
      ],
    },
    { kind: 'policy-files', title: "the user's allow-list table", host: 'docker1', policy: { format: 'nftables', file: 'policy/allow-one-source.nft' } },
  ],
  flows: [
    { name: 'with the table: the allowed source connects', from: 'allowed', to: 'docker1', port: 8080, expect: 'connected' },
    { name: 'with the table: the other source is dropped', from: 'other', to: 'docker1', port: 8080, expect: 'dropped' },
  ],
});
