import { describe, expect, it } from 'vitest';
import { withHarnessSettings } from './qemu-conf.ts';

describe('withHarnessSettings', () => {
  it('appends the settings and comments out active ones for the same keys', () => {
    const text = '#user = "libvirt-qemu"\nuser = "nobody"\nvnc_listen = "0.0.0.0"\n  security_driver = "apparmor"\n';
    const result = withHarnessSettings(text);
    expect(result).toBe(
      '#user = "libvirt-qemu"\n#user = "nobody"\nvnc_listen = "0.0.0.0"\n#  security_driver = "apparmor"\n\n' +
        '# Set by docker-fw-harness for the run\'s own libvirtd:\ncgroup_controllers = [ ]\nsecurity_driver = "none"\nuser = "root"\ngroup = "root"\n',
    );
  });

  it('gives the same active settings when applied twice', () => {
    const active = (text: string) => text.split('\n').filter((line) => /^[a-z]/.test(line));
    const once = withHarnessSettings('user = "x"\n');
    expect(active(withHarnessSettings(once))).toEqual(active(once));
  });
});
