import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { pingEngine, pingFailure } from './engine.ts';

function errno(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('pingFailure', () => {
  it('calls a missing socket or a refused connection "absent": nothing listens', () => {
    expect(pingFailure(errno('ENOENT', 'connect ENOENT /var/run/docker.sock'))).toEqual({ kind: 'absent', reason: 'connect ENOENT /var/run/docker.sock' });
    expect(pingFailure(errno('ECONNREFUSED', 'connect ECONNREFUSED /var/run/docker.sock'))).toEqual({ kind: 'absent', reason: 'connect ECONNREFUSED /var/run/docker.sock' });
  });

  it('calls no permission on the socket "unusable", keeping the reason', () => {
    expect(pingFailure(errno('EACCES', 'connect EACCES /var/run/docker.sock'))).toEqual({ kind: 'unusable', reason: 'connect EACCES /var/run/docker.sock' });
  });

  it('calls TLS and HTTP errors "unusable"', () => {
    expect(pingFailure(errno('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate')).kind).toBe('unusable');
    expect(pingFailure(Object.assign(new Error('(HTTP code 403) unexpected - forbidden'), { statusCode: 403 })).kind).toBe('unusable');
    expect(pingFailure('something odd').kind).toBe('unusable');
  });
});

describe('pingEngine', () => {
  const engine = (version: () => Promise<{ Version: string }>) => ({ version }) as unknown as Docker;

  it('gives the version of an engine that answers', async () => {
    expect(await pingEngine(engine(async () => ({ Version: '28.1.1' })))).toEqual({ kind: 'answers', version: '28.1.1' });
  });

  it('keeps the reason an engine did not answer', async () => {
    expect(await pingEngine(engine(() => Promise.reject(errno('EACCES', 'connect EACCES /var/run/docker.sock'))))).toEqual({
      kind: 'unusable',
      reason: 'connect EACCES /var/run/docker.sock',
    });
  });

  it('calls an engine that never answers "unusable", with the time limit, as a timeout (asked again at a run start)', async () => {
    expect(await pingEngine(engine(() => new Promise(() => {})), 20)).toEqual({ kind: 'unusable', reason: 'no answer within 20 ms', timedOut: true });
  });
});
