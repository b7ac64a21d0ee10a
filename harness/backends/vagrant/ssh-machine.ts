import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { Duplex } from 'node:stream';
import { Client, type ClientChannel } from 'ssh2';
import { startProcess, type ProcessResult } from '../../core/process.ts';
import { machineTiming } from '../../core/timing.ts';
import { HarnessError } from '../../core/errors.ts';
import { log } from '../../core/log.ts';
import { agentArgv, ChannelPool, type ChannelTransport } from '../../machines/command-channel.ts';
import { Machine, shellQuote, shown, withinTime, type ExecOptions } from '../../machines/machine.ts';
import { systemdInit } from '../../machines/init/systemd-init.ts';

// Where a machine answers SSH: from `vagrant ssh-config`, or given directly for a machine one has.
export interface SshTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly privateKeyPath: string;
  // VMs whose network lives in a namespace of the run are reachable only from inside it: the
  // connection is then carried by socat run there, as OpenSSH's ProxyCommand would.
  readonly netns?: string;
}

export interface SshConnectOptions {
  // The whole connection (TCP, handshake, key) must be up within this long.
  readonly readyTimeoutMs?: number;
  readonly init?: Machine['init'];
}

// A machine driven over SSH with ssh2: a VM of the run, or a machine the user already has.
export class SshMachine extends Machine {
  readonly init: Machine['init'];
  readonly target: SshTarget;
  private readonly client: Client;
  private readonly relay: ChildProcess | undefined;
  private readonly channels: ChannelPool;

  private constructor(name: string, target: SshTarget, client: Client, relay: ChildProcess | undefined, init: Machine['init']) {
    super(name);
    this.target = target;
    this.client = client;
    this.relay = relay;
    this.init = init;
    this.channels = new ChannelPool(name, 'SSH_NO_ANSWER', (endLine) => this.openChannel(endLine));
  }

  static async connect(name: string, target: SshTarget, options: SshConnectOptions = {}): Promise<SshMachine> {
    const readyTimeoutMs = options.readyTimeoutMs ?? machineTiming.sshReadyMs;
    const where = `${target.user}@${target.host}:${target.port}${target.netns ? ` (in network namespace ${target.netns})` : ''}`;
    const privateKey = await readFile(target.privateKeyPath).catch((error: NodeJS.ErrnoException) => {
      throw new HarnessError('SSH_KEY_UNREADABLE', `ssh ${where}: cannot read the key ${target.privateKeyPath}: ${error.code ?? error.message}`);
    });
    const relay = target.netns ? spawnRelay(target) : undefined;
    const client = new Client();
    const ready = new Promise<void>((resolve, reject) => {
      client.once('ready', () => resolve());
      // Errors keep coming after the first (a relay closing, say): all are handled, the first decides.
      client.on('error', (error: Error & { level?: string }) => {
        log.docker('ssh %s: %s', name, error.message);
        reject(explainConnectError(where, target, error, readyTimeoutMs));
      });
      client.once('close', () => reject(new HarnessError('SSH_UNREACHABLE', `ssh ${where}: the connection closed before SSH was ready (nothing listening there?)`)));
    });
    client.connect({
      host: target.host,
      port: target.port,
      username: target.user,
      privateKey,
      readyTimeout: readyTimeoutMs,
      keepaliveInterval: machineTiming.sshKeepaliveMs,
      ...(relay ? { sock: Duplex.from({ readable: relay.stdout!, writable: relay.stdin! }) } : {}),
    });
    try {
      await withinTime(ready, readyTimeoutMs + 5000, () => new HarnessError('SSH_UNREACHABLE', `ssh ${where}: no SSH answer within ${Math.round(readyTimeoutMs / 1000)} s`));
    } catch (error) {
      client.end();
      relay?.kill('SIGKILL');
      throw error;
    }
    log.docker('ssh %s: connected as %s', name, where);
    return new SshMachine(name, target, client, relay, options.init ?? systemdInit);
  }

