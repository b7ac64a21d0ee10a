import { netprobeExecSlackMs, probeTiming, type ProbeTiming } from '../core/timing.ts';
import { HarnessError } from '../core/errors.ts';
import type { Machine } from '../machines/machine.ts';
import { log } from '../core/log.ts';
import { countArrivals } from './arrivals.ts';
import type { FlowEvidence, FlowResult, PacketTrace, ProbeAttempt, RuleHit, TraceStep } from '../results/flow-result.ts';
import { counterHits, isDropRule } from './rule-counters.ts';
import { startTrace, type TraceSession } from './trace.ts';

export interface ProbeRequest {
  readonly from: Machine;
  // Docker hosts whose counters become evidence: the destination when it is a Docker host, otherwise
  // every Docker host of the world (one of them may route or drop the flow on its way).
  readonly observers: readonly Machine[];
  // The Docker host that owns the destination, when it is one.
  readonly targetHost?: Machine;
  readonly address: string;
  readonly port: number;
  readonly proto: 'tcp' | 'udp';
  // The flow's own timing where its scenario sets some; the rest from harness/core/timing.ts.
  readonly timing?: Partial<ProbeTiming>;
}

async function droppedOnEvidence(tracers: ReadonlyArray<TraceSession | undefined>): Promise<boolean> {
  const traces = await Promise.all(tracers.map((tracer) => tracer?.peek().catch(() => undefined)));
  return traces.some((trace) => trace?.decidedBy?.verdict === 'drop' || trace?.decidedBy?.verdict?.startsWith('reject'));
}
let traceCount = 0;

// Fires one flow for real and decides its verdict from evidence. One quick attempt first; when it is
// silent and a host's trace already shows the packets dropped or rejected, that is the only attempt,
// otherwise up to two more of the full timeout follow. Silence is "dropped" only when the destination
// Docker host counted the flow's packets arriving or a DROP rule counted them (verdictOf): silence
// without arrivals is an error, not a drop.
export async function probeFlow(request: ProbeRequest): Promise<FlowResult> {
  const started = performance.now();
  const { from, observers, targetHost, address, port, proto } = request;
  const timing = { ...probeTiming, ...request.timing };
  const family = address.includes(':') ? 'ipv6' : 'ipv4';
  const save = family === 'ipv6' ? 'ip6tables-save -c 2>/dev/null' : 'iptables-save -c 2>/dev/null';
  const counters = await Promise.all(observers.map((host) => countArrivals(host, address, port, proto)));
  const tracers = await Promise.all(observers.map((host) => startTrace(host, ++traceCount).catch(() => undefined)));
  const before = await Promise.all(observers.map(async (host) => (await host.exec(save)).stdout));

  // A quick first attempt: most flows answer (or are refused) in milliseconds, and a silent one whose
  // packets a host's trace already shows dropped is decided on that evidence, without waiting out a
  // long timeout. Silence without such evidence gets `retries` more attempts of the full timeout.
  const attempts: ProbeAttempt[] = [await attemptOnce(from, address, port, proto, Math.min(timing.quickAttemptMs, timing.attemptMs))];
  if (attempts[0]!.outcome === 'timeout' && !(await droppedOnEvidence(tracers))) {
    for (let attempt = 0; attempt < timing.retries; attempt++) {
      const result = await attemptOnce(from, address, port, proto, timing.attemptMs);
      attempts.push(result);
      if (result.outcome !== 'timeout') break;
    }
  }

  const trace = pickTrace(await Promise.all(tracers.map((tracer) => tracer?.stop())), observers, targetHost);
  const after = await Promise.all(observers.map(async (host) => (await host.exec(save)).stdout));
  const arrivalsPerHost = await Promise.all(counters.map(async (counter) => (counter ? counter.read() : undefined)));
  await Promise.all(counters.map((counter) => counter?.remove()));
  const ruleHits: RuleHit[] = observers.flatMap((host, index) =>
    counterHits(before[index] ?? '', after[index] ?? '', family).map((hit) => (observers.length > 1 ? { ...hit, table: `${host.name} ${hit.table}` } : hit)),
  );
  const counted = arrivalsPerHost.filter((value): value is number => value !== undefined);
  const arrived = counted.length > 0 ? counted.reduce((sum, value) => sum + value, 0) : undefined;
  const last = attempts.at(-1)!;
  const peerSeen = last.reply.match(/peer=(\S+)/)?.[1];
  const evidence: FlowEvidence = {
    source: from.name,
    target: `${address}:${port}/${proto}`,
    attempts,
    ruleHits,
    ...(arrived === undefined ? {} : { arrivals: arrived }),
    ...(peerSeen === undefined ? {} : { peerSeen }),
    ...(trace === undefined ? {} : { trace }),
  };
  const durationMs = Math.round(performance.now() - started);
  log.probe('%s -> %s: %s', from.name, evidence.target, attempts.map((a) => a.outcome).join(','));
  return verdictOf(attempts, evidence, durationMs, targetHost?.name ?? (observers.length > 0 ? observers.map((host) => host.name).join(' or ') : undefined));
}

