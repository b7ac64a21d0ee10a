import { defineScenario } from '../../harness/index.ts';

// firewall-nftables.md (docker/docs@26932bbd71ec30cb4bae7dff99147b85bcc65fd3), the warning at the top
// of the page: the rules of overlay networks are still iptables rules, so the nftables backend cannot
// be enabled on a daemon with Swarm enabled. Here a daemon running the nftables backend is asked to
// become a swarm manager and refuses; a second host on the iptables backend, asked the same, accepts
// (the control that swarm itself works on these hosts).
// Swarm's ingress network needs IPVS, which a Docker-in-Docker host takes from the machine's kernel.
// Docker 29.0 and later.
export default defineScenario({
  name: 'nftables-no-swarm',
  description: 'A daemon on the nftables backend refuses docker swarm init; one on the iptables backend accepts it.',
  claims: ['C53'],
  page: 'firewall-nftables.md',
  tags: ['nftables', 'swarm'],
  requires: { kernel: ['ipvs'] },
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: {
    docker1: {
      ipForward: true,
      daemon: { config: { 'firewall-backend': 'nftables' } },
      interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } },
    },
    docker2: { interfaces: { eth0: { network: 'lan', address: '192.168.1.11' } } },
  },
  checks: [
    { name: 'the nftables daemon refuses to enter swarm mode', on: 'docker1', run: 'docker swarm init --advertise-addr 192.168.1.10', expect: { exitCode: 1 } },
    { name: 'and is not in swarm mode', on: 'docker1', run: "docker info --format '{{.Swarm.LocalNodeState}}'", expect: { matches: ['^inactive$'] } },
    { name: 'control: the iptables daemon enters swarm mode', on: 'docker2', run: 'docker swarm init --advertise-addr 192.168.1.11', expect: { exitCode: 0 } },
  ],
});
