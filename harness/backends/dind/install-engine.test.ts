import { describe, expect, it } from 'vitest';
import { HarnessError } from '../../core/errors.ts';
import { refuseToStartEngine } from './install-engine.ts';

const address = 'unix:///var/run/docker.sock';

function refusal(run: () => void): HarnessError | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error as HarnessError;
  }
}

describe('refuseToStartEngine', () => {
  it('lets the harness start an engine only when nothing listens on a root Debian machine', () => {
    expect(refusal(() => refuseToStartEngine({ kind: 'absent', reason: 'connect ENOENT /var/run/docker.sock' }, { address, dockerHostSet: false, canUseApt: true }))).toBeUndefined();
  });

  it('starts nothing when the socket is there but not allowed, and says so', () => {
    const error = refusal(() => refuseToStartEngine({ kind: 'unusable', reason: 'connect EACCES /var/run/docker.sock' }, { address, dockerHostSet: false, canUseApt: true }));
    expect(error?.code).toBe('ENGINE_UNREACHABLE');
    expect(error?.message).toContain(`The Docker engine at ${address} cannot be used: connect EACCES /var/run/docker.sock`);
  });

  it('starts nothing for an engine that does not answer in time', () => {
    expect(refusal(() => refuseToStartEngine({ kind: 'unusable', reason: 'no answer within 3000 ms' }, { address, dockerHostSet: false, canUseApt: true }))?.code).toBe('ENGINE_UNREACHABLE');
  });

  it('installs nothing for DOCKER_HOST, nor without apt, naming the address and the reason', () => {
    const absent = { kind: 'absent', reason: 'connect ECONNREFUSED 10.0.0.5:2375' } as const;
    const remote = refusal(() => refuseToStartEngine(absent, { address: 'tcp://10.0.0.5:2375', dockerHostSet: true, canUseApt: true }));
    expect(remote?.code).toBe('ENGINE_MISSING');
    expect(remote?.message).toContain('No Docker engine answers at tcp://10.0.0.5:2375 (connect ECONNREFUSED 10.0.0.5:2375)');
    expect(refusal(() => refuseToStartEngine(absent, { address, dockerHostSet: false, canUseApt: false }))?.code).toBe('ENGINE_MISSING');
  });
});
