import { describeError, HarnessError } from '../core/errors.ts';
import { flowRecord } from '../results/check-record.ts';
import { deviationFor, flowExpectation, keysOnTarget, versionKeyProblem } from '../results/expectations.ts';
import type { FlowObservation } from '../results/records.ts';
import { isLoopback, ipFamily } from '../format/addresses.ts';
import { checkDeviations, checkMachine, type CheckContext } from '../format/check-context.ts';
import type { FlowSpec, Verdict, VerdictByVersion } from '../format/fields.ts';
import { decidingRule } from '../traffic/deciding-rule.ts';
import { describeFlow } from '../traffic/describe.ts';
import { probeFlow } from '../traffic/probe.ts';
import { assertDaemonsAlive } from './daemons-alive.ts';
import { checkDestination, resolveDestination, routeThrough, undoRouteThrough } from './flow-destination.ts';
import { flowDescription, flowEndpointsText } from './flow-description.ts';
import { checkFlowSource, flowObservers, resolveFlowSource, sourceMachineName } from './flow-source.ts';
import type { StepRecorder, StepWorld } from './step-kind.ts';

// One flow, in a flows step or the scenario's own `flows`: its cross-checks and its probe.

// A flow goes from a declared machine or service container to a declared machine or address of this
// run, in the address's family.
export function checkFlow(path: string, flow: FlowSpec, context: CheckContext): void {
  checkFlowSource(path, flow.from, context);
  checkExpectation(path, flow, context);
  if (typeof flow.from !== 'string' && flow.via !== undefined) context.report(`${path}.via`, 'a container sends by its host\'s routes; via applies to a host or source');
  checkDestination(path, flow, context);
  if (typeof flow.to !== 'string') return;
  const family = ipFamily(flow.to);
  if (family !== undefined) {
    if (isLoopback(flow.to) && typeof flow.from !== 'string') {
      context.report(`${path}.to`, `${flow.to} from a container is the container's own loopback, which says nothing of any firewall; name the host "${flow.from.on}" to reach the host`);
    } else if (isLoopback(flow.to)) {
      if ((family === 6) !== flow.ipv6) context.report(`${path}.ipv6`, `is ${flow.ipv6} but ${flow.to} is an ${family === 6 ? 'IPv6' : 'IPv4'} address; set ipv6: ${family === 6}`);
    } else if (!context.owners.has(flow.to)) {
      context.report(`${path}.to`, `${flow.to} is not an address of any host or source in this scenario; probes go only to the run's own hosts`);
    } else if ((family === 6) !== flow.ipv6) {
      context.report(`${path}.ipv6`, `is ${flow.ipv6} but ${flow.to} is an ${family === 6 ? 'IPv6' : 'IPv4'} address; set ipv6: ${family === 6}`);
    }
    return;
  }
  checkMachine(`${path}.to`, flow.to, context, ['host', 'source']);
  const machine = context.machines.get(flow.to);
  if (machine && flow.ipv6 && !Object.values(machine.interfaces).some((spec) => spec.address6)) {
    context.report(`${path}.ipv6`, `"${flow.to}" has no interface with an address6`);
  }
}

// A per-version expectation names only versions the harness can tell apart, and no deviation observes
// the verdict the flow already expects where the deviation applies (it could never fail there).
function checkExpectation(path: string, flow: FlowSpec, context: CheckContext): void {
  const byVersion: VerdictByVersion = typeof flow.expect === 'string' ? { default: flow.expect } : flow.expect;
  for (const key of Object.keys(byVersion)) {
    const problem = versionKeyProblem(key);
    if (problem) context.report(`${path}.expect.${key}`, `${problem}; the most specific key that matches a run wins, then "default"`);
  }
  checkDeviations(path, flow.deviations, context.report);
  flow.deviations.forEach((deviation, index) => {
    const where = `${path}.deviations[${index}].observed`;
    if (typeof flow.expect === 'string' && (deviation.observed === flow.expect || deviation.observed === 'fail')) {
      context.report(where, `"${deviation.observed}" cannot be a flow's deviation from "${flow.expect}"; name the verdict seen instead (connected, refused, dropped or error, other than the expected one)`);
      return;
    }
    if (deviation.observed === 'fail') return context.report(where, `"fail" cannot be a flow's deviation; name the verdict seen instead (connected, refused, dropped or error)`);
    for (const target of deviation.on) {
      const same = keysOnTarget(byVersion, target).find((key) => byVersion[key] === deviation.observed);
      if (same !== undefined) {
        context.report(where, `"${deviation.observed}" on ${target} is what expect.${same} already expects there, so this deviation contradicts the expectation; a deviation names a verdict other than the expected one`);
      }
    }
  });
}

// The name a flow's record carries: its own, or one made of its endpoints, port and expected verdict.
export function flowName(flow: FlowSpec, expected: Verdict): string {
  return flow.name ?? `${flowEndpointsText(flowDescription(flow))} ${expected}`;
}

// Probes one flow and records its verdict. The daemons are checked after the probe, which covers the
// next flow's start too; the flows step checks them before its first flow.
export async function runFlow(world: StepWorld, flow: FlowSpec, recorder: StepRecorder): Promise<void> {
  const from = sourceMachineName(flow.from);
  const source = resolveFlowSource(world, flow.from);
  const { address, destination } = await resolveDestination(world, flow, from);
  const destinationHost = destination.kind === 'docker-host' ? world.host(destination.host).machine : undefined;
  const watch = flowObservers(source.observer, destinationHost, [...world.hosts.values()].map((host) => host.machine));
  const sourceChange = flow.via === undefined || flow.via === from || typeof flow.from !== 'string' ? undefined : await routeThrough(world, from, flow.via, address, flow.ipv6);
  const probe = probeFlow({
    from: source.machine,
    ...(source.container ? { container: source.container } : {}),
    ...watch,
    destination,
    address,
    port: flow.port,
    proto: flow.proto,
    ...(flow.timing ? { timing: flow.timing } : {}),
  });
  const result = await probe.finally(() => sourceChange && undoRouteThrough(world, sourceChange));
  const expected = flowExpectation(flow.expect, recorder.versions());
  const name = flowName(flow, expected);
  // A daemon that died during the probe makes its verdict meaningless: an error with that cause.
  const died = await assertDaemonsAlive(world).then(() => undefined, (error: unknown) => describeError(error));
  const observation: FlowObservation = died
    ? { observed: 'error', errorCode: 'daemon-died' }
    : result.state === 'error'
      ? { observed: 'error', errorCode: result.code }
      : { observed: result.state };
  const deviation = deviationFor(flow.deviations, recorder.versions());
  const evidenceFile = await recorder.writeEvidence(name, { flow, ...(sourceChange ? { sourceChange } : {}), result });
  recorder.record(
    flowRecord(recorder.place(), {
      name,
      expected,
      ...observation,
      deviation,
      detail: died ?? describeFlow(result),
      durationMs: result.durationMs,
      evidenceFile,
      flow: { ...flowDescription(flow), address },
      decidedBy: decidingRule(result),
    }),
  );
  if (died) throw new HarnessError('DAEMON_DIED', died);
}
