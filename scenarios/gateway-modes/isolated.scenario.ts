import { defineScenario } from '../../harness/index.ts';

// port-publishing.md (docker/docs@5d50b04e), "Gateway modes", mode isolated: only allowed on a network
// that is also internal; an internal network normally gets an address on its bridge, an isolated one
// does not.
export default defineScenario({
  name: 'gateway-mode-isolated',
  description:
    'Gateway mode isolated is refused on a network that is not internal; on an internal network it leaves the bridge without an address, where a plain internal network has one.',
  claims: ['C45'],
  page: 'port-publishing.md',
  tags: ['gateway-modes'],
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: { docker1: { interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } } } },
  steps: [
    {
      kind: 'network',
      title: 'an internal network in isolated mode (bridge br-iso)',
      host: 'docker1',
      name: 'isonet',
      subnet: '172.30.0.0/24',
      internal: true,
      options: { 'com.docker.network.bridge.gateway_mode_ipv4': 'isolated', 'com.docker.network.bridge.name': 'br-iso' },
    },
    {
      kind: 'network',
      title: 'a plain internal network (bridge br-int)',
      host: 'docker1',
      name: 'intnet',
      subnet: '172.31.0.0/24',
      internal: true,
      options: { 'com.docker.network.bridge.name': 'br-int' },
    },
  ],
  checks: [
    // A check, not a network step: the refusal is what the page says, and a refused step ends the scenario.
    {
      name: 'isolated mode on a network that is not internal is refused',
      on: 'docker1',
      run: 'docker network create --subnet 172.29.0.0/24 -o com.docker.network.bridge.gateway_mode_ipv4=isolated notinternal',
      expect: { exitCode: 1 },
    },
    { name: 'the isolated bridge has no IPv4 address', on: 'docker1', run: 'ip -4 addr show dev br-iso', expect: { notMatches: ['inet '] } },
    { name: 'control: the plain internal bridge has its gateway address', on: 'docker1', run: 'ip -4 addr show dev br-int', expect: { matches: ['inet 172\\.31\\.0\\.1/24'] } },
  ],
});
