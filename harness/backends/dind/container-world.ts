import type Docker from 'dockerode';
import type { Machine } from '../../machines/machine.ts';
import { bootSources } from './namespace-source.ts';
import type { PrivilegeMode } from './privilege.ts';
import { startMachine, type MachineRequest } from './start-machine.ts';
import type { Switch, WiredMachine } from './switch.ts';
import type { World, WorldBuilder } from '../../world/world.ts';

export interface ContainerWorldOptions {
  readonly docker: Docker;
  readonly image: string;
  readonly runId: string;
  readonly scenarioName: string;
  readonly privilege: PrivilegeMode;
  // The scenario's part of the run's switch (run-switch.ts), removed at the world's end.
  readonly lan: () => Promise<Switch>;
  // Docker hosts from an image the harness did not build; the switch and sources keep `image`.
  readonly hostImage?: { readonly image: string; readonly netprobe: string };
}

// The DinD backend: every Docker host as a container of the engine, started at once, beside the
// scenario's bridges in the run's switch; the sources as namespaces inside the switch
// (namespace-source.ts) when the engine runs on this machine, else as containers too; then every
// machine wired to its bridges in one command.
export function containerWorld(options: ContainerWorldOptions): WorldBuilder {
  return async (world: World) => {
    const request = (name: string, role: MachineRequest['role']): MachineRequest => ({ ...options, scenario: options.scenarioName, name, role });
    const started: Machine[] = [];
    let segment: Switch | undefined;
    world.onDestroy(async () => {
      const failed = (await Promise.allSettled(started.map((machine) => machine.stop()))).flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
      // Once its machines are gone: its sources' scratch space and any leg left lives in the switch.
      if (segment) await segment.remove().catch((error: unknown) => failed.push(error));
      if (failed.length > 0) throw new AggregateError(failed, 'removing the containers failed');
    });
    const track = async <T extends Machine>(pending: Promise<T>) => {
      const machine = await pending;
      started.push(machine);
      return machine;
    };
    const { hosts, sources, networks } = world.scenario;
    const lanSegment = options.lan().then((lan) => (segment = lan));
    const hostRequest = (name: string): MachineRequest =>
      options.hostImage ? { ...request(name, 'host'), image: options.hostImage.image, foreignImage: { netprobe: options.hostImage.netprobe } } : request(name, 'host');
    const hostMachines = Object.keys(hosts).map((name) => track(startMachine(hostRequest(name))));
    // Every machine settles before a failure is thrown, so the teardown knows each one that started.
    const startSources = async (lan: Switch): Promise<Array<WiredMachine & Machine>> => {
      if (lan.machine.enterable) {
        const booted = await bootSources(lan.machine, lan.prefix, Object.keys(sources));
        started.push(...booted);
        return booted;
      }
      const pending = Object.keys(sources).map((name) => track(startMachine(request(name, 'source'))));
      await Promise.allSettled(pending);
      return Promise.all(pending);
    };
    const sourceMachines = lanSegment.then(startSources);
    const settled = await Promise.allSettled([lanSegment, ...hostMachines, sourceMachines]);
    const failed = settled.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;

    const lan = await lanSegment;
    await lan.createBridges(networks);
    const [hostsUp, sourcesUp] = [await Promise.all(hostMachines), await sourceMachines];
    const wired = [
      ...Object.entries(hosts).map(([name, spec], index) => ({ name, machine: hostsUp[index]!, interfaces: spec.interfaces, routes: spec.routes })),
      ...Object.entries(sources).map(([name, spec], index) => ({ name, machine: sourcesUp[index]!, interfaces: spec.interfaces, routes: spec.routes })),
    ];
    await lan.wire(wired, networks);
    // In the scenario's order, so hosts and sources keep it wherever the world lists them.
    for (const { name, machine } of wired) await world.adopt(name, machine);
  };
}
