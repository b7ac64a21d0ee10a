import { describe, expect, it } from 'vitest';
import type { DeviationSpec } from '../scenario/schema.ts';
import { deviationFor, outcomeOf } from './expectations.ts';

const oldDocker: DeviationSpec = { on: ['20.10'], observed: 'connected', reason: 'Docker 20.10 accepts before DOCKER-USER is consulted' };
const onBookworm: DeviationSpec = { on: ['bookworm'], observed: 'refused', reason: 'bookworm kernel answers with a reset here' };
const docker285: DeviationSpec = { on: ['28.5'], observed: 'dropped', reason: 'Docker 28.5 drops instead of rejecting' };

describe('deviationFor', () => {
  it('finds a deviation listed for the suite', () => {
    expect(deviationFor([oldDocker, onBookworm], { suite: 'bookworm', dockerVersions: ['28.5.2'] })).toBe(onBookworm);
  });

  it('on VMs, matches the suite, "vm" or the whole label, and a VM-only deviation stays off containers', () => {
    const onVms: DeviationSpec = { ...onBookworm, on: ['vm'] };
    expect(deviationFor([onBookworm], { suite: 'bookworm-vm', dockerVersions: ['20.10.24'] })).toBe(onBookworm);
    expect(deviationFor([onVms], { suite: 'bookworm-vm', dockerVersions: ['20.10.24'] })).toBe(onVms);
    expect(deviationFor([onVms], { suite: 'bookworm', dockerVersions: ['20.10.24'] })).toBeUndefined();
  });

  it('matches a Docker version prefix at a dot or a plus', () => {
    expect(deviationFor([oldDocker], { suite: 'bullseye', dockerVersions: ['20.10.24+dfsg1'] })).toBe(oldDocker);
    expect(deviationFor([oldDocker], { suite: 'bullseye', dockerVersions: ['20.10'] })).toBe(oldDocker);
    const exactBuild: DeviationSpec = { ...oldDocker, on: ['20.10.24'] };
    expect(deviationFor([exactBuild], { suite: 'bullseye', dockerVersions: ['20.10.24+dfsg1'] })).toBe(exactBuild);
  });

  it('does not match a prefix in the middle of a version component', () => {
    expect(deviationFor([docker285], { suite: 'trixie', dockerVersions: ['28.50.1'] })).toBeUndefined();
    expect(deviationFor([oldDocker], { suite: 'trixie', dockerVersions: ['20.100.1'] })).toBeUndefined();
    expect(deviationFor([docker285], { suite: 'trixie', dockerVersions: ['28.5.2'] })).toBe(docker285);
  });

  it('matches any of several Docker versions, and gives the first matching deviation', () => {
    expect(deviationFor([oldDocker, docker285], { suite: 'trixie', dockerVersions: ['27.0.1', '28.5.0'] })).toBe(docker285);
    const both: DeviationSpec = { ...docker285, on: ['trixie'] };
    expect(deviationFor([both, docker285], { suite: 'trixie', dockerVersions: ['28.5.0'] })).toBe(both);
  });

  it('finds nothing for another suite and version, or with no deviations listed', () => {
    expect(deviationFor([oldDocker, onBookworm, docker285], { suite: 'trixie', dockerVersions: ['28.1.1'] })).toBeUndefined();
    expect(deviationFor([], { suite: 'bookworm', dockerVersions: ['20.10.24'] })).toBeUndefined();
  });
});

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
