import type { FlowErrorCode } from '../results/error-code.ts';
import type { FlowEvidence, FlowResult, PacketTrace, ProbeAttempt, TraceStep } from '../results/flow-result.ts';
import { isDropRule } from './rule-counters.ts';
import { describeStep, isDropStep } from './trace.ts';

// Everything the probe gathered about one flow: the flow's evidence (arrivals summed over the
// observing hosts whose counter could be read), with each observing host's trace where one was recorded.
export type VerdictEvidence = Pick<FlowEvidence, 'source' | 'target' | 'attempts' | 'arrivals' | 'ruleHits'> & {
  readonly traces: readonly { readonly host: string; readonly trace: PacketTrace }[];
};

// What the flow's destination is, which decides what the evidence can say about it:
//   docker-host    a Docker host of the run; `isSource` when the host probes itself (its loopback or
//                  its own address), where its own stack answering is the host answering
//   source-itself  the source's own loopback or address, and the source is no Docker host: whatever
//                  answers is the source's own stack, which says nothing of any host's firewall
//   other-machine  a machine of the run that is no Docker host, seen only by the hosts on the way
export type Destination =
  | { readonly kind: 'docker-host'; readonly host: string; readonly isSource: boolean }
  | { readonly kind: 'source-itself' }
  | { readonly kind: 'other-machine' };

export interface VerdictContext {
  readonly destination: Destination;
  // The Docker hosts whose arrivals, counters and traces are the evidence.
  readonly observers: readonly string[];
  // The observers whose arrival counts are evidence, where not all are: none when the source is a
  // container and the destination no Docker host (its own host sees every packet it sends).
  readonly arrivalsAt?: readonly string[];
  readonly durationMs: number;
}

// Pure: the one place a flow's verdict is decided, from all its evidence. The last attempt says what
// the source saw; the verdict is that, unless the evidence contradicts it, and then it is an error
// naming the contradiction. Silence is "dropped" only with evidence of a drop (packets arriving, a
// DROP counting them, a traced drop), never on silence alone.
export function decideVerdict(evidence: VerdictEvidence, context: VerdictContext): FlowResult {
  const { attempts, source } = evidence;
  const last = attempts.at(-1);
  const trace = pickTrace(evidence.traces, context.observers.length);
  const peerSeen = last?.reply.match(/peer=(\S+)/)?.[1];
  const flow: FlowEvidence = {
    source,
    target: evidence.target,
    attempts,
    ruleHits: evidence.ruleHits,
    ...(evidence.arrivals === undefined ? {} : { arrivals: evidence.arrivals }),
    ...(peerSeen === undefined ? {} : { peerSeen }),
    ...(trace === undefined ? {} : { trace: trace.trace }),
  };
  const { durationMs, destination } = context;
  const error = (code: FlowErrorCode, message: string): FlowResult => ({ state: 'error', code, message, durationMs, evidence: flow });
  if (!last) return error('no-probe-attempt', 'no probe attempt was made');
  if (last.outcome === 'error') return error('probe-failed', `probe failed: ${last.errno} ${last.message}`);
  const address = evidence.target.replace(/:\d+\/(tcp|udp)$/, '');
  if (destination.kind === 'source-itself' && last.outcome !== 'timeout') {
    const answer = last.outcome === 'connected' ? 'accepted the connection' : `refused it with ${reasonOf(last)}`;
    return error('answered-by-source', `${address} is ${source}'s own address and ${source} is no Docker host of the run: ${source}'s own stack ${answer}, which says nothing of any host's firewall`);
  }
  switch (last.outcome) {
    case 'connected':
      return { state: 'connected', durationMs, evidence: flow };
    case 'refused':
    case 'unreachable':
      return refusal(last, evidence, context, address, flow, error);
    case 'timeout':
      return silence(evidence, context, trace, flow, error);
  }
}

type ErrorOf = (code: FlowErrorCode, message: string) => FlowResult;

function reasonOf(attempt: ProbeAttempt): string {
  return `${attempt.errno} (${attempt.message})`;
}

// A refusal is the destination's (or a host's on the way) only if a packet got that far. With none at
// the destination host, the source's own stack produced it: no route, no neighbour, its own loopback
// or firewall.
function refusal(last: ProbeAttempt, evidence: VerdictEvidence, context: VerdictContext, address: string, flow: FlowEvidence, error: ErrorOf): FlowResult {
  const reason = reasonOf(last);
  const refusedOnTheWay = (evidence.arrivals ?? 0) > 0 || evidence.traces.some(({ trace }) => trace.decidedBy?.verdict?.startsWith('reject')) || evidence.ruleHits.some((hit) => /-j REJECT(\s|$)/.test(hit.rule));
  const { destination } = context;
  if (last.errno === 'ENETUNREACH' && !refusedOnTheWay) {
    const where = destination.kind === 'docker-host' ? destination.host : context.observers.length > 0 ? `any host (${context.observers.join(', ')})` : 'any host';
    return error('no-route-at-source', `${reason} at ${evidence.source}, and no packet of this flow reached ${where}: ${evidence.source} has no route to ${address}, a routing failure at the source, not a refusal`);
  }
  if (destination.kind === 'docker-host' && !destination.isSource && evidence.arrivals === 0 && !refusedOnTheWay) {
    const host = destination.host;
    if (last.errno === 'EHOSTUNREACH') {
      return error('no-neighbour', `${reason} at ${evidence.source}, yet no packet of this flow reached ${host}: ${evidence.source}'s neighbour discovery (ARP or NDP) for ${address} failed, no host refused it`);
    }
    const cause = last.errno === 'EPERM' || last.errno === 'EACCES' ? `${evidence.source}'s own firewall refused to send it` : `${evidence.source}'s own stack answered`;
    return error('answered-by-source', `refused with ${reason}, yet no packet of this flow reached ${host}: ${cause}, not ${host}`);
  }
  return { state: 'refused', reason, durationMs: context.durationMs, evidence: flow };
}

