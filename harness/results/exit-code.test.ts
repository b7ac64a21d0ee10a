import { describe, expect, it } from 'vitest';
import { exitCodeFor } from './exit-code.ts';
import type { Outcome } from './outcome.ts';
import { flowWithOutcome } from './outcome-examples.ts';
import { runRecordVersion, type CheckRecord, type RunRecord, type ScenarioRecord } from './records.ts';

function check(outcome: Outcome): CheckRecord {
  return flowWithOutcome(outcome, { scenario: 's', file: 'scenarios/s.ts', claims: [], suite: 'bookworm', dockerVersion: '28.1.1' });
}

function scenarioOf(checks: CheckRecord[], error?: string): ScenarioRecord {
  const base = { scenario: 's', file: 'scenarios/s.ts', claims: [], suite: 'bookworm', dockerVersion: '28.1.1', checks, durationMs: 7 };
  return error === undefined ? base : { ...base, error, errorCode: 'step-failed' };
}

function runOf(...scenarios: ScenarioRecord[]): RunRecord {
  return { schemaVersion: runRecordVersion, runId: 'r', startedAt: '2025-01-01T00:00:00.000Z', durationMs: 0, scenarios };
}

describe('exitCodeFor', () => {
  it('is 0 when every check is met', () => {
    expect(exitCodeFor(runOf(scenarioOf([check('pass'), check('known-deviation')])))).toBe(0);
  });

  it('is 1 when a listed deviation did not occur, and 0 when the run accepts that', () => {
    const run = runOf(scenarioOf([check('pass'), check('deviation-gone')]));
    expect(exitCodeFor(run)).toBe(1);
    expect(exitCodeFor({ ...run, acceptDeviationGone: true })).toBe(0);
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

  it('is 1 when a scenario file was left out as invalid, even if every scenario that ran met its checks', () => {
    const run = runOf(scenarioOf([check('pass')]));
    expect(exitCodeFor({ ...run, invalidFiles: [{ file: 'scenarios/x.scenario.yaml', problems: ['scenarios/x.scenario.yaml:3:7: name is required'] }] })).toBe(1);
  });

  it('is 1 when a scenario errored, with or without checks', () => {
    expect(exitCodeFor(runOf(scenarioOf([], 'no world')))).toBe(1);
    expect(exitCodeFor(runOf(scenarioOf([check('pass')], 'broke later')))).toBe(1);
  });
});
