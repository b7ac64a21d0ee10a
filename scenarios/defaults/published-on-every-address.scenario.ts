import { defineScenario } from '../../harness/index.ts';

// "By default, the Docker daemon binds published container ports to the 0.0.0.0 address. When you publish
// a container's ports as follows: docker run -p 8080:80 nginx This publishes port 8080 to all network
// interfaces on the host, potentially making them available to the outside world."
export default defineScenario({
  name: 'default-published-on-every-address',
  description:
    "A port published as 8080:80 is bound to 0.0.0.0 and answers on each of the host's two outside addresses (and on its loopback). Control: a port published on one address only is not reached on the other.",
  claims: ['C14'],
  page: 'packet-filtering-firewalls.md',
  tags: ['defaults', 'bind-address'],
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
    // Reaches both host addresses: its own network directly, the other one routed through the host.
    left: { interfaces: { eth0: { network: 'lan', address: '192.168.1.50' } }, routes: [{ to: '10.1.2.0/24', via: '192.168.1.99' }] },
    right: { interfaces: { eth0: { network: 'net10', address: '10.1.2.50' } } },
  },
  steps: [
    { kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'] },
    // Control: published on one address only.
    { kind: 'service', host: 'docker1', name: 'pinned', publish: ['192.168.1.99:8081:81'] },
  ],
  flows: [
    { name: '8080 answers on 192.168.1.99 from its network', from: 'left', to: '192.168.1.99', port: 8080, expect: 'connected' },
    { name: '8080 answers on 10.1.2.3 from its network', from: 'right', to: '10.1.2.3', port: 8080, expect: 'connected' },
    { name: '8080 answers on 10.1.2.3 for a source on the other network', from: 'left', to: '10.1.2.3', port: 8080, expect: 'connected' },
    { name: "8080 answers on the host's loopback", from: 'docker1', to: '127.0.0.1', port: 8080, expect: 'connected' },
    { name: 'control: a port published on 192.168.1.99 only answers there', from: 'left', to: '192.168.1.99', port: 8081, expect: 'connected' },
    { name: 'control: a port published on 192.168.1.99 only is refused on 10.1.2.3', from: 'right', to: '10.1.2.3', port: 8081, expect: 'refused' },
  ],
  checks: [
    { name: 'docker port shows 8080 bound to 0.0.0.0', on: 'docker1', run: 'docker port web', expect: { matches: ['^80/tcp -> 0\\.0\\.0\\.0:8080$'] } },
    {
      name: 'the DNAT rule for 8080 names no destination address',
      on: 'docker1',
      run: 'iptables -t nat -S DOCKER',
      expect: {
        matches: ['^-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172\\.17\\.0\\.\\d+:80$'],
        notMatches: ['^-A DOCKER -d \\S+ .*--dport 8080 -j DNAT'],
      },
    },
  ],
});
