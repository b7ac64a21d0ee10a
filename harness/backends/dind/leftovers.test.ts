import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { labelKeys } from './labels.ts';
import { describeRemoval, requireRemoved } from '../../core/removal.ts';
import { leftoversOf, removeContainers, type ListedContainer } from './leftovers.ts';

function listed(id: string, name: string, labels: Record<string, string> = {}): ListedContainer {
  return { Id: id.padEnd(64, '0'), Names: [`/${name}`], Labels: labels };
}

function engineError(statusCode: number, message: string): Error {
  return Object.assign(new Error(message), { statusCode });
}

describe('removeContainers', () => {
  const containers = [listed('aaaaaaaaaaaa', 'harness-r1-s-switch'), listed('bbbbbbbbbbbb', 'harness-r1-s-docker1'), listed('cccccccccccc', 'harness-r1-s-one')];

  it('names what it removed and what it could not, with the engine\'s reason', async () => {
    const removal = await removeContainers(containers, async (id) => {
      if (id.startsWith('bbb')) throw engineError(409, '(HTTP code 409) unexpected - removal of container is already in progress');
    });
    expect(removal).toEqual({
      removed: ['harness-r1-s-switch (aaaaaaaaaaaa)', 'harness-r1-s-one (cccccccccccc)'],
      failed: [{ what: 'harness-r1-s-docker1 (bbbbbbbbbbbb)', reason: '(HTTP code 409) unexpected - removal of container is already in progress' }],
    });
  });

  it('counts a container that is already gone as removed', async () => {
    const removal = await removeContainers(containers.slice(0, 1), async () => {
      throw engineError(404, '(HTTP code 404) no such container');
    });
    expect(removal).toEqual({ removed: ['harness-r1-s-switch (aaaaaaaaaaaa)'], failed: [] });
  });

  it('tries every container even when the first fails', async () => {
    const tried: string[] = [];
    await removeContainers(containers, async (id) => {
      tried.push(id.slice(0, 3));
      throw new Error('connect EACCES /var/run/docker.sock');
    });
    expect(tried).toEqual(['aaa', 'bbb', 'ccc']);
  });
});

describe('describeRemoval', () => {
  it('lists the removed ones and each failure with its reason', () => {
    expect(describeRemoval({ removed: ['a (1)', 'b (2)'], failed: [{ what: 'c (3)', reason: 'busy' }] }, 'container')).toEqual([
      'removed 2 container(s):',
      '  a (1)',
      '  b (2)',
      'could not remove the container c (3): busy',
    ]);
  });

  it('says when there was nothing', () => {
    expect(describeRemoval({ removed: [], failed: [] }, 'container')).toEqual(['removed 0 container(s)']);
  });
});

describe('requireRemoved', () => {
  it('passes when everything went, and names each leftover otherwise', () => {
    expect(() => requireRemoved({ removed: ['a'], failed: [] })).not.toThrow();
    expect(() => requireRemoved({ removed: [], failed: [{ what: 'b (2)', reason: 'busy' }, { what: 'c (3)', reason: 'gone wrong' }] })).toThrow(
      'could not remove b (2) (busy), c (3) (gone wrong)',
    );
  });
});

describe('leftoversOf', () => {
  const owned = (id: string, host: string, pid: number) => listed(id, id, { [labelKeys.ownerHost]: host, [labelKeys.ownerPid]: String(pid) });

  it('picks only containers of this machine whose harness process is gone', () => {
    const child = spawnSync('true');
    const containers = [owned('dead', 'here', child.pid!), owned('mine', 'here', process.pid), owned('live', 'here', process.ppid), owned('elsewhere', 'there', child.pid!)];
    expect(leftoversOf(containers, 'here', process.pid).map((info) => info.Names[0])).toEqual(['/dead']);
  });
});
