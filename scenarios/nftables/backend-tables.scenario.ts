import { defineScenario } from '../../harness/index.ts';

// firewall-nftables.md (docker/docs@26932bbd71ec30cb4bae7dff99147b85bcc65fd3), "Docker's nftables
// tables" and the note after it: with the daemon's firewall backend set to nftables, Docker keeps its
// bridge-network rules in two tables of its own, one per family (docker-bridges, in `ip` and `ip6`),
// and the iptables DOCKER-USER chain does not exist under this backend.
// Experimental from Docker 29.0 (the claim's `since`); older engines are not applicable. The page
// says the backend does not turn forwarding on by itself, so the host forwards from the start.
// The published port answering is the control that Docker's nftables rules are in charge.
export default defineScenario({
  name: 'nftables-backend-tables',
  description: 'Under "firewall-backend": "nftables" Docker creates the tables ip docker-bridges and ip6 docker-bridges, has no DOCKER-USER chain, and a published port answers.',
  claims: ['C49'],
  page: 'firewall-nftables.md',
  tags: ['nftables'],
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: {
    docker1: {
      ipForward: true,
      daemon: { config: { 'firewall-backend': 'nftables' } },
      interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } },
    },
  },
  sources: { outsider: { interfaces: { eth0: { network: 'lan', address: '192.168.1.50' } } } },
  steps: [{ kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'] }],
  flows: [{ name: 'control: the published port answers under the nftables backend', from: 'outsider', to: 'docker1', port: 8080, expect: 'connected' }],
  checks: [
    {
      name: 'Docker has the tables ip docker-bridges and ip6 docker-bridges',
      on: 'docker1',
      run: 'nft list tables',
      expect: { matches: ['^table ip docker-bridges$', '^table ip6 docker-bridges$'] },
    },
    { name: 'no iptables DOCKER-USER chain', on: 'docker1', run: 'iptables -S DOCKER-USER', expect: { exitCode: 1 } },
    { name: 'no DOCKER-USER chain anywhere in the nftables ruleset', on: 'docker1', run: 'nft list ruleset', expect: { notMatches: ['chain DOCKER-USER'] } },
  ],
});
