import type Docker from 'dockerode';
import { describeError } from '../../core/errors.ts';
import { log } from '../../core/log.ts';
import { onInterrupt } from '../../core/interrupt.ts';
import type { Progress } from '../../core/progress.ts';
import type { Backend } from '../../world/backend.ts';
import type { WorldBuilder } from '../../world/world.ts';
import { containerWorld } from './container-world.ts';
import { EngineWatch } from './engine-watch.ts';
import { withinEngineTime } from './engine.ts';
import { resourceLabels } from './labels.ts';
import { engineCallTiming } from '../../core/timing.ts';
import { prepareForeignHostImage } from './foreign-image.ts';
import { ensureHostImage } from './host-image.ts';
import { imageDockerVersion } from './image-docker-version.ts';
import { ensureEngine } from './install-engine.ts';
import { requireRemoved } from '../../core/removal.ts';
import { removeLabelled, removeLeftovers } from './leftovers.ts';
import { privilegeMode, type PrivilegeMode } from './privilege.ts';
import { RunSwitches } from './run-switch.ts';
import { configureTestcontainers } from './testcontainers-env.ts';

export interface DindBackendOptions {
  readonly docker: Docker;
  readonly runId: string;
  // Where the engine's log goes when the harness has to start one.
  readonly engineLogDir: string;
  readonly progress: Progress;
  // Docker hosts from an image the harness did not build (docker:27-dind, say) instead of the suites'.
  readonly hostImage?: string;
}

interface SuiteImage {
  readonly image: string;
  readonly privilege: PrivilegeMode;
  // The Docker version the image runs, read before any world starts (see image-docker-version.ts).
  readonly dockerVersion: string | undefined;
}

// The Docker-in-Docker backend: an engine (installed and started when none answers), the suites'
// host images, and every world as containers labelled with the run's id, removed at the end.
export class DindBackend implements Backend {
  readonly concurrent = true;
  private readonly options: DindBackendOptions;
  private readonly engine: EngineWatch;
  private readonly images = new Map<string, SuiteImage>();
  private foreign: { image: string; netprobe: string; dockerVersion: string | undefined } | undefined;
  private forgetContainers: () => void = () => {};
  private readonly switches: RunSwitches;

  private constructor(options: DindBackendOptions) {
    this.options = options;
    this.engine = new EngineWatch(options.docker, () => this.canary());
    this.switches = new RunSwitches(options.docker, options.runId);
  }

  // An engine that answers, with earlier dead runs' containers gone; throws when no engine can be had.
  static async open(options: DindBackendOptions): Promise<DindBackend> {
    const { docker, progress, runId } = options;
    await ensureEngine(docker, options.engineLogDir, progress);
    await configureTestcontainers(docker);
    const leftovers = await removeLeftovers(docker);
    if (leftovers.removed.length > 0) progress.line(`cleanup: removed ${leftovers.removed.length} container(s) left by an earlier run that did not finish: ${leftovers.removed.join(', ')}`);
    for (const { what, reason } of leftovers.failed) progress.line(`cleanup: could not remove the container ${what} left by an earlier run: ${reason}`);
    const backend = new DindBackend(options);
    backend.forgetContainers = onInterrupt(`run ${runId}'s containers`, async () => requireRemoved(await removeLabelled(docker, runId)));
    return backend;
  }

  // The host image (and the privileges it can have) of each suite, built side by side when missing.
  async prepare(suites: readonly string[]): Promise<void> {
    const { docker, progress, hostImage } = this.options;
    if (hostImage && !this.foreign) {
      const prepared = await prepareForeignHostImage(docker, hostImage, progress);
      this.foreign = { ...prepared, dockerVersion: await imageDockerVersion(docker, hostImage) };
    }
    const missing = suites.filter((suite) => !this.images.has(suite));
    const prepared = await Promise.all(
      missing.map(async (suite) => {
        const image = await ensureHostImage(docker, suite, progress);
        // Each may run a throw-away container of the image.
        const [privilege, dockerVersion] = await withinEngineTime(`a first container of ${image}`, Promise.all([privilegeMode(docker, image), imageDockerVersion(docker, image)]), engineCallTiming.containerStartMs);
        log.run('suite %s: image %s, %s, Docker %s', suite, image, privilege.kind, dockerVersion ?? '(unknown until a host is up)');
        return { suite, image, privilege, dockerVersion };
      }),
    );
    for (const { suite, ...image } of prepared) this.images.set(suite, image);
  }

  label(suite: string): string {
    return this.foreign ? this.foreign.image : suite;
  }

  dockerVersion(suite: string): string | undefined {
    return this.foreign ? this.foreign.dockerVersion : this.images.get(suite)?.dockerVersion;
  }

  builder(suite: string, scenarioName: string): WorldBuilder {
    const prepared = this.images.get(suite);
    if (!prepared) throw new Error(`suite ${suite} was not prepared`);
    const { docker, runId } = this.options;
    const { image, privilege } = prepared;
    const lan = () => this.switches.segment({ suite, image, privilege });
    return containerWorld({ docker, runId, scenarioName, image, privilege, lan, ...(this.foreign ? { hostImage: { image: this.foreign.image, netprobe: this.foreign.netprobe } } : {}) });
  }

  schedule<T>(work: () => Promise<T>): Promise<T> {
    return work();
  }

  unavailable(): string | undefined {
    return this.engine.lost;
  }

  explain(error: string, errorCode?: string): Promise<string> {
    return this.engine.explain(error, errorCode === 'no-answer');
  }

  // A container of the run that only runs `true` in the first prepared image, started the way the
  // run's machines are, removed after; the run removes it with the others should the engine never
  // finish it.
  private async canary(): Promise<void> {
    const image = this.foreign?.image ?? [...this.images.values()][0]?.image;
    if (!image) return;
    const { docker, runId } = this.options;
    const container = await docker.createContainer({ Image: image, Entrypoint: ['true'], Cmd: [], Labels: resourceLabels(runId, 'engine-check', 'canary'), NetworkDisabled: true, HostConfig: { NetworkMode: 'none' } });
    await container.start();
    await container.wait();
    await container.remove({ force: true });
  }

  async close(): Promise<string[]> {
    this.forgetContainers();
    await this.switches.close();
    // Asking an engine that stopped answering would only wait out the limit.
    if (this.engine.lost) return [`cleanup: could not remove this run's containers (${this.engine.lost}); the next run, or \`harness clean\`, removes them`];
    return withinEngineTime(`removing this run's containers`, removeLabelled(this.options.docker, this.options.runId), engineCallTiming.removeRunMs).then(
      ({ failed }) => failed.map(({ what, reason }) => `cleanup: could not remove the container ${what} (${reason}); the next run, or \`harness clean\`, removes it`),
      (error: unknown) => [`cleanup: could not remove this run's containers (${describeError(error)}); the next run, or \`harness clean\`, removes them`],
    );
  }
}
