import { describe, expect, it } from 'vitest';
import { settingsBlamed, startFailureReason } from './daemon-failure.ts';

const containerdNoise = Array.from({ length: 30 }, (_, index) => `time="2026-11-30T18:00:00Z" level=info msg="loading plugin ${index}" type=io.containerd.grpc.v1`).join('\n');

describe('startFailureReason', () => {
  it('takes the line that says why, from the last start only, after containerd\'s noise', () => {
    const log = [
      '=== dockerd  (started by the harness)',
      'failed to start daemon: an earlier start that is not this one',
      '=== dockerd --ip 10.0.0.1 (started by the harness)',
      'time="2026-11-30T18:00:00Z" level=info msg="Starting up"',
      'time="2026-11-30T18:00:01Z" level=fatal msg="failed to start daemon: Error initializing network controller: listen 10.0.0.1: cannot assign \\"requested\\" address"',
      containerdNoise,
    ].join('\n');
    expect(startFailureReason(log)).toBe('failed to start daemon: Error initializing network controller: listen 10.0.0.1: cannot assign "requested" address');
  });

  it('knows the daemon.json and flag parser messages', () => {
    expect(startFailureReason("=== dockerd\nunable to configure the Docker daemon with file /etc/docker/daemon.json: the following directives don't match any configuration option: bogus-key\n")).toContain('bogus-key');
    expect(startFailureReason('=== dockerd --bogus\nunknown flag: --bogus\nSee \'dockerd --help\'.')).toBe('unknown flag: --bogus');
  });

  it('falls back to the last line, and to nothing for an empty log', () => {
    expect(startFailureReason('=== dockerd\nsomething odd\n')).toBe('something odd');
    expect(startFailureReason('=== dockerd\n')).toBeUndefined();
  });
});

describe('settingsBlamed', () => {
  const settings = [
    { text: 'bogus-key', field: 'hosts.docker1.daemon.config.bogus-key' },
    { text: '10.0.0.1', field: 'hosts.docker1.daemon.config.ip' },
    { text: '--iptables=false', field: 'hosts.docker1.daemon.args' },
  ];
  it('names the field whose key or value the reason mentions', () => {
    expect(settingsBlamed("the following directives don't match any configuration option: bogus-key", settings).map((s) => s.field)).toEqual(['hosts.docker1.daemon.config.bogus-key']);
    expect(settingsBlamed('listen 10.0.0.1: cannot assign requested address', settings).map((s) => s.field)).toEqual(['hosts.docker1.daemon.config.ip']);
    expect(settingsBlamed('permission denied', settings)).toEqual([]);
  });
});
