import type { ClaimInfo, PageInfo } from './claims-catalogue.ts';
import { flowRecord, type CheckFacts } from '../results/check-record.ts';
import { runRecordVersion, type CheckRecord, type FlowObservation, type RecordPlace, type RunRecord, type ScenarioFailure, type ScenarioRecord } from '../results/records.ts';
import type { DeviationSpec, Verdict } from '../format/fields.ts';

// A small run on two suites for the claims matrix tests: a failing claim (with markup in its
// detail), a known deviation, a deviation gone, errors, and catalogue claims that never ran.
export const older = 'docker-and-iptables.md';
export const newer = 'packet-filtering-firewalls.md';

export function matrixFixturePages(): PageInfo[] {
  return [
    { name: older, title: 'Docker and iptables', edition: 'seed' },
    { name: newer, title: 'Packet filtering and firewalls', edition: 'seed', previous: older },
  ];
}

export function matrixFixtureCatalogue(): ClaimInfo[] {
  return [
    { id: 'C07', text: '`-I DOCKER-USER -i ext_if ! -s 192.168.1.1 -j DROP` admits only 192.168.1.1.', pages: [older, newer] },
    { id: 'C03', text: 'A DROP rule in DOCKER-USER blocks a published port.', pages: [older, newer] },
    { id: 'C14', text: 'Published ports are reachable on every host address.', pages: [older] },
    { id: 'C20', text: 'Docker creates a firewalld zone "docker".', pages: [newer] },
    { id: 'C23', text: '--ip only changes the default.', pages: [older] },
  ];
}

export function matrixFixtureRun(): RunRecord {
  const allow = { scenario: 'allow-one-source', file: 'scenarios/docker-user/allow-one-source.scenario.ts', claims: ['C03', 'C07'], page: newer };
  const every = { scenario: 'published-on-every-address', file: 'scenarios/defaults/published-on-every-address.scenario.ts', claims: ['C14'], page: newer };
  const zone = { scenario: 'docker-zone', file: 'scenarios/firewalld/docker-zone.scenario.ts', claims: ['C20'], page: newer };
  const proxyDeviation: DeviationSpec = { on: ['20.10'], observed: 'dropped', reason: 'Docker 20.10 binds the userland proxy to the first address only' };
  return {
    schemaVersion: runRecordVersion,
    runId: '2025-06-07T08-09-10Z-f00d42',
    startedAt: '2025-06-07T08:09:10.123Z',
    durationMs: 754_000,
    scenarios: [
      scenario(allow, 'bookworm', '20.10.24', [
        flow('other to published 8080 dropped', 'dropped', { observed: 'connected' }, {
          detail: '192.168.1.2 -> 192.168.1.10:8080/tcp connected <script>alert(1)</script>',
          evidenceFile: 'evidence/allow-one-source-bookworm/02-other.json',
        }),
        flow('allowed to published 8080', 'connected', { observed: 'connected' }, { evidenceFile: 'evidence/allow-one-source-bookworm/01-allowed.json' }),
      ]),
      scenario(every, 'bookworm', '20.10.24', [
        flow('second address 8080', 'connected', { observed: 'dropped' }, { deviation: proxyDeviation, evidenceFile: 'evidence/published-on-every-address-bookworm/01-second.json' }),
      ]),
      scenario(zone, 'bookworm', '20.10.24', [], { error: 'firewalld did not start: Job for firewalld.service failed\nsee journalctl -u firewalld', errorCode: 'command-failed' }),
      scenario(allow, 'forky', '28.5.2', [
        flow('other to published 8080 dropped', 'dropped', { observed: 'dropped' }, { evidenceFile: 'evidence/allow-one-source-forky/02-other.json' }),
      ]),
      scenario(every, 'forky', '28.5.2', [
        flow('second address 8080', 'connected', { observed: 'connected' }, { deviation: proxyDeviation, evidenceFile: 'evidence/published-on-every-address-forky/01-second.json' }),
      ]),
      scenario(zone, 'forky', '28.5.2', [
        flow('LAN to docker zone 8080', 'dropped', { observed: 'error', errorCode: 'no-arrival' }, {
          detail: 'lan -> 192.168.1.10:8080/tcp; no packet of this flow reached docker1 in 3 attempts; the source\'s routing or the outside network lost it, so no firewall verdict can be given\n0 packets arrived at the host',
        }),
      ]),
    ],
  };
}

interface Base {
  scenario: string;
  file: string;
  claims: string[];
  page?: string;
}

// A check before its scenario places it: the place is added by scenario().
type Unplaced = (place: RecordPlace) => CheckRecord;

function scenario(base: Base, suite: string, dockerVersion: string, checks: Unplaced[], failure?: ScenarioFailure): ScenarioRecord {
  const place = { scenario: base.scenario, file: base.file, claims: base.claims, suite, dockerVersion };
  const ran = { ...base, suite, dockerVersion, checks: checks.map((check) => check(place)) };
  return failure === undefined ? { ...ran, durationMs: 1000 } : { ...ran, ...failure, durationMs: 1000 };
}

function flow(name: string, expected: Verdict, observation: FlowObservation, facts: Partial<CheckFacts> = {}): Unplaced {
  return (place) => flowRecord(place, { name, detail: `${name}: ${observation.observed}`, durationMs: 10, ...facts, expected, ...observation });
}
