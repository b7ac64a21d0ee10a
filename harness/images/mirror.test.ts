import { describe, expect, it } from 'vitest';
import { mirrorIn } from './mirror.ts';

describe('mirrorIn', () => {
  it('finds the archive in a one-line sources.list', () => {
    const text = [
      '# deb http://commented.example/debian bookworm main',
      'deb http://deb.debian.org/debian bookworm main',
      'deb http://deb.debian.org/debian bookworm-updates main',
      'deb http://security.debian.org/debian-security bookworm-security main',
    ].join('\n');
    expect(mirrorIn(text)).toBe('http://deb.debian.org/debian');
  });

  it('skips options in brackets and a trailing slash', () => {
    expect(mirrorIn('deb [arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] https://mirror.example.org/debian/ trixie main\n')).toBe(
      'https://mirror.example.org/debian',
    );
  });

  it('passes over the security archive, deb-src lines and comments', () => {
    const text = [
      'deb http://security.debian.org/debian-security bookworm-security main',
      'deb-src http://source.example/debian bookworm main',
      '#deb http://commented.example/debian bookworm main',
    ].join('\n');
    expect(mirrorIn(text)).toBeUndefined();
  });

  it('finds the archive in deb822 .sources stanzas', () => {
    const text = [
      'Types: deb',
      'URIs: http://security.debian.org/debian-security',
      'Suites: bookworm-security',
      'Components: main',
      '',
      'Types: deb',
      'URIs: http://ftp.de.debian.org/debian/',
      'Suites: bookworm bookworm-updates',
      'Components: main',
      'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg',
    ].join('\n');
    expect(mirrorIn(text)).toBe('http://ftp.de.debian.org/debian');
  });

  it('finds nothing in an empty or unrelated file', () => {
    expect(mirrorIn('')).toBeUndefined();
    expect(mirrorIn('deb http://archive.ubuntu.com/ubuntu noble main')).toBeUndefined();
  });

  it('does not take Docker\'s own apt repository for the Debian archive', () => {
    expect(mirrorIn('deb [arch=amd64 signed-by=/etc/apt/keyrings/docker.asc] https://download.docker.com/linux/debian bookworm stable')).toBeUndefined();
  });
});
