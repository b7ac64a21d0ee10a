import { HarnessError } from '../core/errors.ts';
import { linesSinceStart, settingsBlamed, startFailureReason, type DaemonSetting } from './daemon-failure.ts';
import type { InnerEngine } from './inner-engine.ts';
import type { Machine } from './machine.ts';

// The inner dockerd of a Docker host: configured through /etc/docker/daemon.json and extra flags,
// started, stopped and restarted the way an operator would, with its own log as evidence on failure.
// The release of the dockerd installed on a machine ("20.10.24"), whether or not it runs.
export async function installedDockerd(machine: Machine): Promise<string | undefined> {
  const result = await machine.exec('dockerd --version');
  return /version\s+v?([\d.]+)/i.exec(result.stdout)?.[1];
}

export class Daemon {
  private readonly host: Machine;
  private readonly engine: InnerEngine;
  private config: Record<string, unknown> = {};
  private args: readonly string[] = [];
  // Which scenario field set each daemon.json key and the flags, so a refused start can name it.
  private readonly configOrigin = new Map<string, string>();
  private argsOrigin = '';
  private running = false;
  version = '';

  constructor(host: Machine, engine: InnerEngine) {
    this.host = host;
    this.engine = engine;
  }

  get isRunning(): boolean {
    return this.running;
  }

  // Merges keys into daemon.json (null removes a key) and writes it out. `origin` is the scenario
  // field that holds them, as a prefix ("hosts.docker1.daemon.", or "this step's ").
  async configure(patch: Record<string, unknown> | undefined, args: readonly string[] | undefined, origin: string): Promise<void> {
    this.merge(patch, args, origin);
    if (patch === undefined) return;
    const json = JSON.stringify(this.config, null, 2);
    await this.host.run(['sh', '-c', 'mkdir -p /etc/docker && printf "%s\\n" "$1" > /etc/docker/daemon.json', 'sh', json]);
  }

  // The machine was restored to just after an identical configure (and start, when `version` is
  // given): the daemon knows what that left, without writing or starting anything again.
  resume(patch: Record<string, unknown>, args: readonly string[], origin: string, version: string | undefined): void {
    this.merge(patch, args, origin);
    this.running = version !== undefined;
    this.version = version ?? '';
  }

  private merge(patch: Record<string, unknown> | undefined, args: readonly string[] | undefined, origin: string): void {
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
        const look = await this.engine.look();
        if (look.state === 'answering') return look.version;
        if (look.state === 'no-client') throw new HarnessError('DAEMON_START_FAILED', `on ${this.host.name}: the host image has no docker client: ${look.detail}`);
        if (look.state === 'gone') throw new HarnessError('DAEMON_START_FAILED', await this.startFailure());
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
    // Waited for on the host, in one command: dockerd's shutdown takes a second or more, and a round
    // trip per look would cost more CPU than the wait.
    const child = this.host.init.dockerdChild;
    const names = ['dockerd', ...(child ? [child] : [])];
    const limitMs = 45_000;
    const waited = await this.host.exec(`for name in ${names.join(' ')}; do while pidof "$name" >/dev/null; do sleep 0.05; done; done`, { timeoutMs: limitMs });
    if (waited.timedOut || waited.exitCode !== 0) {
      throw new HarnessError('TIMEOUT', `on ${this.host.name}: ${names.join(' and ')} stopped not reached after ${limitMs} ms:\n${await this.logTail().catch(() => '')}`);
    }
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
