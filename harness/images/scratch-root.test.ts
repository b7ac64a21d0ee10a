import { describe, expect, it } from 'vitest';
import { chrootEnv, mountsBelow } from './scratch-root.ts';

describe('mountsBelow', () => {
  const mounts = [
    'proc /proc proc rw 0 0',
    'proc /tmp/harness-rootfs-x/proc proc rw 0 0',
    'udev /tmp/harness-rootfs-x/dev devtmpfs rw 0 0',
    'devpts /tmp/harness-rootfs-x/dev/pts devpts rw 0 0',
    'tmpfs /tmp/harness-rootfs-xy tmpfs rw 0 0',
  ].join('\n');

  it('lists what is mounted inside the root, deepest first, and nothing beside it', () => {
    expect(mountsBelow('/tmp/harness-rootfs-x', mounts)).toEqual(['/tmp/harness-rootfs-x/dev/pts', '/tmp/harness-rootfs-x/proc', '/tmp/harness-rootfs-x/dev']);
  });
});

describe('chrootEnv', () => {
  it("leaves the outside's TMPDIR out, keeps the rest, and keeps apt from asking", () => {
    const env = chrootEnv({ TMPDIR: '/tmp/harness-tests-1', PATH: '/usr/bin', http_proxy: 'http://proxy:3128' });
    expect(env).toEqual({ PATH: '/usr/bin', http_proxy: 'http://proxy:3128', DEBIAN_FRONTEND: 'noninteractive', LC_ALL: 'C' });
  });
});
