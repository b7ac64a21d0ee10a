import { describe, expect, it } from 'vitest';
import type { DeviationSpec } from '../format/fields.ts';
import { isMet, outcomeOf, outcomes } from './outcome.ts';

const oldDocker: DeviationSpec = { on: ['20.10'], observed: 'connected', reason: 'Docker 20.10 accepts before DOCKER-USER is consulted' };

describe('outcomeOf', () => {
  it('passes when the documented behaviour is observed', () => {
    expect(outcomeOf('dropped', 'dropped', undefined)).toBe('pass');
    expect(outcomeOf('pass', 'pass', undefined)).toBe('pass');
  });

  it('fails when something else is observed and no deviation is listed', () => {
    expect(outcomeOf('dropped', 'connected', undefined)).toBe('fail');
  });

  it('is a known deviation when the listed deviation is observed', () => {
    expect(outcomeOf('dropped', 'connected', oldDocker)).toBe('known-deviation');
    expect(outcomeOf('pass', 'fail', { ...oldDocker, observed: 'fail' })).toBe('known-deviation');
  });

  it('is deviation-gone when a deviation is listed but the documented behaviour held', () => {
    expect(outcomeOf('dropped', 'dropped', oldDocker)).toBe('deviation-gone');
  });

  it('fails when neither the documented nor the listed behaviour is observed', () => {
    expect(outcomeOf('dropped', 'refused', oldDocker)).toBe('fail');
  });

  it('is an error when the harness could not decide, unless an error was expected', () => {
    expect(outcomeOf('connected', 'error', undefined)).toBe('error');
    expect(outcomeOf('connected', 'error', oldDocker)).toBe('error');
    expect(outcomeOf('error', 'error', undefined)).toBe('pass');
  });

  it('reports a known deviation when the listed deviation is an error and an error is seen', () => {
    expect(outcomeOf('connected', 'error', { ...oldDocker, observed: 'error' })).toBe('known-deviation');
  });

  // The loader refuses such a deviation; if one got through, the listed deviation still wins.
  it('reports known-deviation when the deviation observes the expected verdict', () => {
    expect(outcomeOf('dropped', 'dropped', { ...oldDocker, observed: 'dropped' })).toBe('known-deviation');
  });
});

describe('isMet', () => {
  it('counts pass and known deviations as met, a deviation gone only when accepted', () => {
    expect(outcomes.filter((outcome) => isMet(outcome, false))).toEqual(['pass', 'known-deviation']);
    expect(outcomes.filter((outcome) => isMet(outcome, true))).toEqual(['pass', 'known-deviation', 'deviation-gone']);
  });
});

describe('outcomeOf for a check expected to fail on this version', () => {
  it('passes on a fail, fails on a pass, and is an error when the command failed', () => {
    expect(outcomeOf('fail', 'fail', undefined)).toBe('pass');
    expect(outcomeOf('fail', 'pass', undefined)).toBe('fail');
    expect(outcomeOf('fail', 'error', undefined)).toBe('error');
  });
});
