import { describe, expect, it } from 'vitest';
import { HarnessError } from '../core/errors.ts';
import type { FlowEvidence, ProbeAttempt } from './flow-result.ts';
import { verdictOf } from '../traffic/probe.ts';
import { flowErrorCodeOf, scenarioErrorCodeOf } from './error-code.ts';

function attempt(outcome: ProbeAttempt['outcome']): ProbeAttempt {
  return { outcome, errno: outcome === 'error' ? 'EINVAL' : '', message: '', ms: 1, local: '', reply: '' };
}

// The code of the error verdict verdictOf gives for these attempts and arrivals.
function codeFor(attempts: ProbeAttempt[], arrivals?: number): string {
  const evidence: FlowEvidence = { source: 'lan', target: '192.168.1.10:8080/tcp', attempts, ruleHits: [], ...(arrivals === undefined ? {} : { arrivals }) };
  const result = verdictOf(attempts, evidence, 1, 'docker1');
  if (result.state !== 'error') throw new Error(`expected an error verdict, got ${result.state}`);
  return flowErrorCodeOf(result);
}

describe('flowErrorCodeOf', () => {
  it('names each error verdict the probe gives', () => {
    expect(codeFor([])).toBe('no-probe-attempt');
    expect(codeFor([attempt('timeout'), attempt('error')], 2)).toBe('probe-failed');
    expect(codeFor([attempt('timeout'), attempt('timeout')], 0)).toBe('no-arrival');
    expect(codeFor([attempt('timeout')])).toBe('no-arrival-evidence');
  });

  it('is no-probe-attempt for an error without evidence', () => {
    expect(flowErrorCodeOf({ state: 'error', message: 'x', durationMs: 0 })).toBe('no-probe-attempt');
  });
});

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
