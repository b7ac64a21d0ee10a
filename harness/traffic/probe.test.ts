import { describe, expect, it } from 'vitest';
import type { FlowEvidence, ProbeAttempt } from '../results/flow-result.ts';
import { verdictOf } from './probe.ts';

function attempt(outcome: ProbeAttempt['outcome'], errno = '', message = ''): ProbeAttempt {
  return { outcome, errno, message, ms: outcome === 'timeout' ? 1500 : 1.2, local: '192.168.1.2:40000', reply: outcome === 'connected' ? 'peer=192.168.1.2:40000' : '' };
}

function evidenceOf(attempts: ProbeAttempt[], arrivals?: number): FlowEvidence {
  return { source: 'other', target: '192.168.1.10:8080/tcp', attempts, ruleHits: [], ...(arrivals === undefined ? {} : { arrivals }) };
}

function verdict(attempts: ProbeAttempt[], options: { arrivals?: number; targetHost?: string } = {}) {
  const evidence = evidenceOf(attempts, options.arrivals);
  return { evidence, result: verdictOf(attempts, evidence, 42, options.targetHost) };
}

describe('verdictOf', () => {
  it('is connected when the last attempt connected', () => {
    const { evidence, result } = verdict([attempt('timeout'), attempt('connected')], { arrivals: 2, targetHost: 'docker1' });
    expect(result).toEqual({ state: 'connected', durationMs: 42, evidence });
  });

  it('is refused, with the errno, when the connection was refused', () => {
    const { evidence, result } = verdict([attempt('refused', 'ECONNREFUSED', 'Connection refused')], { targetHost: 'docker1' });
    expect(result).toEqual({ state: 'refused', reason: 'ECONNREFUSED (Connection refused)', durationMs: 42, evidence });
  });

  it('counts an ICMP unreachable as refused', () => {
    const { result } = verdict([attempt('unreachable', 'EHOSTUNREACH', 'No route to host')]);
    expect(result).toMatchObject({ state: 'refused', reason: 'EHOSTUNREACH (No route to host)' });
  });

  it('is dropped when the attempts timed out after packets arrived at the Docker host', () => {
    const { evidence, result } = verdict([attempt('timeout'), attempt('timeout')], { arrivals: 2, targetHost: 'docker1' });
    expect(result).toEqual({ state: 'dropped', durationMs: 42, evidence });
  });

  it('is an error when the attempts timed out and no packet reached the Docker host', () => {
    const { evidence, result } = verdict([attempt('timeout'), attempt('timeout')], { arrivals: 0, targetHost: 'docker1' });
    expect(result).toEqual({
      state: 'error',
      message: "no packet of this flow reached docker1 in 2 attempts; the source's routing or the outside network lost it, so no firewall verdict can be given",
      durationMs: 42,
      evidence,
    });
  });

  it('is dropped on a timeout to a machine that is not a Docker host, which has no arrival counter', () => {
    expect(verdict([attempt('timeout'), attempt('timeout')]).result.state).toBe('dropped');
  });

  it('is an error, not dropped, on a timeout to a Docker host when no evidence shows the packets arrived', () => {
    const { result } = verdict([attempt('timeout'), attempt('timeout')], { targetHost: 'docker1' });
    expect(result.state).toBe('error');
    expect(result.state === 'error' && result.message).toMatch(/no evidence that the packets arrived/);
  });

  it('is an error when the probe itself failed', () => {
    const { evidence, result } = verdict([attempt('error', 'EINVAL', 'Invalid argument')], { targetHost: 'docker1' });
    expect(result).toEqual({ state: 'error', message: 'probe failed: EINVAL Invalid argument', durationMs: 42, evidence });
  });

  it('is an error when no attempt was made', () => {
    const { evidence, result } = verdict([]);
    expect(result).toEqual({ state: 'error', message: 'no probe attempt was made', durationMs: 42, evidence });
  });
});
