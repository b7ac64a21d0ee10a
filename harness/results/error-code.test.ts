import { describe, expect, it } from 'vitest';
import { HarnessError } from '../core/errors.ts';
import { scenarioErrorCodeOf } from './error-code.ts';

describe('scenarioErrorCodeOf', () => {
  it('maps the harness codes a scenario can stop with', () => {
    expect(scenarioErrorCodeOf(new HarnessError('DAEMON_DIED', 'on docker1: dockerd died'))).toBe('daemon-died');
    expect(scenarioErrorCodeOf(new HarnessError('KERNEL_FEATURE_MISSING', 'no nf_tables'))).toBe('kernel-feature');
    expect(scenarioErrorCodeOf(new HarnessError('STEP_FAILED', 'steps[2] failed'))).toBe('step-failed');
    expect(scenarioErrorCodeOf(new HarnessError('SSH_NO_ANSWER', 'no answer'))).toBe('no-answer');
    expect(scenarioErrorCodeOf(new HarnessError('VAGRANT_FAILED', 'vagrant up failed'))).toBe('vm-setup');
  });

  it('is other for an error without a known harness code', () => {
    expect(scenarioErrorCodeOf(new Error('container failed to start'))).toBe('other');
    expect(scenarioErrorCodeOf(new HarnessError('BAD_OPTION', 'x'))).toBe('other');
    expect(scenarioErrorCodeOf('a string')).toBe('other');
  });
});
