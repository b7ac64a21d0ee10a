import { defineScenario } from '../../harness/index.ts';

// firewall-iptables.md (docker/docs 18e570f6dcf74b2a46167c74c02636caf9da0b41), "Restrict external
// connections to containers" (packet-filtering-firewalls.md says the same): combining -s or
// --src-range with -d or --dst-range, on a host with addresses 2001:db8:1111::2 and
// 2001:db8:2222::2, makes rules specific to the first and leaves the second open.
// The host has exactly those two addresses, one per interface, and an IPv6 default bridge with
// ip6tables (experimental before 27.0, hence the key). Only 2001:db8:1111::1 may reach the published
// port on 2001:db8:1111::2; the same outsider reaches it on 2001:db8:2222::2. Written with -d, then
// with --dst-range, then with conntrack's --ctorigdst (the page's way to match the address before
// DNAT; with -i eth0, since the replies' original destination is that address too), each rule
// removed before the next.
// Each rule goes in (and out) through a check, so the exit code of `ip6tables -I DOCKER-USER` is a
// result of its own: Docker 20.10 creates no DOCKER-USER chain for ip6tables.
const dRule = '! -s 2001:db8:1111::1 -d 2001:db8:1111::2 -j DROP';
const rangeRule = '-m iprange ! --src-range 2001:db8:1111::1-2001:db8:1111::1 --dst-range 2001:db8:1111::2-2001:db8:1111::2 -j DROP';
const conntrackRule = '-i eth0 ! -s 2001:db8:1111::1 -m conntrack --ctorigdst 2001:db8:1111::2 -j DROP';

const noChain = {
  on: ['20.10'],
  reason:
    'Docker 20.10 creates no DOCKER-USER chain in ip6tables (only DOCKER and DOCKER-ISOLATION-STAGE-1/2, with FORWARD jumping to them directly): `ip6tables -I DOCKER-USER` fails with "No chain/target/match by that name", so no rule restricts anything',
};

function ruleStep(action: '-I' | '-D', rule: string) {
  const deviations = [{ ...noChain, observed: 'fail' as const }];
  return {
    kind: 'check' as const,
    check: {
      name: `ip6tables ${action} DOCKER-USER ${rule}`,
      on: 'docker1',
      run: `ip6tables ${action} DOCKER-USER ${rule}`,
      expect: { exitCode: 0 },
      deviations,
    },
  };
}

function phase(label: string, outsiderDeviations: { on: string[]; observed: 'connected'; reason: string }[]) {
  return [
    {
      name: `${label}: the admitted source reaches 2001:db8:1111::2`,
      from: 'allowed',
      to: '2001:db8:1111::2',
      family: 'ipv6' as const,
      port: 8080,
      expect: 'connected' as const,
    },
    {
      name: `${label}: the outsider reaches the open 2001:db8:2222::2`,
      from: 'outsider',
      to: '2001:db8:2222::2',
      family: 'ipv6' as const,
      port: 8080,
      expect: 'connected' as const,
    },
    {
      name: `${label}: the outsider is dropped on 2001:db8:1111::2`,
      from: 'outsider',
      to: '2001:db8:1111::2',
      family: 'ipv6' as const,
      port: 8080,
      expect: 'dropped' as const,
      deviations: outsiderDeviations,
    },
  ];
}

const afterDnat = {
  on: ['26.1', '28.5'],
  observed: 'connected' as const,
  reason:
    "in DOCKER-USER the packet is already DNAT'd to the container's IPv6 address (the trace shows DOCKER accepting `ip6 daddr fd00:d0c::...`), so a match on the host's address never hits and the DROP never applies; conntrack's --ctorigdst, below, does match it",
};
const noRule = { ...noChain, observed: 'connected' as const };

export default defineScenario({
  name: 'docker-user-ipv6-restrict-one-address',
  description:
    'ip6tables rules in DOCKER-USER combining -s/--src-range with -d/--dst-range restrict the published port on one host IPv6 address and leave the other open.',
  claims: ['C33'],
  page: 'firewall-iptables.md',
  tags: ['docker-user', 'ipv6'],
  requires: { kernel: ['ipv6'] },
  networks: {
    one: { subnet: '192.168.1.0/24', subnet6: '2001:db8:1111::/64' },
    two: { subnet: '192.168.2.0/24', subnet6: '2001:db8:2222::/64' },
  },
  hosts: {
    docker1: {
      daemon: { config: { ipv6: true, 'fixed-cidr-v6': 'fd00:d0c::/64', experimental: true, ip6tables: true } },
      interfaces: {
        eth0: { network: 'one', address: '192.168.1.10', address6: '2001:db8:1111::2' },
        eth1: { network: 'two', address: '192.168.2.10', address6: '2001:db8:2222::2' },
      },
    },
  },
  sources: {
    allowed: { interfaces: { eth0: { network: 'one', address: '192.168.1.1', address6: '2001:db8:1111::1' } } },
    outsider: {
      interfaces: {
        eth0: { network: 'one', address: '192.168.1.50', address6: '2001:db8:1111::50' },
        eth1: { network: 'two', address: '192.168.2.50', address6: '2001:db8:2222::50' },
      },
    },
  },
  steps: [
    { kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'] },
    ruleStep('-I', dRule),
    { kind: 'flows', flows: phase('-d', [afterDnat, noRule]) },
    ruleStep('-D', dRule),
    ruleStep('-I', rangeRule),
    { kind: 'flows', flows: phase('--dst-range', [afterDnat, noRule]) },
    ruleStep('-D', rangeRule),
    ruleStep('-I', conntrackRule),
  ],
  flows: phase('--ctorigdst', [noRule]),
});
