import { describe, expect, it } from 'vitest';
import { HarnessError } from '../core/errors.ts';
import { commandCheckRecord, flowRecord, scenarioFailure } from './check-record.ts';

const place = { scenario: 's', file: 'scenarios/s.scenario.ts', claims: ['C01'], suite: 'bookworm', dockerVersion: '' };
const facts = { name: 'lan to 8080', detail: 'd', durationMs: 3 };

describe('flowRecord', () => {
  it('decides the outcome by the rule and keeps the deviation reason', () => {
    const deviation = { on: ['bookworm'], observed: 'connected' as const, reason: 'bookworm accepts it before DOCKER-USER' };
    expect(flowRecord(place, { ...facts, expected: 'dropped', observed: 'connected', deviation, evidenceFile: 'evidence/x.json' })).toEqual({
      ...place,
      name: 'lan to 8080',
      kind: 'flow',
      expected: 'dropped',
      observed: 'connected',
      outcome: 'known-deviation',
      detail: 'd',
      durationMs: 3,
      evidenceFile: 'evidence/x.json',
      deviationReason: 'bookworm accepts it before DOCKER-USER',
    });
  });

  it('carries the error code of an error verdict, and only then', () => {
    const errored = flowRecord(place, { ...facts, expected: 'dropped', observed: 'error', errorCode: 'no-arrival' });
    expect(errored).toMatchObject({ observed: 'error', errorCode: 'no-arrival', outcome: 'error' });
    expect(flowRecord(place, { ...facts, expected: 'dropped', observed: 'dropped' })).not.toHaveProperty('errorCode');
  });
});

describe('commandCheckRecord', () => {
  it('expects pass and fails on fail', () => {
    expect(commandCheckRecord(place, { ...facts, observed: 'fail' })).toMatchObject({ kind: 'check', expected: 'pass', observed: 'fail', outcome: 'fail' });
  });

  it('passes on a fail where the check is expected to fail', () => {
    expect(commandCheckRecord(place, { ...facts, expected: 'fail', observed: 'fail' })).toMatchObject({ expected: 'fail', observed: 'fail', outcome: 'pass' });
  });

  it('is an error with its code when the command failed, and carries no code otherwise', () => {
    expect(commandCheckRecord(place, { ...facts, observed: 'error', errorCode: 'command-failed' })).toMatchObject({ observed: 'error', errorCode: 'command-failed', outcome: 'error' });
    expect(commandCheckRecord(place, { ...facts, observed: 'pass' })).not.toHaveProperty('errorCode');
  });
});

describe('scenarioFailure', () => {
  it('keeps the message with its cause and the code', () => {
    const caught = new HarnessError('STEP_FAILED', 'steps[1] failed', { cause: new Error('exit 1') });
    expect(scenarioFailure(caught)).toEqual({ error: 'steps[1] failed\n  caused by: exit 1', errorCode: 'step-failed' });
  });
});
