import { defineScenario } from '../../harness/index.ts';

// packet-filtering-firewalls.md (docker/docs 0e77409f23a3d1012b746db17a00edaf3d95972a), the note at
// the top of the page: Docker writes iptables rules for bridge networks, and none for ipvlan, macvlan
// or host networking.
// A bridge service is the control (its DNAT is there); a macvlan container and a host-networked one,
// each asked to publish a port, leave no rule and no mapping: their -p is not honoured, and the
// host-networked service answers on its own port with nothing of Docker's in the way.
// ipvlan is left out: the kernel these hosts share has no ipvlan driver.
// The macvlan network is made by a command, since the network step creates bridge networks only,
// and declared external so that a service step runs the container on it.
export default defineScenario({
  name: 'no-rules-for-other-drivers',
  description:
    'Docker writes iptables rules for a bridge network, and none for a macvlan network or a host-networked container, even when they ask to publish ports.',
  claims: ['C24'],
  page: 'packet-filtering-firewalls.md',
  tags: ['network-drivers', 'macvlan', 'host-network'],
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: { docker1: { interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } } } },
  sources: { outsider: { interfaces: { eth0: { network: 'lan', address: '192.168.1.50' } } } },
  steps: [
    { kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'] },
    { kind: 'service', host: 'docker1', name: 'hostnet', network: 'host', publish: ['9001:9000'], listen: ['9000/tcp'] },
    { kind: 'command', title: 'a macvlan network on eth0', on: 'docker1', run: 'docker network create -d macvlan --subnet 10.77.0.0/24 -o parent=eth0 mvnet' },
    { kind: 'network', host: 'docker1', name: 'mvnet', external: true },
    { kind: 'service', title: 'a container on the macvlan network that asks to publish 8082', host: 'docker1', name: 'mv', network: 'mvnet', publish: ['8082:80'] },
  ],
  flows: [
    { name: 'control: the bridge service answers on its published port', from: 'outsider', to: 'docker1', port: 8080, expect: 'connected' },
    { name: 'the host-networked service answers on its own port', from: 'outsider', to: 'docker1', port: 9000, expect: 'connected' },
    { name: "the host-networked service's -p 9001 maps nothing", from: 'outsider', to: 'docker1', port: 9001, expect: 'refused' },
    { name: "the macvlan container's -p 8082 maps nothing", from: 'outsider', to: 'docker1', port: 8082, expect: 'refused' },
  ],
  checks: [
    { name: 'control: the bridge service has its DNAT rule', on: 'docker1', run: 'iptables-save -t nat', expect: { matches: ['--dport 8080 .*-j DNAT'] } },
    {
      name: 'no rule names the macvlan network, its subnet or its port',
      on: 'docker1',
      run: 'iptables-save',
      expect: { notMatches: ['10\\.77\\.0\\.', 'mvnet', 'dport 8082'] },
    },
    { name: 'no rule names the ports of the host-networked service', on: 'docker1', run: 'iptables-save', expect: { notMatches: ['dport 900[01]'] } },
  ],
});
