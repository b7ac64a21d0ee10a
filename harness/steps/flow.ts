import { describeError, HarnessError } from '../core/errors.ts';
import { commandCheckRecord, flowRecord } from '../results/check-record.ts';
import { deviationFor, flowExpectation, keysOnTarget, versionKeyProblem } from '../results/expectations.ts';
import type { FlowObservation } from '../results/records.ts';
import { isLoopback, ipFamily } from '../format/addresses.ts';
import { checkDeviations, checkMachine, type CheckContext } from '../format/check-context.ts';
import { flowFamilies, type DeviationSpec, type FlowExpect, type FlowSpec, type InterfaceEndpoint, type SubnetSourceSpec, type Verdict, type VerdictByVersion } from '../format/fields.ts';
import { decidingRule } from '../traffic/deciding-rule.ts';
import { describeFlow } from '../traffic/describe.ts';
import { probeFlow } from '../traffic/probe.ts';
import { assertDaemonsAlive } from './daemons-alive.ts';
import { checkDestination, endpointLabel, interfaceOwner, isInterfaceEndpoint, resolveDestination, routeThrough, undoRouteThrough } from './flow-destination.ts';
import { flowDescription, flowEndpointsText } from './flow-description.ts';
import { checkPeer, peerObservation } from './flow-peer.ts';
import { familiesOf, familyLabel, flowRuns, type FlowRun } from './flow-runs.ts';
import { checkFlowSource, flowObservers, resolveFlowSource, sourceMachineName } from './flow-source.ts';
import type { StepRecorder, StepWorld } from './step-kind.ts';

// One flow, in a flows step or the scenario's own `flows`: its cross-checks and its probe.

// A flow goes from a declared machine, service container or subnet source to a declared machine,
// interface or address of this run, in the address's family.
export function checkFlow(path: string, flow: FlowSpec, context: CheckContext): void {
  const subnet = typeof flow.from === 'string' ? context.subnetSources.get(flow.from) : undefined;
  if (subnet && typeof flow.from === 'string') checkSubnetFlow(path, flow, flow.from, subnet, context);
  else checkFlowSource(path, flow.from, context);
  checkExpectation(path, flow.expect, flow.deviations, context);
  checkPerFamily(path, flow, context);
  if (typeof flow.from !== 'string' && flow.via !== undefined) context.report(`${path}.via`, 'a container sends by its host\'s routes; via applies to a host or source');
  checkDestination(path, flow, context);
  checkTarget(path, flow, context);
  checkPeer(path, flow, context);
}

// What `to` names exists, and has an address of every family the flow runs on.
function checkTarget(path: string, flow: FlowSpec, context: CheckContext): void {
  const to = flow.to;
  if (typeof to !== 'string') {
    if (isInterfaceEndpoint(to)) checkInterfaceTarget(path, flow, to, context);
    return;
  }
  const family = ipFamily(to);
  if (family === undefined) {
    checkMachine(`${path}.to`, to, context, ['host', 'source']);
    const machine = context.machines.get(to);
    if (machine && familiesOf(flow).includes('ipv6') && !Object.values(machine.interfaces).some((spec) => spec.address6)) {
      context.report(`${path}.family`, `is '${flow.family}' but "${to}" has no interface with an address6`);
    }
    return;
  }
  if (isLoopback(to) && typeof flow.from !== 'string') {
    return context.report(`${path}.to`, `${to} from a container is the container's own loopback, which says nothing of any firewall; name the host "${flow.from.on}" to reach the host`);
  }
  if (!isLoopback(to) && !context.owners.has(to)) {
    return context.report(`${path}.to`, `${to} is not an address of any host or source in this scenario; probes go only to the run's own hosts`);
  }
  const wanted = family === 6 ? 'ipv6' : 'ipv4';
  if (flow.family === 'both') {
    context.report(`${path}.family`, `is 'both' but ${to} is an ${familyLabel(wanted)} address only; name the host, source or interface in to so each family has its address`);
  } else if (flow.family !== wanted) {
    context.report(`${path}.family`, `is '${flow.family}' but ${to} is an ${familyLabel(wanted)} address; set family: '${wanted}'`);
  }
}

function checkInterfaceTarget(path: string, flow: FlowSpec, to: InterfaceEndpoint, context: CheckContext): void {
  const { kind, machine: name } = interfaceOwner(to);
  checkMachine(`${path}.to.${kind}`, name, context, [kind]);
  const machine = context.machines.get(name);
  if (!machine || machine.kind !== kind) return;
  const iface = machine.interfaces[to.interface];
  if (!iface) {
    return context.report(`${path}.to.interface`, `"${to.interface}" is not an interface of "${name}" (${Object.keys(machine.interfaces).join(', ')})`);
  }
  if (familiesOf(flow).includes('ipv6') && iface.address6 === undefined) {
    context.report(`${path}.family`, `is '${flow.family}' but "${name}" interface ${to.interface} has no address6`);
  }
}

// A subnet source's samples are IPv4 addresses behind their router, which joins one network of the
// run: a flow from them goes to an address on that network, by the route every sample has.
function checkSubnetFlow(path: string, flow: FlowSpec, from: string, subnet: SubnetSourceSpec, context: CheckContext): void {
  if (flow.family !== 'ipv4') context.report(`${path}.family`, `is '${flow.family}' but the samples of subnet source "${from}" are IPv4 addresses; a flow from it is family: 'ipv4'`);
  if (flow.via !== undefined) context.report(`${path}.via`, `"${from}" is a subnet source, whose samples send through its router; remove via`);
  const behind = subnet.behind.network;
  const network = targetNetwork(flow.to, context);
  if (network === undefined || network === behind) return;
  context.report(`${path}.to`, `${endpointLabel(flow.to)} is ${network === null ? 'not an address' : `on network "${network}"`} of a machine on network "${behind}", the only one the samples of "${from}" reach through their router`);
}

