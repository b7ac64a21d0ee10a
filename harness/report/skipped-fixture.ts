import { flowRecord } from '../results/check-record.ts';
import { runRecordVersion, type RunRecord } from '../results/records.ts';

// A run on two suites where what scenarios declare kept some from running: a scenario that needs
// Docker 28.2 (not applicable on bookworm, run on forky) and a swarm scenario whose kernel feature
// is missing (not run, with the VM command).
export function skippedFixtureRun(): RunRecord {
  const routing = { scenario: 'direct-routing-allowed', file: 'scenarios/pp/direct.scenario.ts', claims: ['C39'], page: 'engine/network/port-publishing.md' };
  const swarm = { scenario: 'swarm-ignores-default-bind-address', file: 'scenarios/swarm/s.scenario.ts', claims: ['C18'], page: 'packet-filtering-firewalls.md' };
  const runWith = 'npm run harness -- run scenarios/swarm/s.scenario.ts --backend vagrant --suite bookworm';
  const forky = { scenario: routing.scenario, file: routing.file, claims: routing.claims, suite: 'forky', dockerVersion: '28.5.2' };
  return {
    schemaVersion: runRecordVersion,
    runId: 'skips',
    startedAt: '2025-01-02T03:04:05.000Z',
    durationMs: 1000,
    scenarios: [
      {
        ...routing,
        suite: 'bookworm',
        dockerVersion: '20.10.24',
        checks: [],
        skipped: { kind: 'not-applicable', needsDocker: '28.2', reason: 'needs Docker 28.2 (claim C39 is documented since 28.2); bookworm runs 20.10.24' },
        durationMs: 0,
      },
      {
        ...swarm,
        suite: 'bookworm',
        dockerVersion: '',
        checks: [],
        skipped: { kind: 'kernel', missing: ['ipvs'], reason: `not run: the kernel has no IPVS (ip_vs). Run it on a VM: ${runWith}`, runWith },
        durationMs: 900,
      },
      {
        ...routing,
        suite: 'forky',
        dockerVersion: '28.5.2',
        checks: [flowRecord(forky, { name: 'remote to the container address', expected: 'connected', observed: 'connected', detail: 'connected', durationMs: 300 })],
        durationMs: 2000,
      },
    ],
  };
}
