import { describe, expect, it } from 'vitest';
import type { Outcome } from '../results/outcome.ts';
import { flowWithOutcome } from '../results/outcome-examples.ts';
import { runRecordVersion, type CheckRecord, type RunRecord, type ScenarioRecord } from '../results/records.ts';
import { fixtureRun } from './run-fixture.ts';
import { toTap } from './tap.ts';

const goldenTap = [
  'TAP version 14',
  '1..5',
  'ok 1 - docker-user-drop [bookworm] host to published 8080',
  '  ---',
  '  outcome: "pass"',
  '  expected: "connected"',
  '  observed: "connected"',
  '  detail: "192.168.1.1 -> 192.168.1.10:8080/tcp connected"',
  '  claims: "docker-user-filters-published, docker-user-before-docker"',
  '  suite: "bookworm"',
  '  docker: "28.1.1"',
  '  evidence: "evidence/docker-user-drop/host-8080.json"',
  '  duration_ms: 120',
  '  ...',
  'not ok 2 - docker-user-drop [bookworm] LAN to published 8080',
  '  ---',
  '  outcome: "fail"',
  '  expected: "dropped"',
  '  observed: "connected"',
  '  detail: "192.168.1.2 -> 192.168.1.10:8080/tcp connected: rule \\"DOCKER-USER -j DROP\\" never matched"',
  '  claims: "docker-user-filters-published, docker-user-before-docker"',
  '  suite: "bookworm"',
  '  docker: "28.1.1"',
  '  evidence: "evidence/docker-user-drop/lan-8080.json"',
  '  duration_ms: 2034',
  '  ...',
  'ok 3 - ipv6-published [trixie] v6 LAN to published 8080',
  '  ---',
  '  outcome: "known-deviation"',
  '  expected: "dropped"',
  '  observed: "connected"',
  '  detail: "fd00::2 -> [fd00::10]:8080/tcp connected"',
  '  claims: "ipv6-published-filtered"',
  '  suite: "trixie"',
  '  docker: "27.5.1"',
  '  evidence: "evidence/ipv6-published/v6-lan-8080.json"',
  '  deviation: "Docker 27 publishes IPv6 ports without ip6tables filtering"',
  '  duration_ms: 900',
  '  ...',
  'not ok 4 - ipv6-published [trixie] ip6tables DOCKER-USER chain exists',
  '  ---',
  '  outcome: "deviation-gone"',
  '  expected: "pass"',
  '  observed: "pass"',
  '  detail: "ip6tables -S DOCKER-USER listed the chain"',
  '  claims: "ipv6-published-filtered"',
  '  suite: "trixie"',
  '  docker: "27.5.1"',
  '  deviation: "DOCKER-USER missing from ip6tables before Docker 28"',
  '  message: "the documented behaviour now holds on Docker 27.5.1 (trixie): the check passed as expected, not the listed deviation. Remove this deviation (or take this version out of its \\"on\\"), or run with --accept-deviation-gone to count it as met"',
  '  duration_ms: 45',
  '  ...',
  'not ok 5 - firewalld-zone [forky]',
  '  ---',
  '  outcome: "error"',
  '  error_code: "command-failed"',
  '  detail: "firewalld did not start: Job for firewalld.service failed\\nsee journalctl -u firewalld"',
  '  claims: "firewalld-docker-zone"',
  '  suite: "forky"',
  '  docker: "28.3.0"',
  '  duration_ms: 5000',
  '  ...',
  '',
].join('\n');

function check(facts: { name?: string; detail?: string; scenario?: string; outcome?: Outcome } = {}): CheckRecord {
  const { outcome = 'pass', scenario = 's', ...rest } = facts;
  return flowWithOutcome(outcome, { scenario, file: 'scenarios/s.ts', claims: [], suite: 'bookworm', dockerVersion: '28.1.1' }, { name: 'c', detail: 'd', ...rest });
}

function runOf(...scenarios: ScenarioRecord[]): RunRecord {
  return { schemaVersion: runRecordVersion, runId: 'r', startedAt: '2025-01-01T00:00:00.000Z', durationMs: 0, scenarios };
}

function scenarioOf(checks: CheckRecord[], error?: string): ScenarioRecord {
  const base = { scenario: 's', file: 'scenarios/s.ts', claims: [], suite: 'bookworm', dockerVersion: '28.1.1', checks, durationMs: 7 };
  return error === undefined ? base : { ...base, error, errorCode: 'no-answer' };
}

