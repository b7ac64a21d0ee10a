import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pathInRoot } from './path-in-root.ts';

describe('pathInRoot', () => {
  const root = mkdtempSync(join(tmpdir(), 'harness-root-'));
  mkdirSync(join(root, 'run'));
  mkdirSync(join(root, 'var'));
  symlinkSync('/run', join(root, 'var', 'run'));
  symlinkSync('../run/docker.sock', join(root, 'var', 'sock'));
  symlinkSync('loop', join(root, 'loop'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('starts an absolute link target again at the root, not at this process\'s /', () => {
    expect(pathInRoot(root, '/var/run/docker.sock')).toBe(`${root}/run/docker.sock`);
  });

  it('follows relative targets and .. within the root, and never climbs above it', () => {
    expect(pathInRoot(root, '/var/sock')).toBe(`${root}/run/docker.sock`);
    expect(pathInRoot(root, '/../../etc/passwd')).toBe(`${root}/etc/passwd`);
  });

  it('leaves a path without links, or to nothing yet, as it is', () => {
    expect(pathInRoot(root, '/run/docker.sock')).toBe(`${root}/run/docker.sock`);
  });

  it('gives up on a link loop', () => {
    expect(() => pathInRoot(root, '/loop/x')).toThrow('more than 40 symbolic links');
  });
});
