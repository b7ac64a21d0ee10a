import { describe, expect, it } from 'vitest';
import { suites } from '../images/suites.ts';
import type { DeviationSpec, FlowExpect, Verdict } from '../format/fields.ts';
import { checkExpectation, deviationFor, flowExpectation, keysOnTarget, valueFor, versionKeyProblem, type ByVersion } from './expectations.ts';

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

describe('valueFor (per-version expectations)', () => {
  const expect28: ByVersion<Verdict> = { default: 'dropped', '28': 'connected', '28.5': 'refused', forky: 'error', vm: 'connected' };

  it('takes the suite name first, also on that suite\'s VMs', () => {
    expect(valueFor(expect28, { suite: 'forky', dockerVersions: ['28.5.2'] })).toBe('error');
    expect(valueFor(expect28, { suite: 'forky-vm', dockerVersions: ['28.5.2'] })).toBe('error');
  });

  it('then the longest Docker version prefix', () => {
    expect(valueFor(expect28, { suite: 'trixie', dockerVersions: ['28.5.2+dfsg1'] })).toBe('refused');
    expect(valueFor(expect28, { suite: 'trixie', dockerVersions: ['28.1.1'] })).toBe('connected');
    expect(valueFor(expect28, { suite: 'trixie', dockerVersions: ['280.1'] })).toBe('dropped');
  });

  it('then "vm" on the Vagrant backend, then default', () => {
    expect(valueFor(expect28, { suite: 'bookworm-vm', dockerVersions: ['20.10.24'] })).toBe('connected');
    expect(valueFor(expect28, { suite: 'bookworm', dockerVersions: ['20.10.24'] })).toBe('dropped');
  });

  it('states the truth per version apart from deviations: 20.10 dropped, 28.5 connected', () => {
    const truth: FlowExpect = { default: 'dropped', '28.5': 'connected' };
    expect(flowExpectation(truth, { suite: 'bookworm', dockerVersions: ['20.10.24'] })).toBe('dropped');
    expect(flowExpectation(truth, { suite: 'forky', dockerVersions: ['28.5.2'] })).toBe('connected');
    expect(flowExpectation('refused', { suite: 'forky', dockerVersions: ['28.5.2'] })).toBe('refused');
  });
});

describe('checkExpectation', () => {
  it('expects a fail on the versions failsOn names, a pass elsewhere', () => {
    expect(checkExpectation(['20.10', 'vm'], { suite: 'bookworm', dockerVersions: ['20.10.24'] })).toBe('fail');
    expect(checkExpectation(['20.10', 'vm'], { suite: 'trixie-vm', dockerVersions: ['26.1.5'] })).toBe('fail');
    expect(checkExpectation(['20.10', 'vm'], { suite: 'trixie', dockerVersions: ['26.1.5'] })).toBe('pass');
    expect(checkExpectation([], { suite: 'trixie', dockerVersions: ['26.1.5'] })).toBe('pass');
  });
});

describe('versionKeyProblem', () => {
  it('accepts default, vm, Debian suites and version prefixes', () => {
    for (const key of ['default', 'vm', 'bookworm', 'forky', '20.10', '28', '28.5.2']) expect(versionKeyProblem(key)).toBeUndefined();
  });

  it('accepts every suite the harness runs on', () => {
    for (const suite of Object.keys(suites)) expect(versionKeyProblem(suite)).toBeUndefined();
  });

  it('names a key that is none of them', () => {
    for (const key of ['deafult', 'bookwrom', '28.x', 'bookworm-vm', '1.2.3.4']) expect(versionKeyProblem(key)).toContain(`"${key}" is not "default", "vm", a Debian suite`);
  });
});

describe('keysOnTarget', () => {
  const byVersion: ByVersion<Verdict> = { default: 'dropped', '28': 'connected', '28.5': 'refused', trixie: 'error' };

  it('gives the key a target resolves to, and the keys of versions within a version prefix', () => {
    expect(keysOnTarget(byVersion, '20.10')).toEqual(['default']);
    expect(keysOnTarget(byVersion, '28')).toEqual(['28', '28.5']);
    expect(keysOnTarget(byVersion, '28.5.2')).toEqual(['28.5']);
    expect(keysOnTarget(byVersion, 'trixie')).toEqual(['trixie']);
    expect(keysOnTarget(byVersion, 'vm')).toEqual(['default']);
    expect(keysOnTarget({ default: 'dropped', vm: 'connected' }, 'vm')).toEqual(['vm']);
  });
});
