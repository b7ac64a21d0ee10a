import { netprobeExecSlackMs, probeTiming, type ProbeTiming } from '../core/timing.ts';
import { HarnessError } from '../core/errors.ts';
import type { Machine } from '../machines/machine.ts';
import { log } from '../core/log.ts';
import { watchHost, type HostWatch } from './host-watch.ts';
import type { FlowResult, PacketTrace, ProbeAttempt, RuleHit } from '../results/flow-result.ts';
import { counterHits } from './rule-counters.ts';
import { isDropStep } from './trace.ts';
import { decideVerdict, type Destination } from './verdict.ts';

export interface ProbeRequest {
  readonly from: Machine;
  // A service container on `from` the probe runs in (docker exec), when the flow starts in one.
  readonly container?: string;
  // Docker hosts whose counters become evidence: the destination when it is a Docker host, otherwise
  // every Docker host of the world (one of them may route or drop the flow on its way).
  readonly observers: readonly Machine[];
  // The observers whose arrival counters are evidence, where not all of them: a container's own
  // Docker host sees its packets enter whatever becomes of them, so only the destination host counts.
  readonly arrivalsAt?: readonly Machine[];
  // What the destination is: a Docker host of the run, the source itself, or another machine.
  readonly destination: Destination;
  readonly address: string;
  readonly port: number;
  readonly proto: 'tcp' | 'udp';
  // The flow's own timing where its scenario sets some; the rest from harness/core/timing.ts.
  readonly timing?: Partial<ProbeTiming>;
}

async function droppedOnEvidence(watches: readonly HostWatch[]): Promise<boolean> {
  const traces = await Promise.all(watches.map((watch) => watch.peek().catch(() => undefined)));
  return traces.some((trace) => trace?.decidedBy !== undefined && isDropStep(trace.decidedBy));
}

// The trace shows the flow dropped, and no reply of it got through. Not a reject: the probe hears
// that one itself (refused, unreachable), so a running attempt is never stopped for it.
function showsDrop(trace: PacketTrace | undefined): boolean {
  return trace?.decidedBy?.verdict === 'drop' && !trace.replies?.passed;
}

// Watches every host's trace for up to `ms`, while `over()` is false: true as soon as one shows a drop.
async function dropSeenWhile(watches: readonly HostWatch[], ms: number, over: () => boolean): Promise<boolean> {
  const deadline = performance.now() + ms;
  const watchOne = async (watch: HostWatch): Promise<boolean> => {
    let seen = 0;
    while (!over() && performance.now() < deadline) {
      const next = await watch.nextDrop(seen, deadline - performance.now()).catch(() => undefined);
      if (!next) return false;
      if (showsDrop(next.trace)) return true;
      seen = next.drops;
    }
    return false;
  };
  return new Promise((resolve) => {
    void Promise.all(watches.map((watch) => watchOne(watch).then((dropped) => dropped && resolve(true)))).then(() => resolve(false));
  });
}
let traceCount = 0;

