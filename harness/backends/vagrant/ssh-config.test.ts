import { describe, expect, it } from 'vitest';
import { HarnessError } from '../../core/errors.ts';
import { parseSshConfig } from './ssh-config.ts';

const vagrantOutput = `Host vmhost
  HostName 192.168.121.45
  User vagrant
  Port 22
  UserKnownHostsFile /dev/null
  StrictHostKeyChecking no
  PasswordAuthentication no
  IdentityFile /tmp/run/.vagrant/machines/vmhost/libvirt/private_key
  IdentitiesOnly yes
  LogLevel FATAL
  PubkeyAcceptedKeyTypes +ssh-rsa
  HostKeyAlgorithms +ssh-rsa

`;

describe('parseSshConfig', () => {
  it('reads what vagrant ssh-config prints', () => {
    expect(parseSshConfig(vagrantOutput)).toEqual({
      host: '192.168.121.45',
      port: 22,
      user: 'vagrant',
      privateKeyPath: '/tmp/run/.vagrant/machines/vmhost/libvirt/private_key',
    });
  });

  it('keeps spaces inside quotes and takes the first IdentityFile', () => {
    const text = 'Host a\n  HostName h\n  User root\n  Port 2222\n  IdentityFile "/home/me/my boxes/key"\n  IdentityFile /second\n';
    expect(parseSshConfig(text)).toMatchObject({ port: 2222, user: 'root', privateKeyPath: '/home/me/my boxes/key' });
  });

  it('accepts any keyword case, "=" and CRLF line ends', () => {
    const text = 'Host a\r\n  hostname=10.0.0.5\r\n  USER vagrant\r\n  identityfile = \'/k\'\r\n';
    expect(parseSshConfig(text)).toEqual({ host: '10.0.0.5', port: 22, user: 'vagrant', privateKeyPath: '/k' });
  });

  it('names the missing field', () => {
    expect(() => parseSshConfig('Host a\n  HostName h\n  User u\n')).toThrow(/no IdentityFile/);
    expect(() => parseSshConfig('')).toThrow(HarnessError);
  });

  it('rejects a port that is not one', () => {
    expect(() => parseSshConfig('HostName h\nUser u\nIdentityFile /k\nPort 99999\n')).toThrow(/Port 99999/);
  });
});
