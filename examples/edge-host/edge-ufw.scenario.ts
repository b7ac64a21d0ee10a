import { defineScenario } from '../../harness/index.ts';

// The same edge host as edge-iptables.scenario.yaml, with its policy kept as ufw rules instead:
// ufw/user.rules and ufw/user6.rules as `ufw allow` writes them (SSH from the admin subnet; over IPv6
// the web and VPN ports, which Docker's userland proxy answers on the host), and the DOCKER-USER hook
// for the published ports in ufw/after.rules. ufw denies incoming by default, so where the iptables
// policy let the host refuse (the database port on the public address), this one drops.
export default defineScenario({
  name: 'edge-host-ufw',
  description: "An edge host's firewall policy as ufw rule files with an after.rules hook for Docker's published ports, checked with real traffic.",
  tags: ['example', 'policy', 'ufw'],
  requires: { kernel: ['ipv6'] },
  networks: {
    internet: { subnet: '203.0.113.0/24', subnet6: '2001:db8:113::/64' },
    internal: { subnet: '10.20.0.0/24', subnet6: 'fd00:20::/64' },
  },
  hosts: {
    edge: {
      interfaces: {
        eth0: { network: 'internet', address: '203.0.113.10', address6: '2001:db8:113::10' },
        eth1: { network: 'internal', address: '10.20.0.10', address6: 'fd00:20::10' },
      },
    },
  },
  sources: {
    client: { interfaces: { eth0: { network: 'internet', address: '203.0.113.50', address6: '2001:db8:113::50' } } },
    office: { interfaces: { eth0: { network: 'internal', address: '10.20.0.50', address6: 'fd00:20::50' } } },
    admins: { subnet: '10.50.0.0/24', samples: ['10.50.0.10', '10.50.0.200'], behind: { network: 'internal', router: '10.20.0.254' } },
  },
  steps: [
    { kind: 'service', title: 'web', host: 'edge', name: 'web', publish: ['80:80', '443:443'] },
    { kind: 'service', title: 'admin UI', host: 'edge', name: 'admin', publish: ['8443:8443'] },
    { kind: 'service', title: 'database on the internal address', host: 'edge', name: 'db', publish: ['10.20.0.10:5432:5432'] },
    { kind: 'service', title: 'VPN', host: 'edge', name: 'vpn', publish: ['51820:51820/udp'] },
    { kind: 'service', title: 'SSH on the host itself', host: 'edge', name: 'ssh', network: 'host', listen: ['2222/tcp'] },
    {
      kind: 'policy-files',
      title: 'ufw rules and the DOCKER-USER hook',
      host: 'edge',
      policy: { format: 'ufw', files: { 'user.rules': 'ufw/user.rules', 'user6.rules': 'ufw/user6.rules', 'after.rules': 'ufw/after.rules' }, action: 'enable' },
    },
  ],
  flows: [
    { name: 'web from the internet', from: 'client', to: 'edge', port: 80, family: 'both', expect: 'connected' },
    { name: 'web (TLS) from the internet', from: 'client', to: 'edge', port: 443, family: 'both', expect: 'connected' },
    { name: 'VPN from the internet', from: 'client', to: 'edge', port: 51820, proto: 'udp', family: 'both', expect: 'connected' },
    { name: 'admin UI from the internet', from: 'client', to: 'edge', port: 8443, family: 'both', expect: 'dropped' },
    { name: 'admin UI from the office', from: 'office', to: { host: 'edge', interface: 'eth1' }, port: 8443, family: 'both', expect: 'dropped' },
    { name: 'admin UI from the admin subnet', from: 'admins', to: { host: 'edge', interface: 'eth1' }, port: 8443, expect: 'connected' },
    { name: 'database from the office', from: 'office', to: { host: 'edge', interface: 'eth1' }, port: 5432, expect: 'connected' },
    { name: 'database from the internet', from: 'client', to: 'edge', port: 5432, expect: 'dropped' },
    { name: 'SSH from the admin subnet', from: 'admins', to: { host: 'edge', interface: 'eth1' }, port: 2222, expect: 'connected' },
    { name: 'SSH from the office', from: 'office', to: { host: 'edge', interface: 'eth1' }, port: 2222, family: 'both', expect: 'dropped' },
    { name: 'SSH from the internet', from: 'client', to: 'edge', port: 2222, family: 'both', expect: 'dropped' },
  ],
});
