import { defineScenario } from '../../harness/index.ts';

// "You can combine -s or --src-range with -d or --dst-range to control both the source and destination.
// For instance, if the Docker daemon listens on both 192.168.1.99 and 10.1.2.3, you can make rules
// specific to 10.1.2.3 and leave 192.168.1.99 open."
export default defineScenario({
  name: 'docker-user-restrict-one-host-address',
  description:
    "A Docker host on 192.168.1.99 and 10.1.2.3. The page's combination, --src-range with -d 10.1.2.3, should restrict the published port on 10.1.2.3 to the range and leave 192.168.1.99 open. " +
    "Second variant (the page's conntrack advice, not its -d wording): the same restriction with --ctorigdst 10.1.2.3.",
  claims: ['C10'],
  page: 'packet-filtering-firewalls.md',
  tags: ['docker-user', 'iprange', 'dnat'],
  networks: {
    lan: { subnet: '192.168.1.0/24' },
    net10: { subnet: '10.1.2.0/24' },
  },
  hosts: {
    docker1: {
      interfaces: {
        eth0: { network: 'lan', address: '192.168.1.99' },
        eth1: { network: 'net10', address: '10.1.2.3' },
      },
    },
  },
  sources: {
    // Both lan sources reach 10.1.2.3 through eth0, so for them only the destination address differs.
    trusted: { interfaces: { eth0: { network: 'lan', address: '192.168.1.1' } }, routes: [{ to: '10.1.2.0/24', via: '192.168.1.99' }] },
    stranger: { interfaces: { eth0: { network: 'lan', address: '192.168.1.50' } }, routes: [{ to: '10.1.2.0/24', via: '192.168.1.99' }] },
    // A source on the 10.1.2.3 side itself, entering on eth1.
    neighbour: { interfaces: { eth0: { network: 'net10', address: '10.1.2.50' } } },
  },
  steps: [
    { kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'] },
    {
      kind: 'flows',
      flows: [
        { name: 'before any rule, stranger connects to 192.168.1.99', from: 'stranger', to: '192.168.1.99', port: 8080, expect: 'connected' },
        { name: 'before any rule, stranger connects to 10.1.2.3', from: 'stranger', to: '10.1.2.3', port: 8080, expect: 'connected' },
        { name: 'before any rule, trusted connects to 10.1.2.3', from: 'trusted', to: '10.1.2.3', port: 8080, expect: 'connected' },
        { name: 'before any rule, neighbour connects to 10.1.2.3', from: 'neighbour', to: '10.1.2.3', port: 8080, expect: 'connected' },
      ],
    },

    // The page's wording: --src-range combined with -d, specific to 10.1.2.3.
    { kind: 'docker-user', host: 'docker1', rule: '-m iprange ! --src-range 192.168.1.1-192.168.1.3 -d 10.1.2.3 -j DROP' },
    {
      kind: 'flows',
      flows: [
        { name: '-d rule: 192.168.1.99 is left open to stranger', from: 'stranger', to: '192.168.1.99', port: 8080, expect: 'connected' },
        {
          name: '-d rule: 10.1.2.3 is closed to stranger (outside the range)',
          deviations: [
            {
              on: ['20.10', '26.1', '28.5'],
              observed: 'connected',
              reason:
                "in DOCKER-USER the packet is already DNAT'd to the container address (claim C04), so -d 10.1.2.3 never matches; only conntrack --ctorigdst restricts one host address",
            },
          ],
          from: 'stranger',
          to: '10.1.2.3',
          port: 8080,
          expect: 'dropped',
        },
        {
          name: '-d rule: 10.1.2.3 is closed to neighbour (outside the range)',
          deviations: [
            {
              on: ['20.10', '26.1', '28.5'],
              observed: 'connected',
              reason:
                "in DOCKER-USER the packet is already DNAT'd to the container address (claim C04), so -d 10.1.2.3 never matches; only conntrack --ctorigdst restricts one host address",
            },
          ],
          from: 'neighbour',
          to: '10.1.2.3',
          port: 8080,
          expect: 'dropped',
        },
        { name: '-d rule: 10.1.2.3 stays open to trusted (inside the range)', from: 'trusted', to: '10.1.2.3', port: 8080, expect: 'connected' },
      ],
    },
    {
      kind: 'iptables',
      host: 'docker1',
      rule: '-D DOCKER-USER -m iprange ! --src-range 192.168.1.1-192.168.1.3 -d 10.1.2.3 -j DROP',
      notDecisive: "it removes the page's -d rule, which never matches (the packet is already DNAT'd), before the conntrack variant is tried",
    },

    // Variant: the original destination through conntrack. NEW only, so the container's replies
    // (whose conntrack entry has the same original destination) are not dropped.
    { kind: 'docker-user', host: 'docker1', rule: '-m iprange ! --src-range 192.168.1.1-192.168.1.3 -m conntrack --ctstate NEW --ctorigdst 10.1.2.3 -j DROP' },
  ],
  flows: [
    { name: '--ctorigdst variant: 192.168.1.99 is left open to stranger', from: 'stranger', to: '192.168.1.99', port: 8080, expect: 'connected' },
    { name: '--ctorigdst variant: 10.1.2.3 is closed to stranger (outside the range)', from: 'stranger', to: '10.1.2.3', port: 8080, expect: 'dropped' },
    { name: '--ctorigdst variant: 10.1.2.3 is closed to neighbour (outside the range)', from: 'neighbour', to: '10.1.2.3', port: 8080, expect: 'dropped' },
    { name: '--ctorigdst variant: 10.1.2.3 stays open to trusted (inside the range)', from: 'trusted', to: '10.1.2.3', port: 8080, expect: 'connected' },
  ],
});