// Silence is a drop only on evidence of one. A host that accepted the flow and let its replies back
// out did not drop it: the source discarded the replies.
function silence(evidence: VerdictEvidence, context: VerdictContext, trace: PickedTrace | undefined, flow: FlowEvidence, error: ErrorOf): FlowResult {
  const { attempts, source } = evidence;
  const tries = `${attempts.length} attempt${attempts.length === 1 ? '' : 's'}`;
  const decidedBy = trace?.trace.decidedBy;
  const passed = trace?.trace.replies?.passed ?? 0;
  if (passed > 0 && !(decidedBy && isDropStep(decidedBy))) {
    const decision = decidedBy ? ` (decided by ${describeStep(decidedBy)})` : '';
    return error(
      'reply-discarded-at-source',
      `no answer at ${source} in ${tries}, yet ${trace?.host} accepted the flow${decision} and let ${passed} ${passed === 1 ? 'reply' : 'replies'} of the destination back out: ${source} discarded them`,
    );
  }
  const { destination, observers } = context;
  const watched = destination.kind === 'docker-host' ? destination.host : observers.join(' or ');
  if (observers.length === 0) return { state: 'dropped', durationMs: context.durationMs, evidence: flow };
  // A host that traced the flow's own packets dropped (a container's host, on their way out) decided
  // it, whether or not any reached the destination.
  if (decidedBy !== undefined && isDropStep(decidedBy)) return { state: 'dropped', durationMs: context.durationMs, evidence: flow };
  if (evidence.arrivals === 0) {
    return error('no-arrival', `no packet of this flow reached ${watched} in ${tries}; the source's routing or the outside network lost it, so no firewall verdict can be given`);
  }
  const dropSeen = evidence.ruleHits.some(isDropRule) || (decidedBy !== undefined && isDropStep(decidedBy));
  // The packets arrived, the trace followed them to the rule that let them through and saw no drop,
  // and no DROP rule counted them: the silence is not the firewall's (the destination stayed silent, or its answer was
  // lost where no host of the run could see it).
  if ((evidence.arrivals ?? 0) > 0 && decidedBy !== undefined && !dropSeen) {
    return error(
      'accepted-but-silent',
      `no answer at ${source} in ${tries}, yet ${trace?.host ?? watched} accepted the flow (decided by ${describeStep(decidedBy)}) and neither its trace nor its rule counters show a drop: the silence is not a firewall's, so no verdict can be given`,
    );
  }
  if ((evidence.arrivals ?? 0) > 0 || dropSeen) return { state: 'dropped', durationMs: context.durationMs, evidence: flow };
  if (context.arrivalsAt?.length === 0) {
    return error(
      'no-arrival-evidence',
      `no answer at ${source} in ${tries}, ${observers.join(' or ')} traced no drop of it, and no Docker host is at the destination to count its arrival: it or its replies were lost beyond ${observers.join(' and ')}, so no firewall verdict can be given`,
    );
  }
  return error('no-arrival-evidence', `no answer from ${watched}, and no evidence that the packets arrived (the arrival counter could not be set up)`);
}

interface PickedTrace {
  readonly host: string;
  readonly trace: PacketTrace;
}

// The trace that explains the flow: the one host's; with several observing hosts, a host that dropped
// it, else one whose rules decided something, with its steps prefixed by the host's name.
function pickTrace(traces: VerdictEvidence['traces'], observerCount: number): PickedTrace | undefined {
  if (observerCount === 1) return traces[0];
  const chosen =
    traces.find(({ trace }) => trace.decidedBy && isDropStep(trace.decidedBy)) ?? traces.find(({ trace }) => trace.decidedBy) ?? traces.find(({ trace }) => (trace.replies?.passed ?? 0) > 0);
  if (!chosen) return undefined;
  const prefix = (step: TraceStep): TraceStep => ({ ...step, table: `${chosen.host} ${step.table}` });
  const { path, decidedBy, replies } = chosen.trace;
  return { host: chosen.host, trace: { path: path.map(prefix), ...(decidedBy ? { decidedBy: prefix(decidedBy) } : {}), ...(replies ? { replies } : {}) } };
}
