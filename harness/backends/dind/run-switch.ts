import type Docker from 'dockerode';
import type { ContainerMachine } from './container-machine.ts';
import type { PrivilegeMode } from './privilege.ts';
import { startMachine } from './start-machine.ts';
import { Switch } from './switch.ts';

export interface SwitchImage {
  readonly suite: string;
  readonly image: string;
  readonly privilege: PrivilegeMode;
}

// One switch container per suite for the whole run, started when a scenario of that suite first
// needs it, where each scenario gets bridges of its own (switch.ts). The switch is plumbing, not a
// machine any verdict is about: it has no address, no route and no firewall in the path (its bridges
// never call iptables), so sharing it gives up nothing of a scenario's fresh hosts, and it saves a
// container's start and removal per scenario (~0.7 s of CPU here). Its sources keep their suite's
// userland: their root is the switch's.
export class RunSwitches {
  private readonly docker: Docker;
  private readonly runId: string;
  private readonly started = new Map<string, Promise<ContainerMachine>>();
  private segments = 0;

  constructor(docker: Docker, runId: string) {
    this.docker = docker;
    this.runId = runId;
  }

  // A scenario's part of its suite's switch; its `remove` ends it.
  async segment(image: SwitchImage): Promise<Switch> {
    const prefix = `s${++this.segments}`;
    return new Switch(await this.machineFor(image), prefix);
  }

  private machineFor({ suite, image, privilege }: SwitchImage): Promise<ContainerMachine> {
    let machine = this.started.get(suite);
    if (!machine) {
      machine = startMachine({ docker: this.docker, image, runId: this.runId, scenario: `${suite}-switch`, role: 'switch', name: 'switch', privilege });
      this.started.set(suite, machine);
      // A switch that failed to start is asked for again by the next scenario, not failed for good.
      const asked = machine;
      asked.catch(() => this.started.get(suite) === asked && this.started.delete(suite));
    }
    return machine;
  }

  // Lets go of every switch: the run's removal of its labelled containers removes them.
  async close(): Promise<void> {
    const settled = await Promise.allSettled(this.started.values());
    this.started.clear();
    for (const result of settled) if (result.status === 'fulfilled') result.value.closeChannels();
  }
}