// Fires one flow for real and decides its verdict from evidence. One quick attempt first; when it is
// silent and a host's trace already shows the packets dropped or rejected, that is the only attempt,
// otherwise up to two more of the full timeout follow. Silence is "dropped" only when the destination
// Docker host counted the flow's packets arriving or a drop was seen (decideVerdict, in verdict.ts):
// silence without arrivals is an error, not a drop.
export async function probeFlow(request: ProbeRequest): Promise<FlowResult> {
  const started = performance.now();
  const { from, observers, destination, address, port, proto } = request;
  const source = { machine: from, name: request.container ? `${request.container} on ${from.name}` : from.name, container: request.container };
  const arrivalsAt = request.arrivalsAt ?? observers;
  const timing = { ...probeTiming, ...request.timing };
  const family = address.includes(':') ? 'ipv6' : 'ipv4';
  // One command per host before the probe and one after (host-watch.ts): counters, trace, arrivals.
  const watches = await Promise.all(observers.map((host) => watchHost(host, ++traceCount, { address, port, proto }, arrivalsAt.includes(host))));

  // A quick first attempt: most flows answer (or are refused) in milliseconds. Meanwhile the hosts'
  // traces are watched: once one shows the flow's packets dropped, with no reply let through, the
  // attempt is stopped there and the flow is decided on that evidence. Silence without
  // such evidence gets `retries` more attempts of the full timeout.
  const first = await watchedAttempt(source, address, port, proto, Math.min(timing.quickAttemptMs, timing.attemptMs), watches);
  const attempts: ProbeAttempt[] = [first.attempt];
  let dropped = first.dropped || (first.attempt.outcome === 'timeout' && (await droppedOnEvidence(watches)));
  for (let attempt = 0; attempt < timing.retries && attempts.at(-1)!.outcome === 'timeout' && !dropped; attempt++) {
    const next = await watchedAttempt(source, address, port, proto, timing.attemptMs, watches);
    attempts.push(next.attempt);
    dropped = next.dropped;
  }

  const ends = await Promise.all(watches.map((watch) => watch.end()));
  const ruleHits: RuleHit[] = observers.flatMap((host, index) =>
    counterHits(watches[index]?.before ?? '', ends[index]?.after ?? '', family).map((hit) => (observers.length > 1 ? { ...hit, table: `${host.name} ${hit.table}` } : hit)),
  );
  const counted = ends.flatMap((end) => (end.arrivals === undefined ? [] : [end.arrivals]));
  const target = `${address}:${port}/${proto}`;
  log.probe('%s -> %s: %s', source.name, target, attempts.map((a) => a.outcome).join(','));
  return decideVerdict(
    {
      source: source.name,
      target,
      attempts,
      ruleHits,
      ...(counted.length > 0 ? { arrivals: counted.reduce((sum, value) => sum + value, 0) } : {}),
      traces: observers.flatMap((host, index) => {
        const trace = ends[index]?.trace;
        return trace ? [{ host: host.name, trace }] : [];
      }),
    },
    { destination, observers: observers.map((host) => host.name), ...(request.arrivalsAt ? { arrivalsAt: request.arrivalsAt.map((host) => host.name) } : {}), durationMs: Math.round(performance.now() - started) },
  );
}

// One attempt, stopped as soon as a host's trace shows the flow dropped (then `dropped` is true).
async function watchedAttempt(source: ProbeSource, address: string, port: number, proto: string, ms: number, watches: readonly HostWatch[]): Promise<{ attempt: ProbeAttempt; dropped: boolean }> {
  const stop = { requested: false };
  let done = false;
  const attempt = attemptOnce(source, address, port, proto, ms, stop).finally(() => (done = true));
  const dropped = await Promise.race([attempt.then(() => false), dropSeenWhile(watches, ms, () => done)]);
  if (dropped) await stopAttempt(source, address, port, proto, stop);
  return { attempt: await attempt, dropped };
}

// Stops the running probe (netprobe, or the docker exec around it) with SIGTERM. "[n]etprobe" keeps
// the pattern from matching the shell that runs pkill itself.
async function stopAttempt(from: ProbeSource, address: string, port: number, proto: string, stop: StopRequest): Promise<void> {
  stop.requested = true;
  await from.machine.exec(['pkill', '-TERM', '-f', `[n]etprobe probe ${proto} ${address} ${port} `]);
}

interface ProbeSource {
  readonly machine: Machine;
  readonly name: string;
  readonly container?: string | undefined;
}

// Set when the harness stops an attempt because the trace had already shown the drop.
interface StopRequest {
  requested: boolean;
}

// How a stopped attempt's message ends, for whoever describes it.
export const stoppedOnDrop = 'because the trace showed the drop';

async function attemptOnce(from: ProbeSource, address: string, port: number, proto: string, timeoutMs: number, stop?: StopRequest): Promise<ProbeAttempt> {
  const probe = ['probe', proto, address, String(port), String(timeoutMs)];
  // The service image has netprobe at /netprobe.
  const command = from.container ? ['docker', 'exec', from.container, '/netprobe', ...probe] : ['netprobe', ...probe];
  const started = performance.now();
  const result = await from.machine.exec(command, { timeoutMs: timeoutMs + netprobeExecSlackMs });
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line) as ProbeAttempt;
  } catch {
    if (stop?.requested) {
      const ms = Math.round(performance.now() - started);
      return { outcome: 'timeout', errno: '', message: `no answer; stopped after ${ms} ms ${stoppedOnDrop}`, ms, local: '', reply: '' };
    }
    throw new HarnessError('PROBE_FAILED', `netprobe on ${from.name} printed no result (exit ${result.exitCode}): ${(result.stderr || result.stdout).slice(0, 500)}`);
  }
}
