import { describe, expect, it } from 'vitest';
import type { Outcome } from '../results/outcome.ts';
import { runRecordVersion, type CheckRecord, type RunRecord, type ScenarioRecord } from '../results/records.ts';
import { flowWithOutcome } from '../results/outcome-examples.ts';
import { fixtureRun } from './run-fixture.ts';
import { summarize } from './summary.ts';

const goldenSummary = [
  'bookworm (Docker 28.1.1): 1 met, 0 known deviations, 1 failed, 0 errors',
  '  ✘ docker-user-drop: 1 met, 0 known deviations, 1 failed, 0 errors',
  'trixie (Docker 27.5.1): 0 met, 1 known deviation, 1 failed, 0 errors',
  '  ✘ ipv6-published: 0 met, 1 known deviation, 1 failed, 0 errors',
  'forky (Docker 28.3.0): 0 met, 0 known deviations, 0 failed, 1 error',
  '  ! firewalld-zone: 0 met, 0 known deviations, 0 failed, 1 error',
  '',
  '✘ docker-user-drop [bookworm]: 1 passed, 1 failed',
  '    ✘ LAN to published 8080 (fail): 192.168.1.2 -> 192.168.1.10:8080/tcp connected: rule "DOCKER-USER -j DROP" never matched',
  '      evidence: evidence/docker-user-drop/lan-8080.json',
  '✘ ipv6-published [trixie]: 0 passed, 0 failed, 1 known deviations, 1 deviations gone',
  '    ~ v6 LAN to published 8080: known deviation: Docker 27 publishes IPv6 ports without ip6tables filtering',
  '    ✘ ip6tables DOCKER-USER chain exists (deviation gone): the documented behaviour now holds on Docker 27.5.1 (trixie): the check passed as expected, not the listed deviation. Remove this deviation (or take this version out of its "on"), or run with --accept-deviation-gone to count it as met',
  '      listed deviation: DOCKER-USER missing from ip6tables before Docker 28',
  '! firewalld-zone [forky]: 0 passed, 0 failed, 1 errors',
  '    ! scenario error: firewalld did not start: Job for firewalld.service failed',
  '      see journalctl -u firewalld',
  '      error code: command-failed',
  '',
  '1 passed, 1 failed, 1 known deviations, 1 deviations gone, 1 errors',
  '',
].join('\n');

function check(outcome: Outcome, name: string = outcome): CheckRecord {
  return flowWithOutcome(outcome, { scenario: 's', file: 'scenarios/s.ts', claims: [], suite: 'bookworm', dockerVersion: '28.1.1' }, { name, detail: `${name} detail` });
}

function scenarioOf(checks: CheckRecord[], error?: string): ScenarioRecord {
  const base = { scenario: 's', file: 'scenarios/s.ts', claims: [], suite: 'bookworm', dockerVersion: '28.1.1', checks, durationMs: 7 };
  return error === undefined ? base : { ...base, error, errorCode: 'step-failed' };
}

function runOf(...scenarios: ScenarioRecord[]): RunRecord {
  return { schemaVersion: runRecordVersion, runId: 'r', startedAt: '2025-01-01T00:00:00.000Z', durationMs: 0, scenarios };
}

function lastLine(text: string): string {
  return text.trimEnd().split('\n').at(-1) ?? '';
}

