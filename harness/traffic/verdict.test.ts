import { describe, expect, it } from 'vitest';
import { flowErrorCodes, type FlowErrorCode } from '../results/error-code.ts';
import type { FlowResult, PacketTrace, ProbeAttempt, RuleHit, TraceStep } from '../results/flow-result.ts';
import { decideVerdict, type Destination, type VerdictEvidence } from './verdict.ts';

function attempt(outcome: ProbeAttempt['outcome'], errno = '', message = ''): ProbeAttempt {
  return { outcome, errno, message, ms: outcome === 'timeout' ? 1500 : 1.2, local: '192.168.1.2:40000', reply: outcome === 'connected' ? 'peer=192.168.1.2:40000' : '' };
}

const refused = attempt('refused', 'ECONNREFUSED', 'Connection refused');
const noRoute = attempt('unreachable', 'ENETUNREACH', 'Network is unreachable');
const noHost = attempt('unreachable', 'EHOSTUNREACH', 'No route to host');
const notPermitted = attempt('unreachable', 'EPERM', 'Operation not permitted');
const silent = [attempt('timeout'), attempt('timeout')];

const acceptStep: TraceStep = { table: 'ip filter', chain: 'DOCKER', text: 'ip daddr 172.17.0.2 tcp dport 80 accept', verdict: 'accept' };
const dropStep: TraceStep = { table: 'ip filter', chain: 'DOCKER-USER', text: 'iifname "eth0" drop', verdict: 'drop' };
const rawDrop: TraceStep = { table: 'ip raw', chain: 'PREROUTING', text: 'tcp dport 8080 drop', verdict: 'drop' };
const rejectStep: TraceStep = { table: 'ip filter', chain: 'INPUT', text: 'tcp dport 8080 reject', verdict: 'reject' };
const dropRule: RuleHit = { family: 'ipv4', table: 'filter', rule: '-A DOCKER-USER -j DROP', packets: 2 };

const docker1: Destination = { kind: 'docker-host', host: 'docker1', isSource: false };

interface Case {
  readonly attempts: readonly ProbeAttempt[];
  readonly arrivals?: number;
  readonly ruleHits?: readonly RuleHit[];
  readonly traces?: VerdictEvidence['traces'];
  readonly destination?: Destination;
  readonly observers?: readonly string[];
  readonly target?: string;
}

function decide(input: Case): FlowResult {
  const evidence: VerdictEvidence = {
    source: 'other',
    target: input.target ?? '192.168.1.10:8080/tcp',
    attempts: input.attempts,
    ruleHits: input.ruleHits ?? [],
    traces: input.traces ?? [],
    ...(input.arrivals === undefined ? {} : { arrivals: input.arrivals }),
  };
  const destination = input.destination ?? docker1;
  const observers = input.observers ?? (destination.kind === 'docker-host' ? [destination.host] : ['docker1']);
  return decideVerdict(evidence, { destination, observers, durationMs: 42 });
}

function trace(path: TraceStep[], extra: Partial<PacketTrace> = {}): VerdictEvidence['traces'] {
  const decidedBy = path.find((step) => step.verdict === 'drop' || step.verdict === 'reject') ?? path.filter((step) => step.verdict === 'accept').at(-1);
  return [{ host: 'docker1', trace: { path, ...(decidedBy ? { decidedBy } : {}), ...extra } }];
}

function errorOf(result: FlowResult): { code: FlowErrorCode; message: string } {
  if (result.state !== 'error') throw new Error(`expected an error, got ${result.state}`);
  return { code: result.code, message: result.message };
}

