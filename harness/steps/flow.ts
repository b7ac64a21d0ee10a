import { describeError, HarnessError } from '../core/errors.ts';
import { flowRecord } from '../results/check-record.ts';
import { deviationFor } from '../results/expectations.ts';
import type { FlowObservation } from '../results/records.ts';
import { isLoopback, ipFamily } from '../format/addresses.ts';
import { checkDeviations, checkMachine, type CheckContext } from '../format/check-context.ts';
import type { FlowSpec } from '../format/fields.ts';
import { describeFlow } from '../traffic/describe.ts';
import { probeFlow } from '../traffic/probe.ts';
import { assertDaemonsAlive } from './daemons-alive.ts';
import type { StepRecorder, StepWorld } from './step-kind.ts';

// One flow, in a flows step or the scenario's own `flows`: its cross-checks and its probe.

// A flow goes from a declared machine to a declared machine or address of this run, in the address's family.
export function checkFlow(path: string, flow: FlowSpec, context: CheckContext): void {
  checkMachine(`${path}.from`, flow.from, context, ['host', 'source']);
  checkDeviations(path, flow.deviations, context.report);
  flow.deviations.forEach((deviation, index) => {
    if (deviation.observed === flow.expect || deviation.observed === 'fail') {
      context.report(`${path}.deviations[${index}].observed`, `"${deviation.observed}" cannot be a flow's deviation from "${flow.expect}"; name the verdict seen instead (connected, refused, dropped or error, other than the expected one)`);
    }
  });
  const family = ipFamily(flow.to);
  if (family !== undefined) {
    if (isLoopback(flow.to)) {
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

// Probes one flow and records its verdict. The daemons are checked after the probe, which covers the
// next flow's start too; the flows step checks them before its first flow.
export async function runFlow(world: StepWorld, flow: FlowSpec, recorder: StepRecorder): Promise<void> {
  const address = world.ownerOf(flow.to) || isLoopback(flow.to) ? flow.to : world.addressOf(flow.to, flow.ipv6);
  // A loopback address is the `from` machine's own.
  const owner = isLoopback(address) ? flow.from : world.ownerOf(address);
  // The last line of defence: a probe goes only to an address of a machine this run created.
  if (!owner) throw new Error(`refusing to probe ${address}: it belongs to no host or source of this run`);
  const targetHost = world.hosts.get(owner)?.machine;
  const result = await probeFlow({
    from: world.machine(flow.from),
    observers: targetHost ? [targetHost] : [...world.hosts.values()].map((host) => host.machine),
    destination: targetHost ? { kind: 'docker-host', host: owner, isSource: owner === flow.from } : owner === flow.from ? { kind: 'source-itself' } : { kind: 'other-machine' },
    address,
    port: flow.port,
    proto: flow.proto,
    ...(flow.timing ? { timing: flow.timing } : {}),
  });
  const name = flow.name ?? `${flow.from} -> ${flow.to}:${flow.port}/${flow.proto} ${flow.expect}`;
  // A daemon that died during the probe makes its verdict meaningless: an error with that cause.
  const died = await assertDaemonsAlive(world).then(() => undefined, (error: unknown) => describeError(error));
  const observation: FlowObservation = died
    ? { observed: 'error', errorCode: 'daemon-died' }
    : result.state === 'error'
      ? { observed: 'error', errorCode: result.code }
      : { observed: result.state };
  const deviation = deviationFor(flow.deviations, recorder.versions());
  const evidenceFile = await recorder.writeEvidence(name, { flow, result });
  recorder.record(flowRecord(recorder.place(), { name, expected: flow.expect, ...observation, deviation, detail: died ?? describeFlow(result), durationMs: result.durationMs, evidenceFile }));
  if (died) throw new HarnessError('DAEMON_DIED', died);
}
