import { HarnessError } from '../core/errors.ts';
import { linesSinceStart, settingsBlamed, startFailureReason, type DaemonSetting } from './daemon-failure.ts';
import type { Machine } from './machine.ts';

// The inner dockerd of a Docker host: configured through /etc/docker/daemon.json and extra flags,
// started, stopped and restarted the way an operator would, with its own log as evidence on failure.
export class Daemon {
  private readonly host: Machine;
  private config: Record<string, unknown> = {};
  private args: readonly string[] = [];
  // Which scenario field set each daemon.json key and the flags, so a refused start can name it.
  private readonly configOrigin = new Map<string, string>();
  private argsOrigin = '';
  private running = false;
  version = '';

  constructor(host: Machine) {
    this.host = host;
  }

  get isRunning(): boolean {
    return this.running;
  }

  // Merges keys into daemon.json (null removes a key) and writes it out. `origin` is the scenario
  // field that holds them, as a prefix ("hosts.docker1.daemon.", or "this step's ").
  async configure(patch: Record<string, unknown> | undefined, args: readonly string[] | undefined, origin: string): Promise<void> {
    if (args !== undefined) {
      this.args = args;
      this.argsOrigin = `${origin}args`;
    }
    if (patch === undefined) return;
    const next = { ...this.config };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete next[key];
      else next[key] = value;
      this.configOrigin.set(key, `${origin}config.${key}`);
    }
    this.config = next;
    const json = JSON.stringify(this.config, null, 2);
    await this.host.run(['sh', '-c', 'mkdir -p /etc/docker && printf "%s\\n" "$1" > /etc/docker/daemon.json', 'sh', json]);
  }

  get configuration(): { config: Record<string, unknown>; args: readonly string[] } {
    return { config: this.config, args: this.args };
  }

  async start(): Promise<void> {
    await this.host.init.startDockerd(this.host, this.args);
    this.version = await this.host.waitFor(
      'dockerd answering',
      30_000,
      async () => {
        // Until dockerd has made its socket there is no point starting a docker client (a Go program
        // whose start costs more CPU than the daemon it waits for can spare on a loaded machine).
        const result = await this.host.exec('test -S /var/run/docker.sock || exit 1; docker version --format "{{.Server.Version}}"', { timeoutMs: 5000 });
        if (result.exitCode === 0) return result.stdout.trim();
        if (result.exitCode === 127) throw new HarnessError('DAEMON_START_FAILED', `on ${this.host.name}: the host image has no docker client: ${result.stderr.trim()}`);
        const alive = await this.host.exec('pidof dockerd', { timeoutMs: 5000 });
        if (alive.exitCode !== 0) throw new HarnessError('DAEMON_START_FAILED', await this.startFailure());
        return undefined;
      },
      () => this.logTail(),
    );
    this.running = true;
  }

  // A daemon the scenario did not stop must still be there: verdicts taken after it died would judge
  // a host without its engine, so they become errors with the daemon's own last words instead.
  async assertAlive(): Promise<void> {
    if (!this.running || (await this.host.exec('pidof dockerd', { timeoutMs: 10_000 })).exitCode === 0) return;
    this.running = false;
    throw new HarnessError('DAEMON_DIED', `on ${this.host.name}: dockerd died although no daemon step stopped it; its last log lines:\n${await this.logTail(15)}`);
  }

  async stop(): Promise<void> {
    await this.host.init.stopDockerd(this.host);
    await this.host.waitFor('dockerd stopped', 30_000, async () => ((await this.host.exec('pidof dockerd')).exitCode === 0 ? undefined : true));
    const child = this.host.init.dockerdChild;
    if (child) await this.host.waitFor(`${child} stopped`, 15_000, async () => ((await this.host.exec(`pidof ${child}`)).exitCode === 0 ? undefined : true));
    this.running = false;
  }

  async restart(): Promise<void> {
    if (this.running) await this.stop();
    await this.start();
  }

  // The line of dockerd's log that says why, the field that set what it names, then the log itself.
  private async startFailure(): Promise<string> {
    const log = await this.logTail(60);
    const reason = startFailureReason(log);
    const blamed = reason === undefined ? [] : settingsBlamed(reason, this.settings());
    const cause = blamed.length > 0 ? `; set by ${[...new Set(blamed.map((setting) => setting.field))].join(', ')}` : `; daemon.json ${JSON.stringify(this.config)}, flags ${JSON.stringify(this.args)}`;
    return `on ${this.host.name}: dockerd refused to start: ${reason ?? 'its log says nothing'}${cause}\nits log since this start:\n${linesSinceStart(log).slice(-30).join('\n')}`;
  }

  private settings(): DaemonSetting[] {
    const settings: DaemonSetting[] = [];
    for (const [key, value] of Object.entries(this.config)) {
      const field = this.configOrigin.get(key) ?? key;
      settings.push({ text: key, field });
      if (typeof value === 'string' || typeof value === 'number') settings.push({ text: String(value), field });
    }
    for (const arg of this.args) for (const part of arg.split('=')) settings.push({ text: part, field: this.argsOrigin });
    return settings;
  }

  async logTail(lines = 30): Promise<string> {
    return this.host.init.dockerdLog(this.host, lines);
  }
}
