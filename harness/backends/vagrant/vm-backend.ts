import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { compileNetprobe } from '../../images/netprobe-binary.ts';
import { onInterrupt } from '../../core/interrupt.ts';
import type { Progress } from '../../core/progress.ts';
import type { Backend } from '../../world/backend.ts';
import type { WorldBuilder } from '../../world/world.ts';
import { machineLayout } from '../../format/subnet-sources.ts';
import type { Scenario } from '../../scenario/schema.ts';
import { describeError } from '../../core/errors.ts';
import { installedDockerd } from '../../machines/daemon.ts';
import { ensureBox, type Box } from './box.ts';
import { oneAtATime } from './one-at-a-time.ts';
import { resolveUserBox, type BoxChoice } from './user-box.ts';
import { removeVmLeftovers } from './vm-leftovers.ts';
import { VmSite } from './vm-site.ts';
import { VmSnapshots } from './vm-snapshots.ts';
import { refuseManagementOverlap, vmWorld, worldKey } from './vm-world.ts';

export interface VmBackendOptions {
  readonly runId: string;
  // Scratch space for the run's Vagrant projects (one per shape of world); removed on close.
  readonly workDir: string;
  readonly progress: Progress;
  // A box of the user's for every VM instead of the harness's own box per suite.
  readonly box?: BoxChoice;
  // The scenarios the run will give this backend, each on its suite: a world that a later one of
  // them shares is snapshotted just after its bring-up.
  readonly scenarios?: ReadonlyArray<{ readonly suite: string; readonly scenario: Scenario }>;
}

// What a run needs for its VM scenarios, set up on first use: libvirt in the run's network namespace,
// a box per suite (or the user's), netprobe for other boxes. Closing it removes the namespace, the
// daemons and the run's scratch files.
export class VmBackend implements Backend {
  // VM scenarios print as they go: their bring-up takes minutes, and they run one at a time.
  readonly concurrent = false;
  private readonly runId: string;
  private readonly workDir: string;
  private readonly progress: Progress;
  private readonly userBox: BoxChoice | undefined;
  private site: Promise<VmSite> | undefined;
  private readonly boxes = new Map<string, Promise<Box>>();
  private netprobe: Promise<string> | undefined;
  private readonly queue = oneAtATime();
  private forgetSite: (() => void) | undefined;
  // Booted once per shape of world, reverted for every later scenario of that shape.
  private snapshots: VmSnapshots | undefined;
  // How many scenarios still to come have each world, by suite and world key.
  private readonly worldsToCome = new Map<string, number>();
  // The Docker release a suite's box holds, read from its first host that came up: every VM of the
  // suite is of that box, so later scenarios that do not apply to it need no VM at all.
  private readonly boxDocker = new Map<string, string>();

  constructor(options: VmBackendOptions) {
    this.runId = options.runId;
    this.workDir = options.workDir;
    this.progress = options.progress;
    this.userBox = options.box;
    for (const { suite, scenario } of options.scenarios ?? []) {
      const key = `${suite}\n${worldKey({ ...scenario, ...machineLayout(scenario) })}`;
      this.worldsToCome.set(key, (this.worldsToCome.get(key) ?? 0) + 1);
    }
  }

  // Under software emulation one scenario's VMs take the whole machine: VM scenarios go one at a time.
  schedule<T>(work: () => Promise<T>): Promise<T> {
    return this.queue(work);
  }

  // VM results sit beside the container ones: "bookworm-vm" (a deviation may name either part).
  label(suite: string): string {
    return `${suite}-vm`;
  }

  // A box's Docker version is read from the first of its VMs that is up; until then, from each
  // scenario's VMs before any step.
  dockerVersion(suite: string): string | undefined {
    return this.boxDocker.get(suite);
  }

  // No engine here can go away under a VM scenario.
  unavailable(): undefined {
    return undefined;
  }

  async explain(error: string): Promise<string> {
    return error;
  }

  // The scenario's world as VMs; the site and the suite's box come on first use (a failure there is
  // that scenario's error, like any other failure to bring its world up).
  builder(suite: string, scenarioName: string, progress: Progress): WorldBuilder {
    return async (world) => {
      refuseManagementOverlap(world.scenario.networks);
      const [site, box] = await Promise.all([this.openSite(), this.box(suite)]);
      const netprobe = box.own ? undefined : await this.netprobeBinary();
      this.snapshots ??= new VmSnapshots(site, this.workDir, this.progress);
      const key = worldKey(world.scenario);
      const toCome = (this.worldsToCome.get(`${suite}\n${key}`) ?? 1) - 1;
      this.worldsToCome.set(`${suite}\n${key}`, toCome);
      await vmWorld({ snapshots: this.snapshots, site, box, suite, netprobe, scenarioName, progress, worldKey: key, worldRecurs: toCome > 0 })(world);
      const [host] = world.hosts.values();
      if (host && !this.boxDocker.has(suite)) {
        const version = await installedDockerd(host.machine);
        if (version) this.boxDocker.set(suite, version);
      }
    };
  }

  // The site takes the snapshots' VMs with it.
  async close(): Promise<string[]> {
    this.snapshots?.forgetAll();
    this.snapshots = undefined;
    return this.closeSite().then(
      () => [],
      (error: unknown) => [`cleanup: closing the VM site failed: ${describeError(error)}`],
    );
  }

  private async closeSite(): Promise<void> {
    const site = this.site;
    this.site = undefined;
    if (site) await (await site.catch(() => undefined))?.close();
    this.forgetSite?.();
    const netprobe = await this.netprobe?.catch(() => undefined);
    if (netprobe) await rm(dirname(netprobe), { recursive: true, force: true });
    await rm(this.workDir, { recursive: true, force: true });
  }

  private openSite(): Promise<VmSite> {
    this.site ??= removeVmLeftovers({ all: false })
      .then(({ removed, failed }) => {
        if (removed.length > 0) this.progress.line(`cleanup: removed the VM site(s) ${removed.join(', ')} left by a run that did not finish`);
        for (const { what, reason } of failed) this.progress.line(`cleanup: could not remove the VM site ${what} left by a run that did not finish: ${reason}`);
        return VmSite.open({ runId: this.runId, progress: this.progress });
      })
      .then((site) => {
        // Interrupted, the run tears the whole site down at once: the VMs go with libvirt, and the
        // projects' Vagrant state (in workDir) has nothing left to describe.
        this.forgetSite = onInterrupt(`VM site ${site.netns}`, async () => {
          await site.close();
          await rm(this.workDir, { recursive: true, force: true });
        });
        return site;
      });
    return this.site;
  }

  // The user's box comes after the site, which installs vagrant.
  private box(suite: string): Promise<Box> {
    const key = this.userBox ? 'user' : suite;
    let box = this.boxes.get(key);
    if (!box) {
      const choice = this.userBox;
      box = choice ? this.openSite().then(() => resolveUserBox(choice, this.progress)) : ensureBox(suite, this.progress);
      this.boxes.set(key, box);
    }
    return box;
  }

  private netprobeBinary(): Promise<string> {
    this.netprobe ??= compileNetprobe(this.progress);
    return this.netprobe;
  }
}
