import type Docker from 'dockerode';
import type { StartedTestContainer } from 'testcontainers';
import { HarnessError } from '../errors.ts';
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

const defaultTimeoutMs = 60_000;

// A started container of the run (Docker host, source or switch): run commands in it, stop it.
export class Machine {
  readonly name: string;
  readonly container: StartedTestContainer;
  readonly docker: Docker;
  // The container's init pid in the engine's pid namespace: the switch enters its netns through it.
  readonly pid: number;

  constructor(name: string, container: StartedTestContainer, docker: Docker, pid: number) {
    this.name = name;
    this.container = container;
    this.docker = docker;
    this.pid = pid;
  }

  // Runs a shell command (or an argv) and returns its result whatever the exit code.
  async exec(command: string | readonly string[], options: ExecOptions = {}): Promise<ExecOutput> {
    const argv = typeof command === 'string' ? ['sh', '-c', command] : [...command];
    const seconds = Math.ceil((options.timeoutMs ?? defaultTimeoutMs) / 1000);
    const started = performance.now();
    const result = await this.container.exec(['timeout', '-k', '2', String(seconds), ...argv]);
    const durationMs = Math.round(performance.now() - started);
    log.docker('%s$ %o -> %d (%d ms)', this.name, argv, result.exitCode, durationMs);
    return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr, durationMs };
  }

  // Runs a command that must succeed; the error names the machine, the command and its output.
  async run(command: string | readonly string[], options: ExecOptions = {}): Promise<string> {
    const result = await this.exec(command, options);
    if (result.exitCode === 0) return result.stdout;
    const shown = typeof command === 'string' ? command : command.join(' ');
    const why = result.exitCode === 124 ? `timed out after ${options.timeoutMs ?? defaultTimeoutMs} ms` : `exited with ${result.exitCode}`;
    throw new HarnessError('COMMAND_FAILED', `on ${this.name}: \`${shown}\` ${why}: ${(result.stderr || result.stdout).trim().slice(-1500)}`);
  }

  // Starts a long-running process in the background (dockerd, firewalld) and returns at once.
  async spawnDetached(command: string): Promise<void> {
    const exec = await this.docker.getContainer(this.container.getId()).exec({ Cmd: ['sh', '-c', command], AttachStdout: false, AttachStderr: false });
    await exec.start({ Detach: true });
    log.docker('%s$ %s &', this.name, command);
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

  async stop(): Promise<void> {
    await this.container.stop({ timeout: 0, remove: true }).catch((error) => log.docker('stopping %s: %s', this.name, error));
  }
}
