import { defineScenario } from '../../harness/index.ts';

// "$ firewall-cmd --zone=trusted --remove-interface=docker0 --permanent / $ firewall-cmd --reload
// Restarting dockerd daemon inserts the interface into the docker zone."
// The page's commands verbatim, then as the page says with the zone substituted (docker0 is in
// "docker"), each followed by where docker0 is. So that the restart half is tested whatever the
// commands did, docker0 is then taken out of the runtime zone directly before dockerd is restarted.
export default defineScenario({
  name: 'firewalld-remove-docker0',
  description: "The page's firewall-cmd commands take docker0 out of its zone; restarting dockerd puts it back into the docker zone.",
  claims: ['C21'],
  page: 'packet-filtering-firewalls.md',
  tags: ['firewalld'],
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: { docker1: { firewalld: true, interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } } } },
  sources: { outsider: { interfaces: { eth0: { network: 'lan', address: '192.168.1.50' } } } },
  steps: [
    { kind: 'service', host: 'docker1', name: 'web', publish: ['8080:80'] },
    {
      kind: 'check',
      check: {
        name: 'at first, docker0 is in the docker zone',
        on: 'docker1',
        run: 'firewall-cmd --zone=docker --list-interfaces',
        expect: { matches: ['(^|\\s)docker0(\\s|$)'] },
      },
    },
    { kind: 'flows', flows: [{ name: 'at first, the published port answers', from: 'outsider', to: 'docker1', port: 8080, expect: 'connected' }] },
    // The page's commands, verbatim.
    {
      kind: 'firewalld',
      host: 'docker1',
      commands: ['--zone=trusted --remove-interface=docker0 --permanent', '--reload'],
      notDecisive: "the page's commands change nothing on any version (C21's known deviation): dockerd keeps docker0 in the docker zone at runtime",
    },
    {
      kind: 'check',
      check: {
        name: "after the page's commands (zone trusted), docker0 is out of the docker zone",
        deviations: [
          {
            on: ['20.10', '26.1', '28.5'],
            observed: 'fail',
            reason:
              "dockerd binds docker0 to the docker zone at runtime; removing it from another zone's permanent configuration and reloading changes nothing, and firewall-cmd still prints success",
          },
        ],
        on: 'docker1',
        run: 'firewall-cmd --zone=docker --list-interfaces',
        expect: { notMatches: ['(^|\\s)docker0(\\s|$)'] },
      },
    },
    // "Please substitute the appropriate zone and docker interface": the zone docker0 is in.
    {
      kind: 'firewalld',
      host: 'docker1',
      commands: ['--zone=docker --remove-interface=docker0 --permanent', '--reload'],
      notDecisive: 'a permanent removal plus a reload leaves the runtime binding dockerd made (C21), so docker0 stays in the docker zone with or without it',
    },
    {
      kind: 'check',
      check: {
        name: "after the page's commands (zone docker), docker0 is out of the docker zone",
        deviations: [
          {
            on: ['20.10', '26.1', '28.5'],
            observed: 'fail',
            reason: 'dockerd binds docker0 to the docker zone at runtime only; a --permanent removal plus --reload leaves that runtime binding in place',
          },
        ],
        on: 'docker1',
        run: 'firewall-cmd --zone=docker --list-interfaces',
        expect: { notMatches: ['(^|\\s)docker0(\\s|$)'] },
      },
    },
    // Setup for the restart half: docker0 out of the runtime configuration, shown by the check below.
    { kind: 'firewalld', host: 'docker1', commands: ['--zone=docker --remove-interface=docker0'] },
    {
      kind: 'check',
      check: {
        name: 'before the restart, docker0 is in no zone',
        on: 'docker1',
        // firewall-cmd prints "no zone" and exits 2 for an interface in no zone.
        run: 'firewall-cmd --get-zone-of-interface=docker0 2>&1',
        expect: { exitCode: 2, matches: ['^no zone$'] },
      },
    },
    { kind: 'daemon', host: 'docker1', action: 'restart' },
  ],
  flows: [{ name: 'after the restart, the published port answers', from: 'outsider', to: 'docker1', port: 8080, expect: 'connected' }],
  checks: [
    {
      name: 'after the restart, docker0 is in the docker zone',
      on: 'docker1',
      run: 'firewall-cmd --get-zone-of-interface=docker0 2>&1',
      expect: { matches: ['^docker$'] },
    },
  ],
});
