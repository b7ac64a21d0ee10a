import { describe, expect, it } from 'vitest';
import { describeFlow } from './describe.ts';
import type { FlowEvidence, ProbeAttempt, RuleHit } from '../results/flow-result.ts';

function attempt(outcome: ProbeAttempt['outcome'], ms: number): ProbeAttempt {
  return { outcome, errno: '', message: '', ms, local: '192.168.1.2:40000', reply: '' };
}

const dropRule: RuleHit = { family: 'ipv4', table: 'filter', rule: '-A DOCKER-USER -i eth0 ! -s 192.168.1.1/32 -j DROP', packets: 2 };
const jump: RuleHit = { family: 'ipv4', table: 'filter', rule: '-A FORWARD -j DOCKER-USER', packets: 2 };
const dnat: RuleHit = { family: 'ipv4', table: 'nat', rule: '-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80', packets: 1 };
const accept: RuleHit = { family: 'ipv4', table: 'filter', rule: '-A DOCKER -d 172.17.0.2/32 -p tcp -j ACCEPT', packets: 1 };

function evidence(attempts: ProbeAttempt[], extra: Partial<FlowEvidence> = {}): FlowEvidence {
  return { source: 'other', target: '192.168.1.10:8080/tcp', attempts, ruleHits: [], ...extra };
}

describe('describeFlow', () => {
  it('describes a connection with the time, the peer the service saw, arrivals and the accepting rule', () => {
    const result = { state: 'connected', durationMs: 5, evidence: evidence([attempt('connected', 1.234)], { peerSeen: '192.168.1.2', arrivals: 1, ruleHits: [jump, dnat, accept] }) } as const;
    expect(describeFlow(result)).toBe(
      'other -> 192.168.1.10:8080/tcp; connected in 1.2 ms; service saw peer 192.168.1.2; 1 packet arrived at the host; matched filter: -A DOCKER -d 172.17.0.2/32 -p tcp -j ACCEPT (+1)',
    );
  });

  it('describes a refusal with its reason', () => {
    const result = { state: 'refused', reason: 'ECONNREFUSED (Connection refused)', durationMs: 5, evidence: evidence([attempt('refused', 0.4)]) } as const;
    expect(describeFlow(result)).toBe('other -> 192.168.1.10:8080/tcp; refused: ECONNREFUSED (Connection refused)');
  });

  it('describes a drop with the attempts, arrivals and only the decisive rules', () => {
    const result = { state: 'dropped', durationMs: 3000, evidence: evidence([attempt('timeout', 1500.4), attempt('timeout', 1500.6)], { arrivals: 2, ruleHits: [jump, dropRule] }) } as const;
    expect(describeFlow(result)).toBe(
      'other -> 192.168.1.10:8080/tcp; no answer to 2 attempts of 1501 ms; 2 packets arrived at the host; matched filter: -A DOCKER-USER -i eth0 ! -s 192.168.1.1/32 -j DROP (+2)',
    );
  });

  it('lists several decisive rules, separated by commas', () => {
    const policy: RuleHit = { family: 'ipv4', table: 'filter', rule: 'FORWARD policy DROP', packets: 1 };
    const result = { state: 'dropped', durationMs: 3000, evidence: evidence([attempt('timeout', 1500)], { ruleHits: [dropRule, policy] }) } as const;
    expect(describeFlow(result)).toBe(
      'other -> 192.168.1.10:8080/tcp; no answer to 1 attempt of 1500 ms; matched filter: -A DOCKER-USER -i eth0 ! -s 192.168.1.1/32 -j DROP (+2), filter: FORWARD policy DROP (+1)',
    );
  });

  it('describes an error with evidence by its message and arrivals', () => {
    const result = { state: 'error', code: 'no-arrival', message: 'no packet of this flow reached docker1 in 2 attempts', durationMs: 3000, evidence: evidence([attempt('timeout', 1500)], { arrivals: 0 }) } as const;
    expect(describeFlow(result)).toBe('other -> 192.168.1.10:8080/tcp; no packet of this flow reached docker1 in 2 attempts; 0 packets arrived at the host');
  });

  it('gives just the message of an error without evidence', () => {
    expect(describeFlow({ state: 'error', code: 'probe-failed', message: 'netprobe on other printed no result (exit 127)', durationMs: 1 })).toBe('netprobe on other printed no result (exit 127)');
  });

  it('leaves out the time when no attempt was recorded', () => {
    expect(describeFlow({ state: 'connected', durationMs: 1, evidence: evidence([]) })).toBe('other -> 192.168.1.10:8080/tcp; connected');
  });

  it('takes the deciding rule from the counters when the trace saw no rule decide (iptables-legacy)', () => {
    const ufwAccept: RuleHit = { family: 'ipv4', table: 'filter', rule: '-A ufw-user-input -p tcp -m tcp --dport 22 -j ACCEPT', packets: 1 };
    const traced = { ...evidence([attempt('connected', 2)], { ruleHits: [ufwAccept] }), trace: { path: [{ table: 'inet harness', chain: 'prerouting', text: 'meta nftrace set 1', verdict: 'continue' }] } };
    expect(describeFlow({ state: 'connected', durationMs: 1, evidence: traced })).toBe(
      'other -> 192.168.1.10:8080/tcp; connected in 2.0 ms; matched filter: -A ufw-user-input -p tcp -m tcp --dport 22 -j ACCEPT (+1)',
    );
  });

  it('says so when a traced connection met no filtering rule', () => {
    const traced = { ...evidence([]), trace: { path: [{ table: 'ip nat', chain: 'DOCKER', text: 'tcp dport 8080 dnat to 172.17.0.2:80', verdict: 'accept' }] } };
    expect(describeFlow({ state: 'connected', durationMs: 1, evidence: traced })).toBe(
      'other -> 192.168.1.10:8080/tcp; connected; accepted with no filtering rule on its path (last rule met: ip nat DOCKER: tcp dport 8080 dnat to 172.17.0.2:80)',
    );
  });

  it('names the deciding rule once when the error message already names it', () => {
    const accept = { table: 'ip filter', chain: 'DOCKER', text: 'tcp dport 80 accept', verdict: 'accept' };
    const traced = { ...evidence([attempt('timeout', 1500)], { arrivals: 2 }), trace: { path: [accept], decidedBy: accept } };
    const message = 'no answer at other in 1 attempt, yet docker1 accepted the flow (decided by ip filter DOCKER: tcp dport 80 accept) and let 2 replies of the destination back out: other discarded them';
    expect(describeFlow({ state: 'error', code: 'reply-discarded-at-source', message, durationMs: 1, evidence: traced })).toBe(`other -> 192.168.1.10:8080/tcp; ${message}; 2 packets arrived at the host`);
  });
});