// Which network a flow's IPv4 destination is on: null where it is no machine's address there (a
// container, a loopback address), undefined where `to` is wrong anyway (reported elsewhere).
function targetNetwork(to: FlowSpec['to'], context: CheckContext): string | null | undefined {
  if (typeof to !== 'string') {
    if (!isInterfaceEndpoint(to)) return null;
    return context.machines.get(interfaceOwner(to).machine)?.interfaces[to.interface]?.network;
  }
  if (ipFamily(to) === undefined) return Object.values(context.machines.get(to)?.interfaces ?? {})[0]?.network;
  if (isLoopback(to)) return null;
  for (const machine of context.machines.values()) {
    const iface = Object.values(machine.interfaces).find((spec) => spec.address === to || spec.address6 === to);
    if (iface) return iface.network;
  }
  return undefined;
}

// A family's override is for a family the flow runs on, and is checked like the flow's own.
function checkPerFamily(path: string, flow: FlowSpec, context: CheckContext): void {
  for (const family of flowFamilies) {
    const override = flow.perFamily?.[family];
    if (!override) continue;
    const where = `${path}.perFamily.${family}`;
    if (!familiesOf(flow).includes(family)) {
      context.report(where, `is for ${familyLabel(family)}, but the flow runs on family '${flow.family}' only; put its expect and deviations on the flow itself`);
      continue;
    }
    if (override.expect === undefined && override.deviations === undefined) context.report(where, 'must override expect or deviations');
    checkExpectation(where, override.expect ?? flow.expect, override.deviations ?? flow.deviations, context);
  }
}

// A per-version expectation names only versions the harness can tell apart, and no deviation observes
// the verdict the flow already expects where the deviation applies (it could never fail there).
function checkExpectation(path: string, expect: FlowExpect, deviations: readonly DeviationSpec[], context: CheckContext): void {
  const flow = { expect, deviations };
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

// The name a flow's record carries: its own, or one made of its endpoints, port and expected verdict,
// then the run's suffix where the flow stands for several runs.
export function flowName(flow: FlowSpec, expected: Verdict, run?: FlowRun): string {
  const base = flow.name ?? `${flowEndpointsText(flowDescription(flow))} ${expected}`;
  return `${base}${run?.suffix ?? ''}`;
}

// Probes every run of one flow (each family, each sample) and records each one's verdict.
export async function runFlow(world: StepWorld, flow: FlowSpec, recorder: StepRecorder): Promise<void> {
  for (const run of flowRuns(flow, world.scenario.subnetSources)) await runOnce(world, flow, run, recorder);
}

// Probes one run of a flow and records its verdict. The daemons are checked after the probe, which
// covers the next flow's start too; the flows step checks them before its first flow.
async function runOnce(world: StepWorld, flow: FlowSpec, run: FlowRun, recorder: StepRecorder): Promise<void> {
  const ipv6 = run.family === 'ipv6';
  const from = run.sample?.machine ?? sourceMachineName(flow.from);
  const source = run.sample ? { machine: world.machine(run.sample.machine) } : resolveFlowSource(world, flow.from);
  const { address, destination } = await resolveDestination(world, flow, from, ipv6);
  const destinationHost = destination.kind === 'docker-host' ? world.host(destination.host).machine : undefined;
  const watch = flowObservers(source.observer, destinationHost, [...world.hosts.values()].map((host) => host.machine));
  const sourceChange = flow.via === undefined || flow.via === from || typeof flow.from !== 'string' ? undefined : await routeThrough(world, from, flow.via, address, ipv6);
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
  const expected = flowExpectation(run.expect, recorder.versions());
  const name = flowName(flow, expected, run);
  // A daemon that died during the probe makes its verdict meaningless: an error with that cause.
  const died = await assertDaemonsAlive(world).then(() => undefined, (error: unknown) => describeError(error));
  const observation: FlowObservation = died
    ? { observed: 'error', errorCode: 'daemon-died' }
    : result.state === 'error'
      ? { observed: 'error', errorCode: result.code }
      : { observed: result.state };
  const deviation = deviationFor(run.deviations, recorder.versions());
  const evidenceFile = await recorder.writeEvidence(name, { flow, run: { family: run.family, from, address }, ...(sourceChange ? { sourceChange } : {}), result });
  recorder.record(
    flowRecord(recorder.place(), {
      name,
      expected,
      ...observation,
      deviation,
      detail: died ?? describeFlow(result),
      durationMs: result.durationMs,
      evidenceFile,
      flow: { ...flowDescription(flow, run), address },
      decidedBy: decidingRule(result),
    }),
  );
  if (flow.peer !== undefined && expected === 'connected') {
    const { observation: peer, detail } = peerObservation(flow.peer, observation.observed, result);
    recorder.record(commandCheckRecord(recorder.place(), { name: `${name}: seen from ${flow.peer}`, ...peer, detail, durationMs: 0, evidenceFile }));
  }
  if (died) throw new HarnessError('DAEMON_DIED', died);
}
