import { defineScenario } from '../../harness/index.ts';

// firewall-nftables.md (docker/docs@26932bbd71ec30cb4bae7dff99147b85bcc65fd3), "Migrating ACCEPT
// rules": an nftables accept ends only its own base chain, and the packet still meets the other base
// chains on the hook, so an accept in the user's chain cannot undo a drop of Docker's. What does is a
// firewall mark: the daemon option --bridge-accept-fwmark names it, and the user sets it in a chain
// that runs before Docker's (forward hook, priority filter - 1 or lower).
// Docker's drop here is the one for a container port that is not published, on a network in routed
// mode (port-publishing.md, C43), reached by a remote that routes the container network via the host.
// The user's two tables are policy/accept-port-81.nft and policy/mark-port-81.nft. The option alone
// (a restart with it, before the mark is set) is shown not to open the port. Docker 29.0 and later.
export default defineScenario({
  name: 'nftables-accept-needs-fwmark',
  description:
    "Under the nftables backend, an accept in the user's own forward chain does not open a container port Docker drops; a mark set before Docker's chains, named by --bridge-accept-fwmark, does.",
  claims: ['C52'],
  page: 'firewall-nftables.md',
  tags: ['nftables', 'policy-files', 'direct-routing'],
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: {
    docker1: {
      ipForward: true,
      daemon: { config: { 'firewall-backend': 'nftables' } },
      interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } },
    },
  },
  sources: { remote: { interfaces: { eth0: { network: 'lan', address: '192.168.1.50' } }, routes: [{ to: '172.30.0.0/24', via: '192.168.1.10' }] } },
  steps: [
    { kind: 'network', host: 'docker1', name: 'routednet', subnet: '172.30.0.0/24', options: { 'com.docker.network.bridge.gateway_mode_ipv4': 'routed' } },
    { kind: 'service', host: 'docker1', name: 'web', network: 'routednet', publish: ['80'], listen: ['80/tcp', '81/tcp'] },
    {
      kind: 'flows',
      flows: [
        { name: 'control: published container port 80 at the container address', from: 'remote', to: { container: 'web', on: 'docker1' }, port: 80, expect: 'connected' },
        { name: "Docker drops unpublished container port 81", from: 'remote', to: { container: 'web', on: 'docker1' }, port: 81, expect: 'dropped' },
      ],
    },
    { kind: 'policy-files', title: "an accept for port 81 in the user's forward chain", host: 'docker1', policy: { format: 'nftables', file: 'policy/accept-port-81.nft' } },
    {
      kind: 'flows',
      flows: [{ name: "with the user's accept: port 81 is still dropped", from: 'remote', to: { container: 'web', on: 'docker1' }, port: 81, expect: 'dropped' }],
    },
    { kind: 'daemon', title: 'restart dockerd with --bridge-accept-fwmark=1', host: 'docker1', args: ['--bridge-accept-fwmark=1'] },
    {
      kind: 'flows',
      flows: [{ name: 'with the option but no mark set: port 81 is still dropped', from: 'remote', to: { container: 'web', on: 'docker1' }, port: 81, expect: 'dropped' }],
    },
    { kind: 'policy-files', title: 'mark 1 on packets to port 81, before Docker\'s chains', host: 'docker1', policy: { format: 'nftables', file: 'policy/mark-port-81.nft' } },
  ],
  flows: [
    { name: 'with the mark: port 81 connects', from: 'remote', to: { container: 'web', on: 'docker1' }, port: 81, expect: 'connected' },
    { name: 'control: published port 80 still connects', from: 'remote', to: { container: 'web', on: 'docker1' }, port: 80, expect: 'connected' },
  ],
});
