import { defineScenario } from '../../harness/index.ts';

// firewall-nftables.md (docker/docs@26932bbd71ec30cb4bae7dff99147b85bcc65fd3), "Migrating from
// iptables to nftables" and "IP forwarding": with the nftables backend Docker does not turn IP
// forwarding on itself; where a bridge network needs it and it is off, Docker reports an error, and
// for the default bridge with IPv4 forwarding off that happens when the daemon starts. The daemon
// option ip-forward set to false turns the check off, so the daemon starts and leaves forwarding off.
// The refused start is a check that runs dockerd in the foreground with the host's daemon.json (the
// harness has not started its own dockerd yet) and expects it to exit with an error that names
// forwarding; timeout bounds it, so a daemon that starts makes the check fail, not hang.
// Docker 29.0 and later.
export default defineScenario({
  name: 'nftables-forwarding-off-refused',
  description: 'Under the nftables backend with IPv4 forwarding off, dockerd reports an error and stops at start; with "ip-forward": false it starts and leaves forwarding off.',
  claims: ['C53'],
  page: 'firewall-nftables.md',
  tags: ['nftables', 'forward'],
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: {
    docker1: {
      daemon: { start: false, config: { 'firewall-backend': 'nftables' } },
      interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } },
    },
  },
  steps: [
    { kind: 'command', title: 'IPv4 forwarding off', on: 'docker1', run: 'sysctl -qw net.ipv4.ip_forward=0' },
    {
      kind: 'check',
      check: {
        name: 'with forwarding off, dockerd reports an error naming forwarding and exits',
        on: 'docker1',
        run: 'timeout 60 dockerd --pidfile /run/forwarding-check.pid 2>&1',
        expect: { exitCode: 1, matches: ['[Ff]orward'] },
      },
    },
    { kind: 'daemon', title: 'start dockerd with "ip-forward": false', host: 'docker1', action: 'start', config: { 'ip-forward': false } },
  ],
  checks: [{ name: 'dockerd started and left IPv4 forwarding off', on: 'docker1', run: 'sysctl -n net.ipv4.ip_forward', expect: { matches: ['^0$'] } }],
});