describe('decideVerdict', () => {
  it('is connected when the last attempt connected, with the peer the service saw', () => {
    const result = decide({ attempts: [attempt('timeout'), attempt('connected')], arrivals: 2 });
    expect(result.state).toBe('connected');
    expect(result.evidence?.peerSeen).toBe('192.168.1.2:40000');
    expect(result.durationMs).toBe(42);
  });

  it('is refused, with the errno, when the host answered a packet that reached it', () => {
    const result = decide({ attempts: [refused], arrivals: 1 });
    expect(result).toMatchObject({ state: 'refused', reason: 'ECONNREFUSED (Connection refused)' });
  });

  it('is refused when the arrival counter could not be read: nothing contradicts the refusal', () => {
    expect(decide({ attempts: [refused] }).state).toBe('refused');
  });

  it('counts an ICMP host unreachable from a host that got the packet as refused', () => {
    expect(decide({ attempts: [noHost], arrivals: 1, traces: trace([rejectStep]) })).toMatchObject({ state: 'refused', reason: 'EHOSTUNREACH (No route to host)' });
  });

  it('is an error when a refusal is claimed of a host no packet reached: the source answered itself', () => {
    expect(errorOf(decide({ attempts: [refused], arrivals: 0 }))).toEqual({
      code: 'answered-by-source',
      message: "refused with ECONNREFUSED (Connection refused), yet no packet of this flow reached docker1: other's own stack answered, not docker1",
    });
  });

  it("is an error when the source's own firewall refused to send (EPERM) and nothing reached the host", () => {
    expect(errorOf(decide({ attempts: [notPermitted], arrivals: 0 })).message).toMatch(/other's own firewall refused to send it, not docker1/);
  });

  it('is refused when a host probing itself is refused: its own stack is the destination', () => {
    const result = decide({ attempts: [refused], arrivals: 0, destination: { kind: 'docker-host', host: 'docker1', isSource: true }, target: '127.0.0.1:8080/tcp' });
    expect(result.state).toBe('refused');
  });

  it('is an error when EHOSTUNREACH comes with nothing arriving: neighbour discovery failed', () => {
    expect(errorOf(decide({ attempts: [noHost], arrivals: 0 }))).toEqual({
      code: 'no-neighbour',
      message: "EHOSTUNREACH (No route to host) at other, yet no packet of this flow reached docker1: other's neighbour discovery (ARP or NDP) for 192.168.1.10 failed, no host refused it",
    });
  });

  it('is an error when the source has no route (ENETUNREACH) and nothing arrived anywhere', () => {
    expect(errorOf(decide({ attempts: [noRoute], arrivals: 0 }))).toEqual({
      code: 'no-route-at-source',
      message: 'ENETUNREACH (Network is unreachable) at other, and no packet of this flow reached docker1: other has no route to 192.168.1.10, a routing failure at the source, not a refusal',
    });
    const noObserver = decide({ attempts: [noRoute], destination: { kind: 'other-machine' }, observers: [], target: '192.168.1.1:9/tcp' });
    expect(errorOf(noObserver).message).toMatch(/no packet of this flow reached any host: other has no route to 192\.168\.1\.1/);
  });

  it('is refused on ENETUNREACH when a host on the way got the packet and rejected it', () => {
    const result = decide({ attempts: [noRoute], arrivals: 1, destination: { kind: 'other-machine' }, observers: ['router'], traces: trace([rejectStep]) });
    expect(result.state).toBe('refused');
  });

  it("is refused by another machine although no host saw the packet: it need not pass one", () => {
    expect(decide({ attempts: [refused], arrivals: 0, destination: { kind: 'other-machine' }, target: '192.168.1.3:9/tcp' }).state).toBe('refused');
  });

  it("is an error when the destination is a plain source's own loopback, whatever its stack answered", () => {
    const loopback = { destination: { kind: 'source-itself' } as const, target: '127.0.0.1:8080/tcp', arrivals: 0 };
    expect(errorOf(decide({ attempts: [refused], ...loopback }))).toEqual({
      code: 'answered-by-source',
      message: "127.0.0.1 is other's own address and other is no Docker host of the run: other's own stack refused it with ECONNREFUSED (Connection refused), which says nothing of any host's firewall",
    });
    expect(errorOf(decide({ attempts: [attempt('connected')], ...loopback })).message).toMatch(/other's own stack accepted the connection/);
  });

  it('is dropped when the attempts timed out after packets arrived at the Docker host', () => {
    expect(decide({ attempts: silent, arrivals: 2 }).state).toBe('dropped');
  });

  it('is dropped, decided by the raw table, when a DROP in raw stopped the packets', () => {
    const result = decide({ attempts: [attempt('timeout')], arrivals: 1, traces: trace([rawDrop]) });
    expect(result.state).toBe('dropped');
    expect(result.evidence?.trace?.decidedBy).toEqual(rawDrop);
  });

  it('is dropped when a reply was dropped on its way back, though the host let other replies pass', () => {
    const result = decide({ attempts: silent, arrivals: 2, traces: trace([acceptStep, dropStep], { replies: { traced: 2, passed: 1 } }) });
    expect(result.state).toBe('dropped');
  });

  it('is an error, not dropped, when the host accepted the flow and let the replies back out', () => {
    const result = decide({ attempts: silent, arrivals: 3, traces: trace([acceptStep], { replies: { traced: 3, passed: 3 } }) });
    expect(errorOf(result)).toEqual({
      code: 'reply-discarded-at-source',
      message:
        'no answer at other in 2 attempts, yet docker1 accepted the flow (decided by ip filter DOCKER: ip daddr 172.17.0.2 tcp dport 80 accept) and let 3 replies of the destination back out: other discarded them',
    });
  });

  it('names the router whose trace shows the replies let through, among several observing hosts', () => {
    const traces = [
      { host: 'docker1', trace: { path: [] } },
      { host: 'router', trace: { path: [acceptStep], decidedBy: acceptStep, replies: { traced: 1, passed: 1 } } },
    ];
    const result = decide({ attempts: silent, arrivals: 1, destination: { kind: 'other-machine' }, observers: ['docker1', 'router'], traces });
    expect(errorOf(result).message).toMatch(/yet router accepted the flow \(decided by router ip filter DOCKER: .*\) and let 1 reply/);
    expect(result.evidence?.trace?.path[0]?.table).toBe('router ip filter');
  });

  it('is an error when the attempts timed out and no packet reached the Docker host', () => {
    expect(errorOf(decide({ attempts: silent, arrivals: 0 }))).toEqual({
      code: 'no-arrival',
      message: "no packet of this flow reached docker1 in 2 attempts; the source's routing or the outside network lost it, so no firewall verdict can be given",
    });
  });

  it('names every observing host when silence reached none of them', () => {
    const result = decide({ attempts: silent, arrivals: 0, destination: { kind: 'other-machine' }, observers: ['docker1', 'router'] });
    expect(errorOf(result).message).toMatch(/^no packet of this flow reached docker1 or router in 2 attempts/);
  });

  it('is dropped on a timeout with no Docker host to observe it', () => {
    expect(decide({ attempts: silent, destination: { kind: 'other-machine' }, observers: [] }).state).toBe('dropped');
  });

  it('is dropped without an arrival count when a DROP rule counted the packets or the trace shows the drop', () => {
    expect(decide({ attempts: silent, ruleHits: [dropRule] }).state).toBe('dropped');
    expect(decide({ attempts: silent, traces: trace([dropStep]) }).state).toBe('dropped');
  });

  it('is dropped, naming the rule, when a container\'s own host traced its packets dropped on the way out and none reached the destination host', () => {
    const egressDrop: TraceStep = { table: 'ip filter', chain: 'DOCKER-USER', text: 'iifname "docker0" ip daddr 192.168.1.11 drop', verdict: 'drop' };
    const traces = [
      { host: 'docker2', trace: { path: [] } },
      { host: 'docker1', trace: { path: [egressDrop], decidedBy: egressDrop } },
    ];
    const result = decide({ attempts: [attempt('timeout')], arrivals: 0, destination: { kind: 'docker-host', host: 'docker2', isSource: false }, observers: ['docker2', 'docker1'], traces });
    expect(result.state).toBe('dropped');
    expect(result.evidence?.trace?.decidedBy).toEqual({ ...egressDrop, table: 'docker1 ip filter' });
  });

  it('is an error, not dropped, when a container\'s own host, the only observer, traced no drop and no host counts arrivals', () => {
    const forwarded = trace([{ table: 'ip filter', chain: 'FORWARD', text: 'iifname "docker0" accept', verdict: 'accept' }]);
    const evidence: VerdictEvidence = { source: 'web on docker1', target: '192.168.1.50:9000/tcp', attempts: silent, ruleHits: [], traces: forwarded };
    const result = decideVerdict(evidence, { destination: { kind: 'other-machine' }, observers: ['docker1'], arrivalsAt: [], durationMs: 42 });
    expect(errorOf(result)).toEqual({
      code: 'no-arrival-evidence',
      message:
        'no answer at web on docker1 in 2 attempts, docker1 traced no drop of it, and no Docker host is at the destination to count its arrival: it or its replies were lost beyond docker1, so no firewall verdict can be given',
    });
  });

  it('is an error, not dropped, when the packets arrived and the deciding rule accepted them, with no drop traced or counted', () => {
    const result = decide({ attempts: silent, arrivals: 3, traces: trace([acceptStep]) });
    expect(errorOf(result).code).toBe('accepted-but-silent');
    expect(errorOf(result).message).toContain('accepted the flow (decided by ip filter DOCKER: ip daddr 172.17.0.2 tcp dport 80 accept');
  });

  it('stays dropped when the packets arrived and a DROP rule counted them, whatever the trace ends on', () => {
    expect(decide({ attempts: silent, arrivals: 3, traces: trace([acceptStep]), ruleHits: [dropRule] }).state).toBe('dropped');
  });

  it('is an error, not dropped, on a timeout when no evidence shows the packets arrived', () => {
    expect(errorOf(decide({ attempts: silent })).code).toBe('no-arrival-evidence');
  });

  it('is an error when the probe itself failed', () => {
    expect(errorOf(decide({ attempts: [attempt('error', 'EINVAL', 'Invalid argument')], arrivals: 0 }))).toEqual({ code: 'probe-failed', message: 'probe failed: EINVAL Invalid argument' });
  });

  it('is an error when no attempt was made', () => {
    expect(errorOf(decide({ attempts: [] }))).toEqual({ code: 'no-probe-attempt', message: 'no probe attempt was made' });
  });

  it('sets every flow error code but daemon-died, which the flow step sets after the probe', () => {
    const cases: Case[] = [
      { attempts: [] },
      { attempts: [attempt('error', 'EINVAL')] },
      { attempts: silent, arrivals: 0 },
      { attempts: silent },
      { attempts: silent, arrivals: 1, traces: trace([acceptStep], { replies: { traced: 1, passed: 1 } }) },
      { attempts: silent, arrivals: 1, traces: trace([acceptStep]) },
      { attempts: [refused], arrivals: 0 },
      { attempts: [noHost], arrivals: 0 },
      { attempts: [noRoute], arrivals: 0 },
    ];
    const codes = new Set(cases.map((input) => errorOf(decide(input)).code));
    expect([...codes].sort()).toEqual(flowErrorCodes.filter((code) => code !== 'daemon-died').sort());
  });
});
