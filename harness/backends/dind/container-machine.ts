import { accessSync, constants, readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import type { StartedTestContainer } from 'testcontainers';
import { describeError, HarnessError } from '../../core/errors.ts';
import { pathInRoot } from '../../core/path-in-root.ts';
import { harnessInit } from '../../machines/init/harness-init.ts';
import type { ProcessResult } from '../../core/process.ts';
import { agentArgv, ChannelPool, detachedArgv, type ChannelTransport } from '../../machines/command-channel.ts';
import { enterChannel, execEnvironment, nsenterPresent } from './enter-channel.ts';
import { Machine, shown, type ExecOptions } from '../../machines/machine.ts';
import { engineCallTiming } from '../../core/timing.ts';
import { withinEngineTime } from './engine.ts';
import type { Role } from './labels.ts';

// How the container was made, as far as a process entering it needs to know.
export interface ContainerFacts {
  readonly pid: number;
  readonly role: Role;
  readonly hostname: string;
  readonly env: readonly string[];
}

// A container of the run, driven through the engine.
export class ContainerMachine extends Machine {
  readonly init = harnessInit;
  readonly container: StartedTestContainer;
  readonly docker: Docker;
  private readonly facts: ContainerFacts;
  private readonly channels: ChannelPool;
  // The container's root as a path of this process; undefined when the engine is not on this kernel.
  private root: string | undefined | null = null;

  constructor(name: string, container: StartedTestContainer, docker: Docker, facts: ContainerFacts) {
    super(name);
    this.container = container;
    this.docker = docker;
    this.facts = facts;
    this.channels = new ChannelPool(name, 'ENGINE_NO_ANSWER', (endLine) => this.openChannel(endLine));
  }

  // The container's init pid in the engine's pid namespace: the switch enters its netns through it.
  get pid(): number {
    return this.facts.pid;
  }

  openChannels(count: number): Promise<void> {
    return this.channels.openAhead(count);
  }

  exec(command: string | readonly string[], options: ExecOptions = {}): Promise<ProcessResult> {
    return this.channels.exec(command, options, (limit) => new HarnessError('ENGINE_NO_ANSWER', `on ${this.name}: the engine gave no answer to \`${shown(command)}\` within ${limit} s`));
  }

  // Through /proc/<pid>/root, when the pid is this container's here: a remote engine's pids name other
  // processes of this machine, or none, so the container's id must be in the process's cgroup path.
  override localPath(path: string): string | undefined {
    if (this.root === null) this.root = this.findRoot();
    return this.root === undefined ? undefined : pathInRoot(this.root, path);
  }

  // Whether this process can enter the container's namespaces itself (nsenter), the engine being on
  // this kernel.
  get enterable(): boolean {
    return this.localPath('/') !== undefined && nsenterPresent();
  }

  private findRoot(): string | undefined {
    const root = `/proc/${this.pid}/root`;
    try {
      if (!readFileSync(`/proc/${this.pid}/cgroup`, 'utf8').includes(this.container.getId())) return undefined;
      accessSync(`${root}/`, constants.R_OK | constants.X_OK);
      return root;
    } catch {
      return undefined;
    }
  }

  // A command channel is the agent with its stdin attached, kept open. A source or the switch on this
  // kernel is entered directly (nsenter into all its namespaces, its environment as an exec would
  // have it): an engine exec costs ~60 ms of CPU across dockerd, containerd, the shim and runc. A
  // Docker host keeps the engine's exec, so its dockerd and everything it starts stay in the
  // container's own cgroups, as on a real host.
  private async openChannel(endLine: string): Promise<ChannelTransport> {
    if (this.facts.role !== 'host' && this.enterable) return enterChannel(this.pid, [...execEnvironment, `HOSTNAME=${this.facts.hostname}`, ...this.facts.env], endLine);
    const exec = await this.docker.getContainer(this.container.getId()).exec({ Cmd: agentArgv(endLine), AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: false });
    const stream = await exec.start({ hijack: true, stdin: true });
    const output = new PassThrough();
    const errors = new PassThrough();
    this.docker.modem.demuxStream(stream, output, errors);
    stream.on('end', () => output.end());
    stream.on('close', () => output.destroy());
    stream.on('error', (error: Error) => output.destroy(error));
    return { input: stream, output, errors, close: () => stream.destroy() };
  }

  // One command through the engine's exec rather than a channel: what it starts lives in the
  // container's own cgroups, so the container's removal ends it even when the harness cannot (a
  // process of a container sharing the engine's pid namespace is not ended by its init's end).
  async engineExec(script: string, limitMs: number): Promise<string> {
    const result = await withinEngineTime(`running a command in ${this.name}`, this.container.exec(['sh', '-c', script]), limitMs);
    if (result.exitCode !== 0) throw new HarnessError('STEP_FAILED', `on ${this.name}: \`${script.split('\n')[0]}…\` exited ${result.exitCode}:\n${result.output}`);
    return result.stdout;
  }

  // Down the command channel, in a session of its own.
  async spawnDetached(command: string): Promise<void> {
    await this.run(detachedArgv(command));
  }

  async copyFile(localPath: string, remotePath: string, mode = 0o644): Promise<void> {
    await withinEngineTime(`copying ${localPath} into ${this.name}`, this.container.copyFilesToContainer([{ source: localPath, target: remotePath, mode }]), engineCallTiming.copyMs);
  }

  // Its command channels end; the container stays.
  closeChannels(): void {
    this.channels.close();
  }

  async stop(): Promise<void> {
    this.closeChannels();
    const name = this.container.getName().replace(/^\//, '');
    await withinEngineTime(`removing ${name}`, this.container.stop({ timeout: 0, remove: true }), engineCallTiming.containerStopMs).catch((error: unknown) => {
      // Already gone (removed from outside): nothing is left behind.
      if ((error as { statusCode?: number }).statusCode === 404) return;
      throw new HarnessError('TEARDOWN_FAILED', `removing ${this.name}'s container ${name}: ${describeError(error)}`);
    });
  }
}