describe('summarize', () => {
  it('renders the fixture run exactly', () => {
    expect(summarize(fixtureRun())).toBe(goldenSummary);
  });

  it('shows a deviation gone as held when the run accepts it', () => {
    const text = summarize({ ...fixtureRun(), acceptDeviationGone: true });
    expect(text).toContain('✔ ipv6-published [trixie]: 0 passed, 0 failed, 1 known deviations, 1 deviations gone (accepted)\n');
    expect(text).toContain(
      '    ~ ip6tables DOCKER-USER chain exists: deviation gone (accepted), documented behaviour held; listed deviation: DOCKER-USER missing from ip6tables before Docker 28\n',
    );
  });

  it('always shows passed and failed, other kinds only when non-zero', () => {
    expect(lastLine(summarize(runOf()))).toBe('0 passed, 0 failed');
    expect(lastLine(summarize(runOf(scenarioOf([check('pass'), check('pass')]))))).toBe('2 passed, 0 failed');
    expect(lastLine(summarize(runOf(scenarioOf([check('pass'), check('error')]))))).toBe('1 passed, 0 failed, 1 errors');
  });

  it('lists a passing scenario among every scenario only, and the failures and errors after', () => {
    expect(summarize(runOf(scenarioOf([check('pass')])))).toBe('bookworm (Docker 28.1.1): 1 met, 0 known deviations, 0 failed, 0 errors\n  ✔ s: 1 met, 0 known deviations, 0 failed, 0 errors\n\n1 passed, 0 failed\n');
    const two: ScenarioRecord = { ...scenarioOf([check('fail')]), scenario: 'other' };
    const text = summarize(runOf(scenarioOf([check('pass')]), two));
    expect(text.split('\n').slice(0, 5)).toEqual([
      'bookworm (Docker 28.1.1): 1 met, 0 known deviations, 1 failed, 0 errors',
      '  ✔ s: 1 met, 0 known deviations, 0 failed, 0 errors',
      '  ✘ other: 0 met, 0 known deviations, 1 failed, 0 errors',
      '',
      '✘ other [bookworm]: 0 passed, 1 failed',
    ]);
  });

  it('marks a scenario with a failed check ✘ even if another check errored', () => {
    const text = summarize(runOf(scenarioOf([check('error'), check('fail')])));
    expect(text.split('\n')[3]).toBe('✘ s [bookworm]: 0 passed, 1 failed, 1 errors');
    expect(text).toContain('    ! error (error): error detail\n      error code: no-arrival\n');
    expect(text).toContain('    ✘ fail (fail): fail detail\n');
  });

  it('names the error code of a scenario error', () => {
    expect(summarize(runOf(scenarioOf([], 'a step failed')))).toContain('    ! scenario error: a step failed\n      error code: step-failed\n');
  });

  it('keeps terminal escapes out of the text', () => {
    const text = summarize(runOf(scenarioOf([{ ...check('fail'), detail: '\u001b[31mred\r\nnext' }])));
    expect(text).toContain('    ✘ fail (fail): \uFFFD[31mred\n      next\n');
  });
});

describe('summarize with invalid scenario files', () => {
  it('lists each invalid file with its problems after the list of scenarios and before their details, and counts it as an error', () => {
    const run = { ...runOf(scenarioOf([check('pass')])), invalidFiles: [{ file: 'scenarios/x.scenario.yaml', problems: ['scenarios/x.scenario.yaml:14:7: flows[2].port Too big (got 70000)'] }] };
    const lines = summarize(run).split('\n');
    const first = lines.indexOf('! scenarios/x.scenario.yaml: invalid scenario file, not run');
    expect(first).toBeGreaterThan(lines.indexOf('  ✔ s: 1 met, 0 known deviations, 0 failed, 0 errors'));
    expect(lines.slice(first, first + 2)).toEqual(['! scenarios/x.scenario.yaml: invalid scenario file, not run', '    ! scenarios/x.scenario.yaml:14:7: flows[2].port Too big (got 70000)']);
    expect(lastLine(summarize(run))).toBe('1 passed, 0 failed, 1 errors');
  });
});

describe('summarize with warnings', () => {
  const everyScenario = ['bookworm (Docker 28.1.1): 1 met, 0 known deviations, 0 failed, 0 errors', '  ✔ s: 1 met, 0 known deviations, 0 failed, 0 errors', ''];

  it('lists the run\'s own warnings after the scenarios and counts them', () => {
    const run = { ...runOf(scenarioOf([check('pass')])), warnings: ['cleanup: could not remove the container c1 (busy)'] };
    expect(summarize(run)).toBe([...everyScenario, '⚠ warning: cleanup: could not remove the container c1 (busy)', '', '1 passed, 0 failed, 1 warnings', ''].join('\n'));
  });

  it('lists each warning under its scenario and counts them, without changing its mark', () => {
    const warned: ScenarioRecord = { ...scenarioOf([check('pass')]), warnings: ['teardown failed: removing a\'s container x: gone wrong', 'teardown failed: two\nlines'] };
    expect(summarize(runOf(warned))).toBe(
      [
        ...everyScenario,
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

});
