import { describe, expect, it } from 'vitest';
import { bootedPids, bootSourcesScript, removeScratch } from './namespace-source.ts';

describe('booting sources in the switch', () => {
  it('boots each source in namespaces of its own, with its name and a scratch folder of its own', () => {
    const script = bootSourcesScript(['one', 'two'], 's7', 30);
    expect(script).toContain(`setsid unshare --mount --uts --ipc --net --pid --fork --kill-child sh -c "$boot" boot 'one' $dir/s7-0`);
    expect(script).toContain(`boot 'two' $dir/s7-1`);
    expect(script).toContain('deadline=$(( $(date +%s) + 30 ))');
  });

  it('removes the scratch space of one scenario\'s sources only', () => {
    expect(removeScratch('s7')).toBe('rm -rf /run/harness-sources/s7-*');
  });

  it('reads the pid of each source from the switch\'s answer', () => {
    expect(bootedPids('one 4242\ntwo 4243\n')).toEqual(new Map([['one', 4242], ['two', 4243]]));
    expect(bootedPids('')).toEqual(new Map());
  });
});
