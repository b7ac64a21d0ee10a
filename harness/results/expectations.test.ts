import { describe, expect, it } from 'vitest';
import type { DeviationSpec } from '../format/fields.ts';
import { deviationFor } from './expectations.ts';

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
