import type { HostSpec } from '../format/fields.ts';
import { Daemon } from './daemon.ts';
import type { Machine } from './machine.ts';

export const serviceImage = 'harness-service:netprobe';

// A Docker host of the run: a machine with an inner dockerd, firewall tools and the services it runs.
export class DockerHost {
  readonly machine: Machine;
  readonly spec: HostSpec;
  readonly daemon: Daemon;
  private serviceImageReady = false;
  // Service container name -> the ports it answers on ("80/tcp").
  readonly services = new Map<string, string[]>();

  constructor(machine: Machine, spec: HostSpec) {
    this.machine = machine;
    this.spec = spec;
    this.daemon = new Daemon(machine);
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

  // firewalld needs the system bus; it must run before dockerd so dockerd finds it (as under systemd).
  async startFirewalld(): Promise<void> {
    await this.machine.init.startFirewalld(this.machine);
    await this.machine.waitFor(
      'firewalld running',
      60_000,
      async () => ((await this.machine.exec('firewall-cmd --state', { timeoutMs: 10_000 })).stdout.trim() === 'running' ? true : undefined),
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

  // The service image is made inside the host from its own netprobe binary: nothing to transfer.
  private async ensureServiceImage(): Promise<void> {
    if (this.serviceImageReady) return;
    await this.machine.run(`tar -C /usr/local/bin -c netprobe | docker import -c 'ENTRYPOINT ["/netprobe", "serve"]' - ${serviceImage} >/dev/null`);
    this.serviceImageReady = true;
  }
}
