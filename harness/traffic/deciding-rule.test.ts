import { describe, expect, it } from 'vitest';
import type { FlowEvidence, RuleHit } from '../results/flow-result.ts';
import { decidingRule } from './deciding-rule.ts';

const jump: RuleHit = { family: 'ipv4', table: 'filter', rule: '-A FORWARD -j DOCKER-USER', packets: 3 };
const drop: RuleHit = { family: 'ipv4', table: 'filter', rule: '-A DOCKER-USER -i eth0 ! -s 192.168.1.1/32 -j DROP', packets: 3 };
const policy: RuleHit = { family: 'ipv6', table: 'filter', rule: 'FORWARD policy DROP', packets: 1 };

function evidence(extra: Partial<FlowEvidence>): FlowEvidence {
  return { source: 'other', target: '192.168.1.10:8080/tcp', attempts: [], ruleHits: [], ...extra };
}

describe('decidingRule', () => {
  it('names the traced step that decided the flow', () => {
    const trace = { path: [], decidedBy: { table: 'ip filter', chain: 'DOCKER-USER', text: 'iifname "eth0" ip saddr != 192.168.1.1 drop', verdict: 'drop' } };
    expect(decidingRule({ state: 'dropped', durationMs: 1, evidence: evidence({ trace, ruleHits: [jump, drop] }) })).toEqual({
      by: 'trace',
      table: 'ip filter',
      chain: 'DOCKER-USER',
      rule: 'iifname "eth0" ip saddr != 192.168.1.1 drop',
      verdict: 'drop',
    });
  });

  it('falls back to the decisive rule hits, without their counts, when the trace names none', () => {
    expect(decidingRule({ state: 'dropped', durationMs: 1, evidence: evidence({ ruleHits: [jump, drop, policy] }) })).toEqual({
      by: 'rule-hits',
      rules: [
        { family: 'ipv4', table: 'filter', rule: '-A DOCKER-USER -i eth0 ! -s 192.168.1.1/32 -j DROP' },
        { family: 'ipv6', table: 'filter', rule: 'FORWARD policy DROP' },
      ],
    });
  });

  it('names nothing when no rule decided or there is no evidence', () => {
    expect(decidingRule({ state: 'connected', durationMs: 1, evidence: evidence({ ruleHits: [jump] }) })).toBeUndefined();
    expect(decidingRule({ state: 'error', code: 'no-arrival', message: 'lost', durationMs: 1 })).toBeUndefined();
  });
});
