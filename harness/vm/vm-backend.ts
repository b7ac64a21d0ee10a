import { rm } from 'node:fs/promises';
import { onInterrupt } from '../interrupt.ts';
import type { Progress } from '../progress.ts';
import type { WorldBuilder } from '../run/world.ts';
import { ensureBox, type BoxFile } from './box.ts';
import { removeVmLeftovers } from './vm-leftovers.ts';
import { VmSite } from './vm-site.ts';
import { vmWorld } from './vm-world.ts';

// What a run needs for its VM scenarios, set up on first use: libvirt in the run's network namespace
// and a box per suite. Closing it removes the namespace, the daemons and the run's scratch files.
export class VmBackend {
  private readonly runId: string;
  private readonly workDir: string;
  private readonly progress: Progress;
  private site: Promise<VmSite> | undefined;
  private readonly boxes = new Map<string, Promise<BoxFile>>();
  private turn: Promise<unknown> = Promise.resolve();
  private forgetSite: (() => void) | undefined;

  constructor(runId: string, workDir: string, progress: Progress) {
    this.runId = runId;
    this.workDir = workDir;
    this.progress = progress;
  }

  // Under software emulation one scenario's VMs take the whole machine: VM scenarios go one at a time.
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.turn.then(work, work);
    this.turn = next.catch(() => undefined);
    return next;
  }

  // The scenario's world as VMs; the site and the suite's box come on first use (a failure there is
  // that scenario's error, like any other failure to bring its world up).
  builder(suite: string, scenarioName: string, progress: Progress): WorldBuilder {
    return async (world) => {
      const [site, box] = await Promise.all([this.openSite(), this.box(suite)]);
      await vmWorld({ site, box, scenarioName, workDir: this.workDir, progress })(world);
    };
  }

  async close(): Promise<void> {
    const site = this.site;
    this.site = undefined;
    if (site) await (await site.catch(() => undefined))?.close();
    this.forgetSite?.();
    await rm(this.workDir, { recursive: true, force: true });
  }

  private openSite(): Promise<VmSite> {
    this.site ??= removeVmLeftovers({ all: false })
      .then((removed) => {
        if (removed.length > 0) this.progress.line(`cleanup: removed the VM site(s) ${removed.join(', ')} left by a run that did not finish`);
        return VmSite.open({ runId: this.runId, progress: this.progress });
      })
      .then((site) => {
        this.forgetSite = onInterrupt(`VM site ${site.netns}`, () => site.close());
        return site;
      });
    return this.site;
  }

  private box(suite: string): Promise<BoxFile> {
    let box = this.boxes.get(suite);
    if (!box) {
      box = ensureBox(suite, this.progress);
      this.boxes.set(suite, box);
    }
    return box;
  }
}