// With several observing hosts, the trace that explains the flow: a host that dropped it, else the
// destination, else any host that decided something. Its steps are prefixed with the host's name.
function pickTrace(traces: ReadonlyArray<PacketTrace | undefined>, observers: readonly Machine[], targetHost?: Machine): PacketTrace | undefined {
  if (observers.length === 1) return traces[0];
  const named = traces.map((trace, index) => trace && { ...trace, host: observers[index]! });
  const chosen =
    named.find((trace) => trace?.decidedBy?.verdict === 'drop') ?? named.find((trace) => trace?.host === targetHost && trace?.decidedBy) ?? named.find((trace) => trace?.decidedBy);
  if (!chosen?.decidedBy) return undefined;
  const prefix = (step: TraceStep): TraceStep => ({ ...step, table: `${chosen.host.name} ${step.table}` });
  return { path: chosen.path.map(prefix), decidedBy: prefix(chosen.decidedBy) };
}

// Pure: the verdict the attempts and the evidence support.
export function verdictOf(attempts: readonly ProbeAttempt[], evidence: FlowEvidence, durationMs: number, targetHost?: string): FlowResult {
  const last = attempts.at(-1);
  if (!last) return { state: 'error', message: 'no probe attempt was made', durationMs, evidence };
  switch (last.outcome) {
    case 'connected':
      return { state: 'connected', durationMs, evidence };
    case 'refused':
    case 'unreachable':
      return { state: 'refused', reason: `${last.errno} (${last.message})`, durationMs, evidence };
    case 'timeout': {
      if (!targetHost) return { state: 'dropped', durationMs, evidence };
      if (evidence.arrivals === 0) {
        return {
          state: 'error',
          message: `no packet of this flow reached ${targetHost} in ${attempts.length} attempts; the source's routing or the outside network lost it, so no firewall verdict can be given`,
          durationMs,
          evidence,
        };
      }
      // Silence alone proves nothing: a drop needs the packets seen arriving or a DROP rule counting them.
      const dropRuleHit = evidence.ruleHits.some(isDropRule);
      if ((evidence.arrivals ?? 0) > 0 || dropRuleHit) return { state: 'dropped', durationMs, evidence };
      return { state: 'error', message: `no answer from ${targetHost}, and no evidence that the packets arrived (the arrival counter could not be set up)`, durationMs, evidence };
    }
    case 'error':
      return { state: 'error', message: `probe failed: ${last.errno} ${last.message}`, durationMs, evidence };
  }
}

async function attemptOnce(from: Machine, address: string, port: number, proto: string, timeoutMs: number): Promise<ProbeAttempt> {
  const result = await from.exec(['netprobe', 'probe', proto, address, String(port), String(timeoutMs)], { timeoutMs: timeoutMs + netprobeExecSlackMs });
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line) as ProbeAttempt;
  } catch {
    throw new HarnessError('PROBE_FAILED', `netprobe on ${from.name} printed no result (exit ${result.exitCode}): ${(result.stderr || result.stdout).slice(0, 500)}`);
  }
}
