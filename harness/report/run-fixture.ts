import { commandCheckRecord, flowRecord } from '../results/check-record.ts';
import { runRecordVersion, type RunRecord } from '../results/records.ts';

// A fixed run for the report tests: a pass, a fail, a known deviation, a deviation gone and an errored
// scenario, built by the constructors the harness records with.
export function fixtureRun(): RunRecord {
  const drop = { scenario: 'docker-user-drop', file: 'scenarios/docker-user/drop.ts', claims: ['docker-user-filters-published', 'docker-user-before-docker'], suite: 'bookworm', dockerVersion: '28.1.1' };
  const ipv6 = { scenario: 'ipv6-published', file: 'scenarios/defaults/ipv6-published.ts', claims: ['ipv6-published-filtered'], suite: 'trixie', dockerVersion: '27.5.1' };
  return {
    schemaVersion: runRecordVersion,
    runId: '2025-01-02T03-04-05Z-abc123',
    startedAt: '2025-01-02T03:04:05.000Z',
    durationMs: 9876,
    scenarios: [
      {
        ...drop,
        durationMs: 2500,
        checks: [
          flowRecord(drop, {
            name: 'host to published 8080',
            expected: 'connected',
            observed: 'connected',
            detail: '192.168.1.1 -> 192.168.1.10:8080/tcp connected',
            evidenceFile: 'evidence/docker-user-drop/host-8080.json',
            durationMs: 120,
          }),
          flowRecord(drop, {
            name: 'LAN to published 8080',
            expected: 'dropped',
            observed: 'connected',
            detail: '192.168.1.2 -> 192.168.1.10:8080/tcp connected: rule "DOCKER-USER -j DROP" never matched',
            evidenceFile: 'evidence/docker-user-drop/lan-8080.json',
            durationMs: 2034,
          }),
        ],
      },
      {
        ...ipv6,
        durationMs: 1800,
        checks: [
          flowRecord(ipv6, {
            name: 'v6 LAN to published 8080',
            expected: 'dropped',
            observed: 'connected',
            deviation: { on: ['27'], observed: 'connected', reason: 'Docker 27 publishes IPv6 ports without ip6tables filtering' },
            detail: 'fd00::2 -> [fd00::10]:8080/tcp connected',
            evidenceFile: 'evidence/ipv6-published/v6-lan-8080.json',
            durationMs: 900,
          }),
          commandCheckRecord(ipv6, {
            name: 'ip6tables DOCKER-USER chain exists',
            observed: 'pass',
            deviation: { on: ['27'], observed: 'fail', reason: 'DOCKER-USER missing from ip6tables before Docker 28' },
            detail: 'ip6tables -S DOCKER-USER listed the chain',
            durationMs: 45,
          }),
        ],
      },
      {
        scenario: 'firewalld-zone',
        file: 'scenarios/firewalld/zone.ts',
        claims: ['firewalld-docker-zone'],
        suite: 'forky',
        dockerVersion: '28.3.0',
        durationMs: 5000,
        checks: [],
        error: 'firewalld did not start: Job for firewalld.service failed\nsee journalctl -u firewalld',
        errorCode: 'command-failed',
      },
    ],
  };
}
