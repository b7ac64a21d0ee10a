import { defineScenario } from '../../harness/index.ts';

// "Docker also sets the policy for the FORWARD chain to DROP. If your Docker host also acts as a
// router, this will result in that router not forwarding any traffic anymore."
// Control: the same host routes the same flows before dockerd starts. A second host, not a router
// (forwarding off until dockerd turns it on), shows the policy dockerd sets where it does set one.
export default defineScenario({
  name: 'router-forward-drop',
  description: 'A host routing between two outside networks stops forwarding once dockerd starts and sets FORWARD to DROP.',
  claims: ['C11'],
  page: 'packet-filtering-firewalls.md',
  tags: ['router', 'forward-policy'],
  networks: {
    left: { subnet: '10.1.0.0/24' },
    right: { subnet: '10.2.0.0/24' },
  },
  hosts: {
    router: {
      ipForward: true,
      daemon: { start: false },
      interfaces: {
        eth0: { network: 'left', address: '10.1.0.1' },
        eth1: { network: 'right', address: '10.2.0.1' },
      },
    },
    plain: { interfaces: { eth0: { network: 'left', address: '10.1.0.2' } } },
  },
  sources: {
    lefty: { interfaces: { eth0: { network: 'left', address: '10.1.0.10' } }, routes: [{ to: '10.2.0.0/24', via: '10.1.0.1' }] },
    righty: { interfaces: { eth0: { network: 'right', address: '10.2.0.10' } }, routes: [{ to: '10.1.0.0/24', via: '10.2.0.1' }] },
  },
  steps: [
    { kind: 'listen', on: 'righty', ports: ['9000/tcp'] },
    { kind: 'listen', on: 'lefty', ports: ['9000/tcp'] },
    {
      kind: 'check',
      check: { name: 'before dockerd, the FORWARD policy is ACCEPT', on: 'router', run: 'iptables -S FORWARD', expect: { matches: ['^-P FORWARD ACCEPT$'] } },
    },
    {
      kind: 'flows',
      flows: [
        { name: 'before dockerd, the host routes left -> right', from: 'lefty', to: 'righty', port: 9000, expect: 'connected' },
        { name: 'before dockerd, the host routes right -> left', from: 'righty', to: 'lefty', port: 9000, expect: 'connected' },
      ],
    },
    {
      kind: 'daemon',
      host: 'router',
      action: 'start',
      notDecisive:
        "on a host that already forwards, dockerd leaves the FORWARD policy ACCEPT (C11's known deviation), so the router routes and keeps its policy with or without it",
    },
  ],
  flows: [
    {
      name: 'with dockerd, the host no longer routes left -> right',
      deviations: [
        {
          on: ['20.10', '26.1', '28.5'],
          observed: 'connected',
          reason:
            'dockerd sets the FORWARD policy to DROP only when it turns IPv4 forwarding on itself; on a host that already forwards, the policy stays ACCEPT and routing goes on',
        },
      ],
      from: 'lefty',
      to: 'righty',
      port: 9000,
      expect: 'dropped',
    },
    {
      name: 'with dockerd, the host no longer routes right -> left',
      deviations: [
        {
          on: ['20.10', '26.1', '28.5'],
          observed: 'connected',
          reason:
            'dockerd sets the FORWARD policy to DROP only when it turns IPv4 forwarding on itself; on a host that already forwards, the policy stays ACCEPT and routing goes on',
        },
      ],
      from: 'righty',
      to: 'lefty',
      port: 9000,
      expect: 'dropped',
    },
  ],
  checks: [
    {
      name: 'dockerd set the FORWARD policy to DROP on the router',
      deviations: [
        {
          on: ['20.10', '26.1', '28.5'],
          observed: 'fail',
          reason:
            'dockerd sets the FORWARD policy to DROP only when it turns IPv4 forwarding on itself; this host already forwarded, so the policy stayed ACCEPT',
        },
      ],
      on: 'router',
      run: 'iptables -S FORWARD',
      expect: { matches: ['^-P FORWARD DROP$'] },
    },
    {
      name: 'dockerd set the FORWARD policy to DROP on a host that was not routing',
      on: 'plain',
      run: 'iptables -S FORWARD',
      expect: { matches: ['^-P FORWARD DROP$'] },
    },
  ],
});
