import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describeError, HarnessError } from '../../core/errors.ts';
import type { Progress } from '../../core/progress.ts';
import { runProcess } from '../../core/process.ts';
import { pollUntil } from '../../core/retry.ts';
import { shortHash } from '../../core/short-hash.ts';
import type { BringUpRecord } from '../../world/world.ts';
import type { Box } from './box.ts';
import { vmLog } from './log.ts';
import { phaseClock } from './phase-clock.ts';
import type { SshDetails } from './ssh-config.ts';
import { VagrantProject, type VmPlan } from './vagrant.ts';
import { managementNetwork } from './vagrant-plan.ts';
import { machineSize, type VmShape } from './vm-shape.ts';
import type { VmSite } from './vm-site.ts';

// The libvirt snapshot every VM of a shape gets once it has booted (and, on a box of someone else's,
// once the harness's packages are in): memory and disk, taken before any scenario touched it.
const snapshotName = 'booted';

// Past the boot, a world's bring-up (addresses, routes, firewalld, dockerd and its service image)
// costs 15-20 s under software emulation, the same for every scenario whose world is the same. So
// when a later scenario of the run shares its world, a scenario takes a second snapshot just after
// its bring-up, before any step, and the later ones start there. Each holds memory state on disk:
// at most this many per VM set.
const maxWorldSnapshots = 8;

// A reverted VM answers SSH within seconds; this is generous for a machine loaded by other VMs.
const revertSshMs = 60_000;

// Run on a shape's VMs after their first boot and before the snapshot; gives the SSH details to use
// from then on (a guest set up by the harness may have rebooted with another address).
export type PrepareVm = (vmName: string, details: SshDetails, project: VagrantProject) => Promise<SshDetails>;

// VMs of one shape, lent to one scenario at a time.
export interface VmLease {
  // Each machine's SSH details, by its name in the shape's project.
  readonly ssh: ReadonlyMap<string, SshDetails>;
  // Set when the VMs were reverted to the snapshot of a world identical to the one asked for, taken
  // just after its bring-up: what that bring-up left, and the scenario that did it.
  readonly restored: { readonly record: BringUpRecord; readonly by: string } | undefined;
  // Snapshots the VMs as they are now, just after the bring-up of the world asked for (by `scenario`),
  // for later scenarios of that world; a failure is reported, not thrown (this scenario goes on).
  keepWorld(record: BringUpRecord, scenario: string): Promise<void>;
  // Powers the VMs off (the next scenario of the shape reverts them); idempotent.
  release(): Promise<void>;
}

interface WorldSnapshot {
  readonly name: string;
  readonly record: BringUpRecord;
  readonly by: string;
}

interface BootedShape {
  readonly project: VagrantProject;
  readonly domains: readonly string[];
  readonly ssh: Map<string, SshDetails>;
  readonly bridges: readonly string[];
  // Snapshots taken after a world's bring-up, by the world's key (see VmSnapshots.lease).
  readonly worlds: Map<string, WorldSnapshot>;
  // fresh: booted and snapshotted, never lent; lent: a scenario has them; off: powered off after a
  // scenario, to be reverted before the next.
  state: 'fresh' | 'lent' | 'off';
}

// Booting VMs under software emulation takes minutes, reverting a snapshot seconds: each shape of
// world (see vm-shape.ts) is booted once per run and snapshotted, and every later scenario of that
// shape starts from the snapshot. Between scenarios the VMs are powered off, so idle shapes keep
// disk, not memory. A scenario's own state never carries over: revert restores memory and disk.
export class VmSnapshots {
  private readonly site: VmSite;
  private readonly workDir: string;
  private readonly progress: Progress;
  private readonly shapes = new Map<string, BootedShape[]>();
  // VM sets ever booted per shape: each set's bridges and project have names of their own.
  private readonly booted = new Map<string, number>();
  private stpOff: Promise<void> | undefined;

  constructor(site: VmSite, workDir: string, progress: Progress) {
    this.site = site;
    this.workDir = workDir;
    this.progress = progress;
  }

