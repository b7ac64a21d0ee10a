import { CommandError, type ProcessResult } from '../core/process.ts';
import { pollUntil } from '../core/retry.ts';
import { machineTiming } from '../core/timing.ts';
import { HarnessError } from '../core/errors.ts';

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
  abstract readonly init: InitSystem;

  protected constructor(name: string) {
    this.name = name;
  }

  // Runs a shell command (or an argv) and returns its result whatever the exit code.
  abstract exec(command: string | readonly string[], options?: ExecOptions): Promise<ProcessResult>;
  // Starts a long-running process in the background and returns at once.
  abstract spawnDetached(command: string): Promise<void>;
  abstract copyFile(localPath: string, remotePath: string, mode?: number): Promise<void>;
  // Opens command channels until the machine has `count`, ahead of the commands that will need them.
  abstract openChannels(count: number): Promise<void>;
  // Lets go of the machine: removes a container, closes an SSH connection.
  abstract stop(): Promise<void>;

  // A file of the machine as a path of the harness process, when both share a kernel and the harness
  // can reach the machine's filesystem (a container of a local engine); undefined otherwise.
  localPath(_path: string): string | undefined {
    return undefined;
  }

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

// A command as it is shown in messages and results: the shell line, or the argv joined.
export function shown(command: string | readonly string[]): string {
  return typeof command === 'string' ? command : command.join(' ');
}

// A command as one shell line: a string as it is, an argv quoted word by word.
export function commandLine(command: string | readonly string[]): string {
  return typeof command === 'string' ? command : command.map(shellQuote).join(' ');
}

// Quotes one argument for a shell on the machine; plain words stay as they are for readable logs.
export function shellQuote(argument: string): string {
  return /^[\w@%+=:,./-]+$/.test(argument) ? argument : `'${argument.replace(/'/g, `'\\''`)}'`;
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

// Who starts the long-running daemons of a Docker host: the harness itself (a container has no
// init), or systemd (a VM, with the units its distribution ships). Daemon and DockerHost ask it and
// never branch on the kind of machine.
export interface InitSystem {
  readonly name: 'harness' | 'systemd';
  // firewalld with the system bus it needs, started (not yet answering).
  startFirewalld(machine: Machine): Promise<void>;
  firewalldLog(machine: Machine, lines: number): Promise<string>;
  // dockerd with these extra flags, started (not yet answering); throws when it cannot even start.
  startDockerd(machine: Machine, args: readonly string[]): Promise<void>;
  // Asks dockerd to stop; the caller waits for it to be gone.
  stopDockerd(machine: Machine): Promise<void>;
  // The process that must also be gone before dockerd counts as stopped, if any.
  readonly dockerdChild?: string;
  dockerdLog(machine: Machine, lines: number): Promise<string>;
}
