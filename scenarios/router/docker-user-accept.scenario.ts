import { defineScenario } from '../../harness/index.ts';

// "If you want your system to continue functioning as a router, you can add explicit ACCEPT rules to
// the DOCKER-USER chain to allow it: $ iptables -I DOCKER-USER -i src_if -o dst_if -j ACCEPT"
// dockerd sets the DROP policy only when it turns forwarding on itself (a host that already routes
// keeps ACCEPT; see router-forward-drop), so here forwarding is off until dockerd turns it on: that
// puts the page's DROP policy in force, so the rule has something to restore. Controls: the policy is
// DROP and the flow is dropped before the rule.
export default defineScenario({
  name: 'router-docker-user-accept',
  description: "The page's single DOCKER-USER ACCEPT rule (src_if -> dst_if) makes a host routing under Docker's FORWARD DROP policy route again.",
  claims: ['C12'],
  page: 'packet-filtering-firewalls.md',
  tags: ['router', 'docker-user'],
  networks: {
    left: { subnet: '10.1.0.0/24' },
    right: { subnet: '10.2.0.0/24' },
  },
  hosts: {
    router: {
      interfaces: {
        eth0: { network: 'left', address: '10.1.0.1' },
        eth1: { network: 'right', address: '10.2.0.1' },
      },
    },
  },
  sources: {
    lefty: { interfaces: { eth0: { network: 'left', address: '10.1.0.10' } }, routes: [{ to: '10.2.0.0/24', via: '10.1.0.1' }] },
    righty: { interfaces: { eth0: { network: 'right', address: '10.2.0.10' } }, routes: [{ to: '10.1.0.0/24', via: '10.2.0.1' }] },
  },
  steps: [
    { kind: 'listen', on: 'righty', ports: ['9000/tcp'] },
    { kind: 'check', check: { name: 'dockerd turned forwarding on', on: 'router', run: 'sysctl -n net.ipv4.ip_forward', expect: { matches: ['^1$'] } } },
    { kind: 'check', check: { name: 'the FORWARD policy is DROP', on: 'router', run: 'iptables -S FORWARD', expect: { matches: ['^-P FORWARD DROP$'] } } },
    { kind: 'flows', flows: [{ name: 'with no rule, left -> right is dropped', from: 'lefty', to: 'righty', port: 9000, expect: 'dropped' }] },
    // The page's rule with src_if = eth0 (left) and dst_if = eth1 (right).
    { kind: 'docker-user', host: 'router', rule: '-i eth0 -o eth1 -j ACCEPT' },
    {
      kind: 'flows',
      flows: [
        {
          name: "with the page's rule, the host routes left -> right",
          deviations: [
            {
              on: ['20.10', '26.1', '28.5'],
              observed: 'dropped',
              reason:
                'the single rule -i src_if -o dst_if accepts one direction only; the replies (dst_if to src_if) still meet the FORWARD DROP policy, so a TCP connection also needs the reverse rule or an ESTABLISHED,RELATED accept',
            },
          ],
          from: 'lefty',
          to: 'righty',
          port: 9000,
          expect: 'connected',
        },
      ],
    },
    // The page speaks of "explicit ACCEPT rules" (plural): the same rule for the other direction.
    { kind: 'docker-user', host: 'router', rule: '-i eth1 -o eth0 -j ACCEPT' },
  ],
  flows: [{ name: 'with the rule for each direction, the host routes left -> right', from: 'lefty', to: 'righty', port: 9000, expect: 'connected' }],
});
