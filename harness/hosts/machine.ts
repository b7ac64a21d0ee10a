import type Docker from 'dockerode';
import type { StartedTestContainer } from 'testcontainers';
import { describeError, HarnessError } from '../errors.ts';
import { log } from '../log.ts';

export interface ExecOutput {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

export interface ExecOptions {
  // The command is killed after this long (coreutils timeout); exit code 124 then means "timed out".
  readonly timeoutMs?: number;
}

export interface InterfaceAddress {
  readonly interface: string;
  readonly address: string;
  readonly prefix: number;
}

export const defaultTimeoutMs = 60_000;

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
  abstract exec(command: string | readonly string[], options?: ExecOptions): Promise<ExecOutput>;
  // Starts a long-running process in the background and returns at once.
  abstract spawnDetached(command: string): Promise<void>;
  abstract copyFile(localPath: string, remotePath: string, mode?: number): Promise<void>;
  // Lets go of the machine: removes a container, closes an SSH connection.
  abstract stop(): Promise<void>;

  // Runs a command that must succeed; the error names the machine, the command and its output.
  async run(command: string | readonly string[], options: ExecOptions = {}): Promise<string> {
    const result = await this.exec(command, options);
    if (result.exitCode === 0) return result.stdout;
    const shown = typeof command === 'string' ? command : command.join(' ');
    const why = result.exitCode === 124 ? `timed out after ${options.timeoutMs ?? defaultTimeoutMs} ms` : `exited with ${result.exitCode}`;
    throw new HarnessError('COMMAND_FAILED', `on ${this.name}: \`${shown}\` ${why}: ${(result.stderr || result.stdout).trim().slice(-1500)}`);
  }

  // Polls `probe` until it returns a value, or fails with `describe()` after `timeoutMs`.
  async waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, describe: () => Promise<string> = async () => ''): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) {
        const detail = await describe().catch(() => '');
        throw new HarnessError('TIMEOUT', `on ${this.name}: ${what} not reached after ${timeoutMs} ms${detail ? `:\n${detail}` : ''}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
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

  async exec(command: string | readonly string[], options: ExecOptions = {}): Promise<ExecOutput> {
    const argv = typeof command === 'string' ? ['sh', '-c', command] : [...command];
    const seconds = Math.ceil((options.timeoutMs ?? defaultTimeoutMs) / 1000);
    const started = performance.now();
    const result = await withinTime(this.container.exec(['timeout', '-k', '2', String(seconds), ...argv]), seconds * 1000 + 15_000, () => {
      return new HarnessError('ENGINE_NO_ANSWER', `on ${this.name}: the engine gave no answer to \`${argv.join(' ')}\` within ${seconds + 15} s`);
    });
    const durationMs = Math.round(performance.now() - started);
    log.docker('%s$ %o -> %d (%d ms)', this.name, argv, result.exitCode, durationMs);
    return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr, durationMs };
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
    await this.container.stop({ timeout: 0, remove: true }).catch((error: unknown) => {
      // Already gone (removed from outside): nothing is left behind.
      if ((error as { statusCode?: number }).statusCode === 404) return;
      throw new HarnessError('TEARDOWN_FAILED', `removing ${this.name}'s container ${this.container.getName().replace(/^\//, '')}: ${describeError(error)}`);
    });
  }
}

// Bounds a promise whose own end may never come (an engine or SSH connection that went away mid-command).
export function withinTime<T>(work: Promise<T>, limitMs: number, error: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(error()), limitMs);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