describe('toTap', () => {
  it('renders the fixture run exactly', () => {
    expect(toTap(fixtureRun())).toBe(goldenTap);
  });

  it('passes a deviation gone, without the message, when the run accepts it', () => {
    const tap = toTap({ ...fixtureRun(), acceptDeviationGone: true });
    expect(tap).toContain('ok 4 - ipv6-published [trixie] ip6tables DOCKER-USER chain exists');
    expect(tap).not.toContain('not ok 4');
    expect(tap).not.toContain('--accept-deviation-gone');
  });

  it('fails a command check whose command failed, with its error code', () => {
    const failed: CheckRecord = { ...check(), kind: 'check', expected: 'pass', observed: 'error', errorCode: 'command-failed', outcome: 'error', detail: '`iptables-save` on docker1 exited with 1' };
    const tap = toTap(runOf(scenarioOf([failed])));
    expect(tap).toContain('not ok 1 - s [bookworm] c\n  ---\n  outcome: "error"\n  expected: "pass"\n  observed: "error"\n  error_code: "command-failed"\n');
  });

  it('gives an invalid scenario file a failing point first, carrying its problems', () => {
    const run = { ...runOf(scenarioOf([check()])), invalidFiles: [{ file: 'scenarios/x.scenario.yaml', problems: ['scenarios/x.scenario.yaml:3:7: a', 'scenarios/x.scenario.yaml:9:1: b'] }] };
    const tap = toTap(run);
    expect(tap).toContain('1..2\nnot ok 1 - scenarios/x.scenario.yaml (invalid scenario file)\n  ---\n  outcome: "error"\n  detail: "scenarios/x.scenario.yaml:3:7: a\\nscenarios/x.scenario.yaml:9:1: b"\n  ...\n');
    expect(tap).toContain('ok 2 - s [bookworm] c');
  });

  it('has a plan of 1..0 for an empty run', () => {
    expect(toTap(runOf())).toBe('TAP version 14\n1..0\n');
  });

  it('escapes "#" and "\\" and flattens newlines in descriptions', () => {
    const tap = toTap(runOf(scenarioOf([check({ scenario: 'a#b', name: 'c \\ d\ne # TODO x' })])));
    expect(tap.split('\n')[2]).toBe('ok 1 - a\\#b [bookworm] c \\\\ d e \\# TODO x');
  });

  it('quotes a check name ending in "{" so it does not open a subtest', () => {
    const tap = toTap(runOf(scenarioOf([check({ name: 'rules {' })])));
    expect(tap.split('\n')[2]).toBe('ok 1 - s [bookworm] "rules {"');
  });

  it('writes YAML values that read back as the original strings', () => {
    const detail = 'a: "b"\n- c # d \\ e\u2028 ünï';
    const tap = toTap(runOf(scenarioOf([check({ detail })])));
    const line = tap.split('\n').find((l) => l.startsWith('  detail: '));
    expect(JSON.parse(line!.slice('  detail: '.length))).toBe(detail);
  });

  it('replaces characters XML cannot carry', () => {
    const tap = toTap(runOf(scenarioOf([check({ name: 'x\u0001y', detail: '\u001b[31mred\ud800' })])));
    expect(tap).toContain('ok 1 - s [bookworm] x\uFFFDy\n');
    expect(tap).toContain('  detail: "\uFFFD[31mred\uFFFD"\n');
  });

  it('adds a failing point for a scenario error even when some checks ran', () => {
    const tap = toTap(runOf(scenarioOf([check({ name: 'first' })], 'host vanished')));
    expect(tap).toContain('1..2\nok 1 - s [bookworm] first\n');
    expect(tap).toContain('not ok 2 - s [bookworm]\n  ---\n  outcome: "error"\n  error_code: "no-answer"\n  detail: "host vanished"\n');
  });

  it('writes a scenario\'s warnings as comments after its points, leaving the verdicts alone', () => {
    const warned = { ...scenarioOf([check({ name: 'first' })]), warnings: ['teardown failed: removing one\'s container x: (HTTP code 409)\nstill in use'] };
    const tap = toTap(runOf(warned, scenarioOf([check({ name: 'second' })])));
    expect(tap).toContain(
      '  ...\n# warning: s [bookworm]: teardown failed: removing one\'s container x: (HTTP code 409)\n# still in use\nok 2 - s [bookworm] second\n',
    );
    expect(tap).toContain('1..2\nok 1 - s [bookworm] first\n');
  });

  it('numbers points across scenarios and marks fail and error checks not ok', () => {
    const tap = toTap(
      runOf(scenarioOf([check({ outcome: 'error', name: 'e' })]), scenarioOf([check({ outcome: 'fail', name: 'f' })])),
    );
    expect(tap).toContain('\nnot ok 1 - s [bookworm] e\n  ---\n  outcome: "error"\n  expected: "connected"\n  observed: "error"\n  error_code: "no-arrival"\n');
    expect(tap).toContain('\nnot ok 2 - s [bookworm] f\n');
  });
});
