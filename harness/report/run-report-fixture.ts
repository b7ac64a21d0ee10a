import { commandCheckRecord, flowRecord } from '../results/check-record.ts';
import type { DecidingRule, FlowDescription, FlowObservation, RecordPlace, RunRecord } from '../results/records.ts';
import { runRecordVersion } from '../results/records.ts';
import type { DeviationSpec, Verdict } from '../format/fields.ts';

// A run of a user's own policy suite (scenarios that name no claim) on two suites, beside one claim
// scenario: flows from two sources to two ports, a failure, a known deviation, a deviation gone, a
// flow error, a command check and a scenario that broke.
export function reportFixtureRun(): RunRecord {
  const policy = (suite: string, dockerVersion: string): RecordPlace => ({ scenario: 'office-policy', file: 'policy/office.scenario.ts', claims: [], suite, dockerVersion });
  const claim: RecordPlace = { scenario: 'allow-one-source', file: 'scenarios/docker-user/allow-one-source.scenario.ts', claims: ['C03', 'C07'], suite: 'bookworm', dockerVersion: '20.10.24' };
  const drop: DecidingRule = { by: 'trace', table: 'ip filter', chain: 'DOCKER-USER', rule: 'iifname "eth0" ip saddr != 192.168.1.1 drop', verdict: 'drop' };
  const accept: DecidingRule = { by: 'trace', table: 'ip filter', chain: 'DOCKER', rule: 'ip daddr 172.17.0.2 iifname != "docker0" oifname "docker0" tcp dport 80 accept', verdict: 'accept' };
  const counted: DecidingRule = { by: 'rule-hits', rules: [{ family: 'ipv4', table: 'filter', rule: '-A DOCKER-USER -i eth0 ! -s 192.168.1.1/32 -j DROP' }] };
  const v6Deviation: DeviationSpec = { on: ['bookworm'], observed: 'connected', reason: 'Docker 20.10 leaves IPv6 published ports unfiltered' };
  const bookworm = policy('bookworm', '20.10.24');
  const forky = policy('forky', '28.5.2');
  return {
    schemaVersion: runRecordVersion,
    runId: '2026-01-02T03-04-05Z-r3p0rt',
    startedAt: '2026-01-02T03:04:05.000Z',
    durationMs: 65_000,
    scenarios: [
      {
        ...claim,
        durationMs: 3000,
        checks: [flow(claim, 1, 'allowed', 'docker1', 8080, 'connected', { observed: 'connected' }, { decidedBy: accept })],
      },
      {
        ...bookworm,
        durationMs: 4000,
        checks: [
          flow(bookworm, 1, 'office', 'docker1', 8080, 'connected', { observed: 'connected' }, { decidedBy: accept }),
          flow(bookworm, 2, 'guest', 'docker1', 8080, 'dropped', { observed: 'connected' }, { decidedBy: accept }),
          flow(bookworm, 3, 'office', 'docker1', 22, 'refused', { observed: 'refused' }),
          flow(bookworm, 4, 'guest', 'docker1', 8080, 'dropped', { observed: 'connected' }, { family: 'ipv6', address: 'fd00::10', deviation: v6Deviation }),
          flow(bookworm, 5, 'guest', 'docker1', 22, 'dropped', { observed: 'error', errorCode: 'no-arrival' }, { detail: 'guest -> 192.168.1.10:22/tcp; no packet of this flow reached docker1 in 3 attempts' }),
          commandCheckRecord(bookworm, { name: 'DOCKER-USER lists the office rule', observed: 'pass', detail: 'iptables -S DOCKER-USER matched', durationMs: 40, evidenceFile: 'evidence/office-policy-bookworm/06-check.json' }),
        ],
      },
      {
        ...forky,
        durationMs: 4000,
        checks: [
          flow(forky, 1, 'office', 'docker1', 8080, 'connected', { observed: 'connected' }, { decidedBy: accept }),
          flow(forky, 2, 'guest', 'docker1', 8080, 'dropped', { observed: 'dropped' }, { decidedBy: drop }),
          flow(forky, 3, 'guest', 'docker1', 8080, 'dropped', { observed: 'dropped' }, { family: 'ipv6', address: 'fd00::10', decidedBy: counted }),
        ],
      },
      {
        scenario: 'vpn-policy',
        file: 'policy/vpn.scenario.ts',
        claims: [],
        suite: 'forky',
        dockerVersion: '',
        durationMs: 100,
        checks: [],
        error: 'steps[0] iptables on docker1 failed: iptables: No chain/target/match by that name.',
        errorCode: 'step-failed',
      },
    ],
  };
}

function flow(
  place: RecordPlace,
  index: number,
  from: string,
  host: string,
  port: number,
  expected: Verdict,
  observation: FlowObservation,
  extra: { family?: FlowDescription['family']; address?: string; deviation?: DeviationSpec; decidedBy?: DecidingRule; detail?: string } = {},
) {
  const description: FlowDescription = { from, to: host, port, proto: 'tcp', family: extra.family ?? 'ipv4', address: extra.address ?? '192.168.1.10' };
  const name = `${from} -> ${host}:${port}/tcp${extra.family === 'ipv6' ? ' IPv6' : ''} ${expected}`;
  return flowRecord(place, {
    name,
    expected,
    ...observation,
    detail: extra.detail ?? `${from} -> ${description.address}:${port}/tcp ${observation.observed}`,
    durationMs: 500,
    evidenceFile: `evidence/${place.scenario}-${place.suite}/${String(index).padStart(2, '0')}-${from}.json`,
    flow: description,
    ...(extra.deviation ? { deviation: extra.deviation } : {}),
    ...(extra.decidedBy ? { decidedBy: extra.decidedBy } : {}),
  });
}
