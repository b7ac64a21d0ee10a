import type { ClaimInfo } from './claims-catalogue.ts';
import type { CheckRecord, RunRecord, ScenarioRecord } from './outcome.ts';

// A small run on two suites for the claims matrix tests: a failing claim (with markup in its
// detail), a known deviation, a deviation gone, errors, and catalogue claims that never ran.
export const older = 'docker-and-iptables.md';
export const newer = 'packet-filtering-firewalls.md';

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
  return {
    runId: '2025-06-07T08-09-10Z-f00d42',
    startedAt: '2025-06-07T08:09:10.123Z',
    durationMs: 754_000,
    scenarios: [
      scenario(allow, 'bookworm', '20.10.24', [
        check('other to published 8080 dropped', 'dropped', 'connected', 'fail', {
          detail: '192.168.1.2 -> 192.168.1.10:8080/tcp connected <script>alert(1)</script>',
          evidenceFile: 'evidence/allow-one-source-bookworm/02-other.json',
        }),
        check('allowed to published 8080', 'connected', 'connected', 'pass', { evidenceFile: 'evidence/allow-one-source-bookworm/01-allowed.json' }),
      ]),
      scenario(every, 'bookworm', '20.10.24', [
        check('second address 8080', 'connected', 'dropped', 'known-deviation', {
          deviationReason: 'Docker 20.10 binds the userland proxy to the first address only',
          evidenceFile: 'evidence/published-on-every-address-bookworm/01-second.json',
        }),
      ]),
      scenario(zone, 'bookworm', '20.10.24', [], 'firewalld did not start: Job for firewalld.service failed\nsee journalctl -u firewalld'),
      scenario(allow, 'forky', '28.5.2', [
        check('other to published 8080 dropped', 'dropped', 'dropped', 'pass', { evidenceFile: 'evidence/allow-one-source-forky/02-other.json' }),
      ]),
      scenario(every, 'forky', '28.5.2', [
        check('second address 8080', 'connected', 'connected', 'deviation-gone', {
          deviationReason: 'Docker 20.10 binds the userland proxy to the first address only',
          evidenceFile: 'evidence/published-on-every-address-forky/01-second.json',
        }),
      ]),
      scenario(zone, 'forky', '28.5.2', [
        check('docker zone lists docker0', 'pass', 'error', 'error', { detail: '`firewall-cmd --zone=docker --list-interfaces` timed out\nafter 120 s' }),
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

type CheckInput = Omit<CheckRecord, 'scenario' | 'file' | 'claims' | 'suite' | 'dockerVersion'>;

function scenario(base: Base, suite: string, dockerVersion: string, checks: CheckInput[], error?: string): ScenarioRecord {
  return {
    ...base,
    suite,
    dockerVersion,
    checks: checks.map((c) => ({ scenario: base.scenario, file: base.file, claims: base.claims, suite, dockerVersion, ...c })),
    ...(error === undefined ? {} : { error }),
    durationMs: 1000,
  };
}

function check(name: string, expected: string, observed: string, outcome: CheckRecord['outcome'], extra: Partial<CheckInput> = {}): CheckInput {
  const kind = expected === 'pass' ? 'check' : 'flow';
  return { name, kind, expected, observed, outcome, detail: `${name}: ${observed}`, durationMs: 10, ...extra };
}
