import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { constants } from 'node:os';
import { HarnessError, type HarnessErrorCode } from './errors.ts';
import { onInterrupt } from './interrupt.ts';
import { localTiming } from './timing.ts';

// What a command did, wherever it ran (this machine, a container, an SSH machine).
export interface ProcessResult {
  // The command as one line, for messages and logs.
  readonly command: string;
  // 128 + the signal's number when a signal ended it, as a shell reports it.
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
  // The command was stopped because it reached its time limit.
  readonly timedOut: boolean;
}

export interface ProcessOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  // Written to the command's stdin, which is then closed; without it stdin is /dev/null.
  readonly input?: string;
  // The command gets `timeoutSignal` after this long, and its result says timedOut.
  readonly timeoutMs?: number;
  // SIGTERM unless a command has a gentler way to stop what it started (Vagrant: SIGINT).
  readonly timeoutSignal?: NodeJS.Signals;
  // Each line of stdout and stderr as it comes (debug logs, progress).
  readonly onLine?: (line: string) => void;
  // The command leads its own process group, and an interrupted harness kills all of it (debootstrap
  // runs wget, dpkg and chroot underneath) before the build's own cleanup removes its files.
  readonly processGroup?: boolean;
  // For a process group that cleans up after itself (a harness run the bench started): on an
  // interrupt it gets this signal and this long to finish, and is killed only after that.
  readonly interruptGracefully?: { readonly signal: NodeJS.Signals; readonly waitMs: number };
}

const outputTailChars = 3000;

// A command that failed or ran out of time: what ran, how it ended, and the end of what it said.
export class CommandError extends HarnessError {
  readonly command: string;
  readonly exitCode: number;
  readonly timedOut: boolean;
  readonly durationMs: number;
  readonly outputTail: string;

  constructor(result: ProcessResult, options: { readonly code?: HarnessErrorCode; readonly where?: string; readonly limitMs?: number } = {}) {
    const outputTail = (result.stderr.trim() || result.stdout.trim()).slice(-outputTailChars);
    const why = result.timedOut ? `timed out after ${options.limitMs ?? result.durationMs} ms` : `exited with ${result.exitCode}`;
    super(options.code ?? 'COMMAND_FAILED', `${options.where ? `on ${options.where}: ` : ''}\`${result.command}\` ${why}: ${outputTail}`);
    this.name = 'CommandError';
    this.command = result.command;
    this.exitCode = result.exitCode;
    this.timedOut = result.timedOut;
    this.durationMs = result.durationMs;
    this.outputTail = outputTail;
  }
}

// Runs a command on this machine and returns its result whatever the exit code; only a command that
// cannot be started at all (not installed) is an error.
export function execProcess(argv: readonly string[], options: ProcessOptions = {}): Promise<ProcessResult> {
  const [file, ...args] = argv;
  const command = argv.join(' ');
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(file!, args, {
      cwd: options.cwd,
      env: options.env,
      detached: options.processGroup === true,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const closed = new Promise<void>((done) => child.once('close', () => done()));
    const forget = options.processGroup
      ? onInterrupt(`${file} (pid ${child.pid})`, async () => {
          const gently = options.interruptGracefully;
          if (gently && child.pid !== undefined && child.exitCode === null) {
            process.kill(-child.pid, gently.signal);
            await Promise.race([closed, new Promise((done) => setTimeout(done, gently.waitMs))]);
          }
          if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
          await Promise.race([closed, new Promise((done) => setTimeout(done, localTiming.interruptKillWaitMs))]);
        })
      : () => {};
    let timedOut = false;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            kill(child, options.timeoutSignal ?? 'SIGTERM', options.processGroup === true);
          }, options.timeoutMs);
    const stdout = collect(child.stdout!, options.onLine);
    const stderr = collect(child.stderr!, options.onLine);
    if (options.input !== undefined) {
      // A command that exits before reading all of it makes the write fail with EPIPE; its result says why.
      child.stdin!.on('error', () => {});
      child.stdin!.end(options.input);
    }
    child.once('error', (error) => {
      clearTimeout(timer);
      forget();
      reject(new HarnessError('COMMAND_FAILED', `${file} could not be started: ${error.message}`, { cause: error }));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      forget();
      const exitCode = code ?? 128 + (signal ? constants.signals[signal] : 0);
      resolve({ command, exitCode, stdout: stdout.text(), stderr: stderr.text(), durationMs: Math.round(performance.now() - started), timedOut });
    });
  });
}

// Runs a command on this machine that must succeed, and returns its result; the error says how it
// ended and what it said last.
export async function runProcess(argv: readonly string[], options: ProcessOptions & { readonly errorCode?: HarnessErrorCode } = {}): Promise<ProcessResult> {
  const result = await execProcess(argv, options);
  if (result.exitCode === 0 && !result.timedOut) return result;
  throw new CommandError(result, {
    ...(options.errorCode ? { code: options.errorCode } : {}),
    ...(options.timeoutMs === undefined ? {} : { limitMs: options.timeoutMs }),
  });
}

// Starts a process that outlives this call (a daemon, a relay, a producer piped elsewhere); the
// caller owns it and its streams.
export function startProcess(
  argv: readonly string[],
  options: { readonly stdio: StdioOptions; readonly env?: NodeJS.ProcessEnv; readonly detached?: boolean },
): ChildProcess {
  const [file, ...args] = argv;
  return spawn(file!, args, { stdio: options.stdio, env: options.env, detached: options.detached === true });
}

function kill(child: ChildProcess, signal: NodeJS.Signals, group: boolean): void {
  try {
    if (group && child.pid !== undefined) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    // gone already
  }
}

// A stream's text, and its lines as they complete (the last, unterminated one when it ends).
function collect(stream: NodeJS.ReadableStream, onLine: ((line: string) => void) | undefined): { text(): string } {
  let text = '';
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    text += chunk;
    if (!onLine) return;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    lines.forEach(onLine);
  });
  stream.on('end', () => {
    if (onLine && pending !== '') onLine(pending);
    pending = '';
  });
  return { text: () => text };
}
