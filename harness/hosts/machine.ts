import type Docker from 'dockerode';
import type { StartedTestContainer } from 'testcontainers';
import { CommandError, type ProcessResult } from '../core/process.ts';
import { pollUntil } from '../core/retry.ts';
import { machineTiming } from '../core/timing.ts';
import { HarnessError } from '../errors.ts';
import { log } from '../log.ts';

export interface ExecOptions {
  // The command is killed after this long (coreutils timeout on the machine); its result then says timedOut.
  readonly timeoutMs?: number;
}

export interface InterfaceAddress {
  readonly interface: string;
  readonly address: string;
  readonly prefix: number;
}

// A machine of the run (Docker host, source or switch), whatever it is underneath: a container driven
// through the engine, or a VM driven over SSH. Scenarios, steps and probes only ever use this.
export abstract class Machine {
  readonly name: string;
  // Who starts long-running daemons here: the harness itself (a container has no init), or systemd
  // (a VM, as its distribution ships it).
  abstract readonly init: 'harness' | 'systemd';

  protected constructor(name: string) {
    this.name = name;
  }

  // Runs a shell command (or an argv) and returns its result whatever the exit code.
  abstract exec(command: string | readonly string[], options?: ExecOptions): Promise<ProcessResult>;
  // Starts a long-running process in the background and returns at once.
  abstract spawnDetached(command: string): Promise<void>;
  abstract copyFile(localPath: string, remotePath: string, mode?: number): Promise<void>;
  // Lets go of the machine: removes a container, closes an SSH connection.
  abstract stop(): Promise<void>;

  // Runs a command that must succeed; the error (a CommandError) names the machine, the command, how
  // it ended (with its duration, and whether it ran out of time) and its output.
  async run(command: string | readonly string[], options: ExecOptions = {}): Promise<string> {
    const result = await this.exec(command, options);
    if (result.exitCode === 0 && !result.timedOut) return result.stdout;
    throw new CommandError(result, { where: this.name, limitMs: options.timeoutMs ?? machineTiming.execMs });
  }

  // Polls `probe` until it returns a value, or fails with `describe()` after `timeoutMs`.
  async waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, describe: () => Promise<string> = async () => ''): Promise<T> {
    return pollUntil(probe, {
      timeoutMs,
      intervalMs: machineTiming.pollMs,
      onTimeout: async () => {
        const detail = await describe().catch(() => '');
        return new HarnessError('TIMEOUT', `on ${this.name}: ${what} not reached after ${timeoutMs} ms${detail ? `:\n${detail}` : ''}`);
      },
    });
  }

  // Every global address on the machine's interfaces, as `ip` reports them.
  async addresses(): Promise<InterfaceAddress[]> {
    const links = JSON.parse(await this.run(['ip', '-j', 'address', 'show', 'scope', 'global'])) as Array<{ ifname: string; addr_info?: Array<{ local: string; prefixlen: number }> }>;
    return links.flatMap((link) => (link.addr_info ?? []).map((info) => ({ interface: link.ifname, address: info.local, prefix: info.prefixlen })));
  }
}

// A container of the run, driven through the engine.
export class ContainerMachine extends Machine {
  readonly init = 'harness';
  readonly container: StartedTestContainer;
  readonly docker: Docker;
  // The container's init pid in the engine's pid namespace: the switch enters its netns through it.
  readonly pid: number;

  constructor(name: string, container: StartedTestContainer, docker: Docker, pid: number) {
    super(name);
    this.container = container;
    this.docker = docker;
    this.pid = pid;
  }

  async exec(command: string | readonly string[], options: ExecOptions = {}): Promise<ProcessResult> {
    const argv = typeof command === 'string' ? ['sh', '-c', command] : [...command];
    const seconds = Math.ceil((options.timeoutMs ?? machineTiming.execMs) / 1000);
    const started = performance.now();
    const result = await withinTime(this.container.exec(withTimeout(argv, seconds)), seconds * 1000 + machineTiming.noAnswerSlackMs, () => {
      return new HarnessError('ENGINE_NO_ANSWER', `on ${this.name}: the engine gave no answer to \`${argv.join(' ')}\` within ${seconds + machineTiming.noAnswerSlackMs / 1000} s`);
    });
    const durationMs = Math.round(performance.now() - started);
    log.docker('%s$ %o -> %d (%d ms)', this.name, argv, result.exitCode, durationMs);
    return { command: shown(command), exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr, durationMs, timedOut: stoppedByTimeout(result.exitCode, durationMs, seconds) };
  }

  async spawnDetached(command: string): Promise<void> {
    const exec = await this.docker.getContainer(this.container.getId()).exec({ Cmd: ['sh', '-c', command], AttachStdout: false, AttachStderr: false });
    await exec.start({ Detach: true });
    log.docker('%s$ %s &', this.name, command);
  }

  async copyFile(localPath: string, remotePath: string, mode = 0o644): Promise<void> {
    await this.container.copyFilesToContainer([{ source: localPath, target: remotePath, mode }]);
  }

  async stop(): Promise<void> {
    await this.container.stop({ timeout: 0, remove: true }).catch((error) => log.docker('stopping %s: %s', this.name, error));
  }
}

// A command as it is shown in messages and results: the shell line, or the argv joined.
export function shown(command: string | readonly string[]): string {
  return typeof command === 'string' ? command : command.join(' ');
}

// coreutils timeout around a command: SIGTERM after `seconds`, SIGKILL a little later if it holds on.
export function withTimeout(argv: readonly string[], seconds: number): string[] {
  return ['timeout', '-k', String(machineTiming.killAfterSeconds), String(seconds), ...argv];
}

// Whether `timeout` stopped the command: it exits 124 (137 when the command needed SIGKILL), and
// the harness knows its own limit passed, so a command that itself exits 124 early is not mistaken.
export function stoppedByTimeout(exitCode: number, durationMs: number, seconds: number): boolean {
  return (exitCode === 124 || exitCode === 137) && durationMs >= seconds * 1000;
}

// Bounds a promise whose own end may never come (an engine or SSH connection that went away mid-command).
export function withinTime<T>(work: Promise<T>, limitMs: number, error: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(error()), limitMs);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
