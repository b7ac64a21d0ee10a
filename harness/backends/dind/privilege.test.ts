import { describe, expect, it } from 'vitest';
import { missingCapabilities, privilegedHostConfig } from './privilege.ts';

function status(capBnd: string): string {
  return ['Name:\tnode', 'Umask:\t0022', 'State:\tR (running)', 'CapInh:\t0000000000000000', 'CapPrm:\t0000000000000000', 'CapEff:\t0000000000000000', `CapBnd:\t${capBnd}`, 'CapAmb:\t0000000000000000', 'NoNewPrivs:\t0', ''].join('\n');
}

describe('missingCapabilities', () => {
  it('names the capabilities whose bits are clear in CapBnd', () => {
    expect(missingCapabilities(status('000001fffeffffff'))).toEqual(['SYS_RESOURCE']);
  });

  it('names several missing capabilities in bit order', () => {
    // Bits 12 (NET_ADMIN), 21 (SYS_ADMIN) and 40 (CHECKPOINT_RESTORE) clear.
    expect(missingCapabilities(status('000000ffffdfefff'))).toEqual(['NET_ADMIN', 'SYS_ADMIN', 'CHECKPOINT_RESTORE']);
  });

  it('names every capability the bounding set of an unprivileged container lacks', () => {
    // Docker's default set: CHOWN DAC_OVERRIDE FOWNER FSETID KILL SETGID SETUID SETPCAP NET_BIND_SERVICE NET_RAW SYS_CHROOT MKNOD AUDIT_WRITE SETFCAP.
    const missing = missingCapabilities(status('00000000a80425fb'));
    expect(missing).toContain('NET_ADMIN');
    expect(missing).toContain('SYS_ADMIN');
    expect(missing).not.toContain('NET_RAW');
    expect(missing).not.toContain('CHOWN');
    expect(missing).toHaveLength(41 - 14);
  });

  // Questionable: with nothing missing, or no CapBnd line, it still reports SYS_RESOURCE as missing.
  it('falls back to SYS_RESOURCE when nothing is missing or CapBnd cannot be read', () => {
    expect(missingCapabilities(status('000001ffffffffff'))).toEqual(['SYS_RESOURCE']);
    expect(missingCapabilities('Name:\tnode\n')).toEqual(['SYS_RESOURCE']);
    expect(missingCapabilities('')).toEqual(['SYS_RESOURCE']);
  });
});

describe('privilegedHostConfig', () => {
  it('asks for --privileged when the engine allows it', () => {
    expect(privilegedHostConfig({ kind: 'privileged' })).toEqual({ Privileged: true, CgroupnsMode: 'private' });
  });

  it('adds every capability but the missing ones otherwise, without seccomp, AppArmor or masked paths', () => {
    expect(privilegedHostConfig({ kind: 'explicit-capabilities', drop: ['SYS_RESOURCE'] })).toEqual({
      CapAdd: ['ALL'],
      CapDrop: ['SYS_RESOURCE'],
      SecurityOpt: ['seccomp=unconfined', 'apparmor=unconfined'],
      MaskedPaths: [],
      ReadonlyPaths: [],
      CgroupnsMode: 'private',
    });
  });
});
