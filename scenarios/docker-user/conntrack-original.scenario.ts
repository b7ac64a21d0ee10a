import { defineScenario } from '../../harness/index.ts';

// "If you want to match traffic based on the original IP and port in the network request, you must use
// the conntrack iptables extension." followed by the page's pair of rules (ESTABLISHED,RELATED ACCEPT
// and --ctorigsrc 1.2.3.4 --ctorigdstport 80 ACCEPT), adapted: 1.2.3.4 -> 192.168.1.1, port 80 -> host port 8080.
export default defineScenario({
  name: 'docker-user-conntrack-original',
  description:
    "Below the page's two conntrack ACCEPTs, a DROP for everything entering on eth0. --ctorigsrc/--ctorigdstport admit the one source on the original (host) port 8080 only, and the ESTABLISHED,RELATED ACCEPT keeps replies to the container's own outgoing connections working.",
  claims: ['C05'],
  page: 'packet-filtering-firewalls.md',
  tags: ['docker-user', 'conntrack', 'dnat'],
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: { docker1: { interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } } } },
  sources: {
    allowed: { interfaces: { eth0: { network: 'lan', address: '192.168.1.1' } } },
    other: { interfaces: { eth0: { network: 'lan', address: '192.168.1.2' } } },
  },
  steps: [
    // One container published on two host ports; both map to container port 80.
    { kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80', '8081:80'] },
    // A server outside, for the container's own outgoing connection (whose replies come in on eth0).
    { kind: 'listen', on: 'other', ports: ['9000/tcp'] },
    {
      kind: 'flows',
      flows: [
        { name: 'before any rule, other connects to 8080', from: 'other', to: 'docker1', port: 8080, expect: 'connected' },
        { name: 'before any rule, allowed connects to 8081', from: 'allowed', to: 'docker1', port: 8081, expect: 'connected' },
      ],
    },
    {
      kind: 'flows',
      flows: [
        {
          name: 'before any rule, the container reaches the outside server',
          from: { container: 'web', on: 'docker1' },
          to: 'other',
          port: 9000,
          expect: 'connected',
        },
      ],
    },
    // Everything entering on the outside interface is dropped unless accepted above (inserted first, so it ends up last).
    { kind: 'docker-user', host: 'docker1', rule: '-i eth0 -j DROP' },
    {
      kind: 'flows',
      flows: [
        { name: 'control: with only the DROP, allowed is dropped on 8080', from: 'allowed', to: 'docker1', port: 8080, expect: 'dropped' },
        {
          name: "control: with only the DROP, replies to the container's outgoing connection are dropped",
          from: { container: 'web', on: 'docker1' },
          to: 'other',
          port: 9000,
          expect: 'dropped',
        },
      ],
    },
    // The page's two commands, in the page's order (each -I goes to the top, so the second ends up first).
    { kind: 'docker-user', host: 'docker1', rule: '-p tcp -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT' },
    { kind: 'docker-user', host: 'docker1', rule: '-p tcp -m conntrack --ctorigsrc 192.168.1.1 --ctorigdstport 8080 -j ACCEPT' },
    {
      kind: 'check',
      check: {
        name: 'DOCKER-USER holds the two ACCEPTs above the DROP',
        on: 'docker1',
        run: 'iptables -S DOCKER-USER',
        expect: {
          matches: [
            '^-A DOCKER-USER -p tcp -m conntrack --ctorigsrc 192\\.168\\.1\\.1(?:/32)? --ctorigdstport 8080 -j ACCEPT\\n-A DOCKER-USER -p tcp -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\\n-A DOCKER-USER -i eth0 -j DROP$',
          ],
        },
      },
    },
  ],
  flows: [
    { name: '--ctorigsrc/--ctorigdstport admit allowed on the original port 8080', from: 'allowed', to: 'docker1', port: 8080, expect: 'connected' },
    { name: 'another source is still dropped on 8080', from: 'other', to: 'docker1', port: 8080, expect: 'dropped' },
    {
      name: '--ctorigdstport names the original port: allowed is dropped on 8081 (same container port 80)',
      from: 'allowed',
      to: 'docker1',
      port: 8081,
      expect: 'dropped',
    },
    {
      name: "the ESTABLISHED,RELATED ACCEPT lets replies to the container's outgoing connection back in",
      from: { container: 'web', on: 'docker1' },
      to: 'other',
      port: 9000,
      expect: 'connected',
    },
  ],
});
