import { describe, expect, it } from 'vitest';
import type { CheckRecord, Outcome, RunRecord, ScenarioRecord } from './outcome.ts';
import { fixtureRun } from './run-fixture.ts';
import { exitCodeFor, summarize } from './summary.ts';

const goldenSummary = [
  '✘ docker-user-drop [bookworm]: 1 passed, 1 failed',
  '    ✘ LAN to published 8080 (fail): 192.168.1.2 -> 192.168.1.10:8080/tcp connected: rule "DOCKER-USER -j DROP" never matched',
  '      evidence: evidence/docker-user-drop/lan-8080.json',
  '✔ ipv6-published [trixie]: 0 passed, 0 failed, 1 known deviations, 1 deviations gone',
  '    ~ v6 LAN to published 8080: known deviation: Docker 27 publishes IPv6 ports without ip6tables filtering',
  '    ~ ip6tables DOCKER-USER chain exists: deviation gone, documented behaviour held; listed deviation: DOCKER-USER missing from ip6tables before Docker 28',
  '! firewalld-zone [forky]: 0 passed, 0 failed, 1 errors',
  '    ! scenario error: firewalld did not start: Job for firewalld.service failed',
  '      see journalctl -u firewalld',
  '',
  '1 passed, 1 failed, 1 known deviations, 1 deviations gone, 1 errors',
  '',
].join('\n');

function check(outcome: Outcome, name = outcome): CheckRecord {
  return {
    scenario: 's',
    file: 'scenarios/s.ts',
    claims: [],
    suite: 'bookworm',
    dockerVersion: '28.1.1',
    name,
    kind: 'flow',
    expected: 'connected',
    observed: 'connected',
    outcome,
    detail: `${name} detail`,
    durationMs: 1,
  };
}

function scenarioOf(checks: CheckRecord[], error?: string): ScenarioRecord {
  const base = { scenario: 's', file: 'scenarios/s.ts', claims: [], suite: 'bookworm', dockerVersion: '28.1.1', checks, durationMs: 7 };
  return error === undefined ? base : { ...base, error };
}

function runOf(...scenarios: ScenarioRecord[]): RunRecord {
  return { runId: 'r', startedAt: '2025-01-01T00:00:00.000Z', durationMs: 0, scenarios };
}

function lastLine(text: string): string {
  return text.trimEnd().split('\n').at(-1) ?? '';
}

describe('summarize', () => {
  it('renders the fixture run exactly', () => {
    expect(summarize(fixtureRun())).toBe(goldenSummary);
  });

  it('always shows passed and failed, other kinds only when non-zero', () => {
    expect(lastLine(summarize(runOf()))).toBe('0 passed, 0 failed');
    expect(lastLine(summarize(runOf(scenarioOf([check('pass'), check('pass')]))))).toBe('2 passed, 0 failed');
    expect(lastLine(summarize(runOf(scenarioOf([check('pass'), check('error')]))))).toBe('1 passed, 0 failed, 1 errors');
  });

  it('shows a passing scenario as one line', () => {
    expect(summarize(runOf(scenarioOf([check('pass')])))).toBe('✔ s [bookworm]: 1 passed, 0 failed\n\n1 passed, 0 failed\n');
  });

  it('marks a scenario with a failed check ✘ even if another check errored', () => {
    const text = summarize(runOf(scenarioOf([check('error'), check('fail')])));
    expect(text.split('\n')[0]).toBe('✘ s [bookworm]: 0 passed, 1 failed, 1 errors');
    expect(text).toContain('    ! error (error): error detail\n');
    expect(text).toContain('    ✘ fail (fail): fail detail\n');
  });

  it('keeps terminal escapes out of the text', () => {
    const text = summarize(runOf(scenarioOf([{ ...check('fail'), detail: '\u001b[31mred\r\nnext' }])));
    expect(text).toContain('    ✘ fail (fail): \uFFFD[31mred\n      next\n');
  });
});

describe('summarize with warnings', () => {
  it('lists each warning under its scenario and counts them, without changing its mark', () => {
    const warned: ScenarioRecord = { ...scenarioOf([check('pass')]), warnings: ['teardown failed: removing a\'s container x: gone wrong', 'teardown failed: two\nlines'] };
    expect(summarize(runOf(warned))).toBe(
      [
        '✔ s [bookworm]: 1 passed, 0 failed, 2 warnings',
        "    ⚠ warning: teardown failed: removing a's container x: gone wrong",
        '    ⚠ warning: teardown failed: two',
        '      lines',
        '',
        '1 passed, 0 failed, 2 warnings',
        '',
      ].join('\n'),
    );
  });

  it('leaves the exit code alone', () => {
    expect(exitCodeFor(runOf({ ...scenarioOf([check('pass')]), warnings: ['teardown failed: x'] }))).toBe(0);
  });
});

describe('exitCodeFor', () => {
  it('is 0 when every check is met', () => {
    expect(exitCodeFor(runOf(scenarioOf([check('pass'), check('known-deviation'), check('deviation-gone')])))).toBe(0);
  });

  it('is 0 for a run with nothing in it', () => {
    expect(exitCodeFor(runOf())).toBe(0);
    expect(exitCodeFor(runOf(scenarioOf([])))).toBe(0);
  });

  it('is 1 when a check failed', () => {
    expect(exitCodeFor(runOf(scenarioOf([check('pass')]), scenarioOf([check('fail')])))).toBe(1);
  });

  it('is 1 when a check errored', () => {
    expect(exitCodeFor(runOf(scenarioOf([check('error')])))).toBe(1);
  });

  it('is 1 when a scenario errored, with or without checks', () => {
    expect(exitCodeFor(runOf(scenarioOf([], 'no world')))).toBe(1);
    expect(exitCodeFor(runOf(scenarioOf([check('pass')], 'broke later')))).toBe(1);
  });

  it('is 1 for the fixture run', () => {
    expect(exitCodeFor(fixtureRun())).toBe(1);
  });
});