  openChannels(count: number): Promise<void> {
    return this.channels.openAhead(count);
  }

  exec(command: string | readonly string[], options: ExecOptions = {}): Promise<ProcessResult> {
    return this.channels.exec(command, options, (limit) => new HarnessError('SSH_NO_ANSWER', `on ${this.name}: no answer over SSH to \`${shown(command)}\` within ${limit} s (connection lost?)`));
  }


  // A command channel is one SSH exec of the agent, kept open: no new SSH channel and login shell per command.
  private openChannel(endLine: string): Promise<ChannelTransport> {
    return new Promise((resolve, reject) => {
      this.client.exec(agentArgv(endLine).map(shellQuote).join(' '), (error, channel: ClientChannel) => {
        if (error) return reject(new HarnessError('SSH_EXEC_FAILED', `on ${this.name}: could not open a command channel over SSH: ${error.message}`));
        resolve({ input: channel, output: channel, errors: channel.stderr, close: () => channel.close() });
      });
    });
  }

  async spawnDetached(command: string): Promise<void> {
    // setsid -f: the process leaves the SSH session, which ends at once and leaves it running.
    await this.run1(`setsid -f sh -c ${shellQuote(command)} </dev/null >/dev/null 2>&1`);
    log.docker('%s$ %s &', this.name, command);
  }

  async copyFile(localPath: string, remotePath: string, mode = 0o644): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.client.sftp((error, sftp) => {
        if (error) return reject(new HarnessError('SSH_COPY_FAILED', `on ${this.name}: sftp: ${error.message}`));
        sftp.fastPut(localPath, remotePath, { mode }, (putError) => {
          sftp.end();
          if (putError) reject(new HarnessError('SSH_COPY_FAILED', `on ${this.name}: copying ${localPath} to ${remotePath}: ${putError.message}`));
          else resolve();
        });
      });
    });
  }

  async stop(): Promise<void> {
    this.channels.close();
    this.client.end();
    this.relay?.kill('SIGKILL');
  }

  // One command on its own channel: its output and exit code (255 when a signal ended it).
  private run1(line: string): Promise<Pick<ProcessResult, 'exitCode' | 'stdout' | 'stderr'>> {
    return new Promise((resolve, reject) => {
      this.client.exec(line, (error, channel: ClientChannel) => {
        if (error) return reject(new HarnessError('SSH_EXEC_FAILED', `on ${this.name}: could not run a command over SSH: ${error.message}`));
        let stdout = '';
        let stderr = '';
        let exitCode = 255;
        channel.on('data', (chunk: Buffer) => (stdout += chunk));
        channel.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
        channel.on('exit', (code: number | null) => {
          if (typeof code === 'number') exitCode = code;
        });
        channel.on('close', () => resolve({ exitCode, stdout, stderr }));
      });
    });
  }
}

function spawnRelay(target: SshTarget): ChildProcess {
  const relay = startProcess(['ip', 'netns', 'exec', target.netns!, 'socat', '-', `TCP:${target.host}:${target.port},connect-timeout=10`], { stdio: ['pipe', 'pipe', 'pipe'] });
  relay.stderr?.on('data', (chunk: Buffer) => log.docker('ssh relay to %s: %s', target.host, String(chunk).trim()));
  return relay;
}

function explainConnectError(where: string, target: SshTarget, error: Error & { level?: string }, readyTimeoutMs: number): HarnessError {
  if (error.level === 'client-authentication') {
    return new HarnessError('SSH_AUTH_FAILED', `ssh ${where}: the key ${target.privateKeyPath} was refused (${error.message})`);
  }
  if (error.level === 'client-timeout') {
    return new HarnessError('SSH_UNREACHABLE', `ssh ${where}: no SSH answer within ${Math.round(readyTimeoutMs / 1000)} s (${error.message})`);
  }
  return new HarnessError('SSH_UNREACHABLE', `ssh ${where}: unreachable (${error.message})`);
}
