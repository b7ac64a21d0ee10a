import { createHash } from 'node:crypto';
import { HarnessError } from '../core/errors.ts';
import type { HostSpec } from '../format/fields.ts';
import { Daemon } from './daemon.ts';
import type { ImageSource } from './image-source.ts';
import { InnerEngine } from './inner-engine.ts';
import type { Machine } from './machine.ts';

export const serviceImage = 'harness-service:netprobe';

// firewalld's state property over D-Bus, as `firewall-cmd --state` reads it, but from dbus-send: asked
// every few milliseconds while firewalld starts, a Python client each time would slow the start it waits for.
export const firewalldState =
  'dbus-send --system --print-reply --dest=org.fedoraproject.FirewallD1 /org/fedoraproject/FirewallD1 org.freedesktop.DBus.Properties.Get string:org.fedoraproject.FirewallD1 string:state 2>&1';

// A service container of the host: the ports it answers on ("80/tcp"), and how it is seen ready:
// netprobe answering (the harness's own service image), or a socket listening (a user's image).
export interface RunningService {
  readonly ports: readonly string[];
  readonly readiness: 'netprobe' | 'socket';
}

// A Docker host of the run: a machine with an inner dockerd, firewall tools and the services it runs.
export class DockerHost {
  readonly machine: Machine;
  readonly spec: HostSpec;
  readonly daemon: Daemon;
  // Its dockerd's API, for what the harness reads from it.
  readonly engine: InnerEngine;
  private serviceImageReady = false;
  // Service container name -> what it answers on and how to see it ready.
  readonly services = new Map<string, RunningService>();
  // Every service was seen answering, and no step that could change that has run since.
  servicesVerified = false;
  private readonly images: ImageSource | undefined;
  // User images loaded into this host's engine, each once.
  private readonly loadedImages = new Map<string, Promise<void>>();

  constructor(machine: Machine, spec: HostSpec, images?: ImageSource) {
    this.machine = machine;
    this.spec = spec;
    this.engine = new InnerEngine(machine);
    this.daemon = new Daemon(machine, this.engine);
    this.images = images;
  }

  get name(): string {
    return this.machine.name;
  }

  // Brings the host to the state its spec describes: forwarding, firewalld, then dockerd.
  async bringUp(): Promise<void> {
    if (this.spec.ipForward) await this.machine.run('sysctl -qw net.ipv4.ip_forward=1');
    if (this.spec.firewalld) await this.startFirewalld();
    await this.daemon.configure(this.spec.daemon.config, this.spec.daemon.args, `hosts.${this.name}.daemon.`);
    if (this.spec.daemon.start) await this.startDaemon();
  }

  // The machine was restored to just after an identical bringUp() (a VM snapshot): the host takes
  // on what that left, the daemon's version included, without doing it again.
  resume(daemonVersion: string | undefined): void {
    const { config, args, start } = this.spec.daemon;
    this.daemon.resume(config, args, `hosts.${this.name}.daemon.`, start ? daemonVersion : undefined);
    this.serviceImageReady = start;
  }

  // firewalld needs the system bus; it must run before dockerd so dockerd finds it (as under systemd).
  async startFirewalld(): Promise<void> {
    await this.machine.init.startFirewalld(this.machine);
    await this.machine.waitFor(
      'firewalld running',
      60_000,
      async () => ((await this.machine.exec(firewalldState, { timeoutMs: 10_000 })).stdout.includes('"RUNNING"') ? true : undefined),
      () => this.machine.init.firewalldLog(this.machine, 20),
    );
  }

  async startDaemon(): Promise<void> {
    await this.daemon.start();
    await this.ensureServiceImage();
  }

  async restartDaemon(): Promise<void> {
    await this.daemon.restart();
    await this.ensureServiceImage();
  }

  // Copies a user's image from the engine the harness runs on into this host's engine, once per host;
  // says what it did, for the step's evidence.
  async loadImage(image: string): Promise<string> {
    const source = this.images;
    if (!source) throw new HarnessError('STEP_FAILED', `on ${this.name}: image "${image}" cannot be loaded: this run has no engine to take it from`);
    const loading = this.loadedImages.get(image);
    if (loading) {
      await loading;
      return `(image ${image} already loaded into ${this.name})`;
    }
    const load = (async () => {
      const tar = await source.save(image);
      const remote = `/tmp/harness-image-${createHash('sha256').update(image).digest('hex').slice(0, 12)}.tar`;
      await this.machine.copyFile(tar, remote);
      return this.machine.run(['sh', '-c', 'docker load -i "$1"; status=$?; rm -f "$1"; exit $status', 'load', remote], { timeoutMs: 300_000 });
    })();
    const loaded = load.then(() => undefined);
    // A failed load is tried again by the next service that needs the image.
    loaded.catch(() => this.loadedImages.delete(image));
    this.loadedImages.set(image, loaded);
    return `$ docker save ${image} (engine the harness runs on) | docker load (${this.name})\n${(await load).trim()}`;
  }

  // The service image is made inside the host from its own netprobe binary: nothing to transfer.
  private async ensureServiceImage(): Promise<void> {
    if (this.serviceImageReady) return;
    await this.machine.run(`tar -C /usr/local/bin -c netprobe | docker import -c 'ENTRYPOINT ["/netprobe", "serve"]' - ${serviceImage} >/dev/null`);
    this.serviceImageReady = true;
  }
}