  // VMs of the shape for one scenario, whose world (everything its bring-up depends on) `worldKey` names.
  async lease(shape: VmShape, box: Box, prepare: PrepareVm, worldKey: string): Promise<VmLease> {
    // Interrupted, the run closes the site while its next scenario may still be starting.
    if (this.site.isClosed) throw new HarnessError('VM_UP_FAILED', `the VM site ${this.site.netns} is closed: the run is stopping`);
    const idle = (this.shapes.get(shape.key) ?? []).find((booted) => booted.state !== 'lent');
    const booted = idle ?? (await this.boot(shape, box, prepare));
    const reverted = booted.state === 'off';
    const world = reverted ? booted.worlds.get(worldKey) : undefined;
    booted.state = 'lent';
    try {
      if (reverted) await this.revert(shape, booted, world);
    } catch (error) {
      await this.discard(shape, booted);
      throw error;
    }
    let released: Promise<void> | undefined;
    return {
      ssh: booted.ssh,
      restored: world && { record: world.record, by: world.by },
      keepWorld: (record, scenario) => this.keepWorld(booted, worldKey, record, scenario),
      release: () => (released ??= this.powerOff(shape, booted)),
    };
  }

  private async keepWorld(booted: BootedShape, worldKey: string, record: BringUpRecord, scenario: string): Promise<void> {
    if (booted.worlds.has(worldKey) || booted.worlds.size >= maxWorldSnapshots) return;
    const name = `world-${shortHash(worldKey)}`;
    const say = phaseClock(this.progress, `vms ${booted.project.name}`);
    try {
      await Promise.all(booted.domains.map((domain) => this.site.virsh(['snapshot-create-as', '--domain', domain, '--name', name, '--description', `just after the bring-up of ${scenario}'s world`, '--atomic'])));
      booted.worlds.set(worldKey, { name, record, by: scenario });
      say(`snapshot ${name} taken after this world's bring-up: later scenarios with the same world start from it`);
    } catch (error) {
      // A partial one is not used; its metadata goes with the domains.
      say(`could not snapshot this world after its bring-up (${describeError(error)}); later scenarios with the same world bring it up themselves`);
    }
  }

  // The run is done with every shape. Their VMs, snapshots and volumes go with the site, which
  // removes all of its domains and its storage pool at once: a `vagrant destroy` per shape would
  // only add minutes.
  forgetAll(): void {
    this.shapes.clear();
  }

  private async boot(shape: VmShape, box: Box, prepare: PrepareVm): Promise<BootedShape> {
    // A second VM set of one shape exists only if scenarios ever run side by side.
    const copy = this.booted.get(shape.key) ?? 0;
    this.booted.set(shape.key, copy + 1);
    const bridges = Array.from({ length: shape.networkCount }, (_, index) => `hv${shape.tag}${copy}${index}`);
    for (const bridge of bridges) await this.site.createBridge(bridge);
    const plans: VmPlan[] = shape.machines.map((machine, machineIndex) => ({
      name: machine.vmName,
      box: box.name,
      ...machineSize[machine.role],
      nics: machine.networkIndices.map((network, nicIndex) => ({ bridge: bridges[network]!, mac: macOf(machineIndex, nicIndex) })),
      managementNicLast: box.own,
    }));
    const name = `shape-${shape.tag}${copy > 0 ? `-${copy}` : ''}`;
    const project = await VagrantProject.create({ site: this.site, dir: join(this.workDir, name), boxes: [box], machines: plans, progress: this.progress });
    const domains = plans.map((plan) => project.domain(plan.name));
    const booted: BootedShape = { project, domains, ssh: new Map(), bridges, worlds: new Map(), state: 'fresh' };
    try {
      await project.up();
      await Promise.all(
        plans.map(async (plan) => {
          const ready = await prepare(plan.name, await project.sshConfig(plan.name), project);
          await project.reserveManagementAddress(plan.name, ready.host);
          booted.ssh.set(plan.name, ready);
        }),
      );
      const say = phaseClock(this.progress, `vms ${name}`);
      await Promise.all(domains.map((domain) => this.site.virsh(['snapshot-create-as', '--domain', domain, '--name', snapshotName, '--description', 'booted, before any scenario', '--atomic'])));
      say(`snapshot ${snapshotName} taken of ${plans.map((plan) => plan.name).join(', ')}: later scenarios of this shape start from it`);
      this.shapes.set(shape.key, [...(this.shapes.get(shape.key) ?? []), booted]);
      return booted;
    } catch (error) {
      await this.remove(booted).catch((failure: unknown) => vmLog('removing the VMs of %s after a failed boot: %s', name, describeError(failure)));
      await this.removeBridges(bridges);
      // A site closed meanwhile has removed the run's scratch space already; the project wrote on.
      if (this.site.isClosed) await rm(join(this.workDir, name), { recursive: true, force: true });
      throw error;
    }
  }

