import { defineScenario } from '../../harness/index.ts';

// The users' story: Docker breaks routing for the host's other networks (bridges, VMs) that it does not
// manage. Modelled as two outside networks the Docker host routes between, with forwarding off until
// dockerd turns it on; dockerd then sets the FORWARD policy to DROP (C11). The fix users are pointed to,
// ip-forward-no-drop, exists from 28.0 only (its effect: scenarios/forward/ip-forward-no-drop).
export default defineScenario({
  name: 'other-networks-routed',
  description: "A host routing between two outside networks, with forwarding turned on by dockerd: the routed traffic is dropped; dockerd's ip-forward-no-drop option exists only from 28.0.",
  tags: ['regression', 'router', 'forward-policy'],
  networks: { left: { subnet: '10.1.0.0/24' }, right: { subnet: '10.2.0.0/24' } },
  hosts: {
    docker1: { interfaces: { eth0: { network: 'left', address: '10.1.0.1' }, eth1: { network: 'right', address: '10.2.0.1' } } },
  },
  sources: {
    lefty: { interfaces: { eth0: { network: 'left', address: '10.1.0.10' } }, routes: [{ to: '10.2.0.0/24', via: '10.1.0.1' }] },
    righty: { interfaces: { eth0: { network: 'right', address: '10.2.0.10' } }, routes: [{ to: '10.1.0.0/24', via: '10.2.0.1' }] },
  },
  steps: [{ kind: 'listen', on: 'righty', ports: ['9000/tcp'] }],
  flows: [{ name: 'routed traffic between the two outside networks', from: 'lefty', to: 'righty', port: 9000, expect: 'dropped' }],
  checks: [
    { name: 'dockerd set the FORWARD policy to DROP', on: 'docker1', run: 'iptables -S FORWARD', expect: { matches: ['^-P FORWARD DROP$'] } },
    { name: 'dockerd offers --ip-forward-no-drop', on: 'docker1', run: 'dockerd --help', expect: { matches: ['--ip-forward-no-drop'] }, failsOn: ['20.10', '26'] },
  ],
});