  // To the snapshot of `world` when given, else to the one taken after boot.
  private async revert(shape: VmShape, booted: BootedShape, world: WorldSnapshot | undefined): Promise<void> {
    const say = phaseClock(this.progress, `vms ${booted.project.name}`);
    this.stpOff ??= this.managementStpOff();
    await this.stpOff;
    const name = world?.name ?? snapshotName;
    await Promise.all(
      booted.domains.map((domain) =>
        this.site.virsh(['snapshot-revert', '--domain', domain, '--snapshotname', name, '--running']).catch((error: unknown) => {
          throw new HarnessError('VM_REVERT_FAILED', `could not revert ${domain} (shape ${shape.tag}) to its snapshot ${name}: ${describeError(error)}`);
        }),
      ),
    );
    // A connection attempt before the reverted guest's network is back would fail the scenario.
    await Promise.all([...booted.ssh.values()].map((details) => this.waitForSsh(details)));
    const machines = shape.machines.map((machine) => `${machine.vmName} (${machine.name})`).join(', ');
    say(world ? `reverted ${machines} to the snapshot taken just after ${world.by} brought up the same world` : `reverted ${machines} to the snapshot taken after boot`);
  }

  // libvirt's management bridge runs STP: a reverted VM's new tap device would wait 4 s (listening,
  // then learning) before its frames pass. The bridge is the run's own, in the run's namespace, and
  // has no loop to guard against.
  private async managementStpOff(): Promise<void> {
    const info = await this.site.virsh(['net-info', managementNetwork.name]);
    const bridge = /^Bridge:\s*(\S+)/m.exec(info)?.[1];
    if (bridge) await runProcess(this.site.wrap(['ip', 'link', 'set', 'dev', bridge, 'type', 'bridge', 'stp_state', '0']));
  }

  private async waitForSsh({ host, port }: SshDetails): Promise<void> {
    const connects = () =>
      runProcess(this.site.wrap(['socat', '-u', 'OPEN:/dev/null', `TCP:${host}:${port},connect-timeout=1`]), { timeoutMs: 5000 }).then(
        () => true,
        () => undefined,
      );
    await pollUntil(connects, {
      timeoutMs: revertSshMs,
      intervalMs: 200,
      onTimeout: () => new HarnessError('VM_REVERT_FAILED', `${host}:${port} did not accept SSH connections within ${revertSshMs / 1000} s of reverting to the snapshot`),
    });
  }

  // Powered off, a shape's VMs wait for the next scenario of the shape; VMs that cannot be powered
  // off are not lent again.
  private async powerOff(shape: VmShape, booted: BootedShape): Promise<void> {
    if (this.site.isClosed) return;
    try {
      await Promise.all(booted.domains.map((domain) => this.site.virsh(['destroy', domain])));
      booted.state = 'off';
    } catch (error) {
      await this.discard(shape, booted);
      throw new HarnessError('VM_POWER_OFF_FAILED', `could not power off the VMs of ${booted.project.name}: ${describeError(error)}`, { cause: error });
    }
  }

  private async discard(shape: VmShape, booted: BootedShape): Promise<void> {
    this.shapes.set(shape.key, (this.shapes.get(shape.key) ?? []).filter((other) => other !== booted));
    await this.remove(booted);
    await this.removeBridges(booted.bridges);
  }

  // The snapshots' metadata first: libvirt does not undefine a domain that still has snapshots.
  private async remove(booted: BootedShape): Promise<void> {
    if (this.site.isClosed) return;
    for (const domain of booted.domains) {
      for (const name of [snapshotName, ...[...booted.worlds.values()].map((world) => world.name)]) {
        await this.site.virsh(['snapshot-delete', '--domain', domain, '--snapshotname', name, '--metadata']).catch(() => {}); // none taken yet
      }
    }
    await booted.project.destroy();
  }

  private async removeBridges(bridges: readonly string[]): Promise<void> {
    if (this.site.isClosed) return;
    for (const bridge of bridges) await runProcess(this.site.wrap(['ip', 'link', 'delete', bridge]), { processGroup: true }).catch(() => {});
  }
}

// Locally administered, unique within the shape; the management NIC's MACs use another prefix.
export function macOf(machineIndex: number, nicIndex: number): string {
  const byte = (value: number) => value.toString(16).padStart(2, '0');
  return `52:54:00:0a:${byte(machineIndex)}:${byte(nicIndex)}`;
}
