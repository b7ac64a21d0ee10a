import { randomBytes } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import { HarnessError, type HarnessErrorCode } from '../core/errors.ts';
import { log } from '../core/log.ts';
import { machineTiming } from '../core/timing.ts';
import { commandFrame, FrameReader, type ChannelFrame } from './channel-frames.ts';
import type { ProcessResult } from '../core/process.ts';
import { commandLine, shown, stoppedByTimeout, withinTime, type ExecOptions } from './machine.ts';

// A long-lived agent on a machine that runs the harness's commands one after another, so a command
// costs a fork on the machine and a round trip, not a process started through the engine (a runc
// start each time, seconds on a loaded machine) or a new SSH channel. Each command still runs in its
// own `sh -c` under coreutils timeout, with stdin from /dev/null and its output in files of its own,
// so it sees what a one-off exec would. The wire format is in channel-frames.ts. netprobe's agent
// (harness/assets/netprobe.c) does the same where netprobe is installed, with one fork per command
// instead of the script's timeout, wc and head; this script is for a machine without it.
//
// $1 is the line that ends a command, $2 the seconds `timeout -k` allows after SIGTERM. Every
// command gets output files of its own: a background process a command left holding its files cannot
// write into a later command's output, and `head -c` sends no more than the header announced. The
// files are removed sixteen commands at a time, and an empty output costs no process at all: each
// process is about a millisecond of CPU, and a run sends thousands of commands.
export const agentScript = `
end=$1
kill_after=$2
dir=$(mktemp -d /tmp/harness-channel.XXXXXX) || exit 1
trap 'rm -rf "$dir"' EXIT
printf '\\036ready\\n'
n=0
while IFS= read -r head; do
  id=\${head%% *}
  seconds=\${head#* }
  script=
  while :; do
    IFS= read -r line || exit 0
    [ "$line" = "$end" ] && break
    script="$script$line
"
  done
  n=$((n + 1))
  out=$dir/$n.out
  err=$dir/$n.err
  timeout -k "$kill_after" "$seconds" sh -c "$script" >"$out" 2>"$err" </dev/null
  code=$?
  if [ -s "$out" ] || [ -s "$err" ]; then
    set -- $(wc -c "$out" "$err")
    printf '\\036%s %s %s %s\\n' "$id" "$code" "$1" "$3"
    [ "$1" -eq 0 ] || head -c "$1" "$out"
    [ "$3" -eq 0 ] || head -c "$3" "$err"
  else
    printf '\\036%s %s 0 0\\n' "$id" "$code"
  fi
  [ $((n % 16)) -ne 0 ] || rm -f "$dir"/*
done
`;

// The two ends of the agent's process: its stdin, its stdout, and its own stderr for the log.
export interface ChannelTransport {
  readonly input: Writable;
  readonly output: Readable;
  readonly errors?: Readable;
  // Ends the process for good (the command in flight, if any, is abandoned).
  close(): void;
}

// Where the harness puts netprobe on every machine it builds or sets up (harness/assets/netprobe.c).
const netprobePath = '/usr/local/bin/netprobe';

// The argv that starts the agent, for an engine's exec or an SSH command line: netprobe's agent,
// which does the same with one fork per command, or this script on a machine without netprobe (a
// plain box before its set-up copies it in).
export function agentArgv(endLine: string, netprobe = netprobePath): string[] {
  const start = `[ -x ${netprobe} ] && exec ${netprobe} agent "$1" "$2"\n${agentScript}`;
  return ['sh', '-c', start, 'harness-channel', endLine, String(machineTiming.killAfterSeconds)];
}

// The command that starts `command` in a session of its own and returns at once: nothing that ends
// the channel's command (its time limit, the channel closing) ends the process.
export function detachedArgv(command: string): string[] {
  return ['sh', '-c', 'setsid sh -c "$1" </dev/null >/dev/null 2>&1 &', 'sh', command];
}

// A line no command contains (commandFrame refuses one that does).
export function newEndLine(): string {
  return `\x1fharness-end-${randomBytes(8).toString('hex')}`;
}

class CommandChannel {
  private readonly reader = new FrameReader();
  private pending: { id: number; resolve: (frame: ChannelFrame) => void; reject: (error: Error) => void } | undefined;
  private failure: Error | undefined;
  private nextId = 1;
  private readonly transport: ChannelTransport;
  private readonly endLine: string;
  private readonly ready: Promise<void>;

  constructor(where: string, transport: ChannelTransport, endLine: string, lost: HarnessErrorCode) {
    this.transport = transport;
    this.endLine = endLine;
    let readyWaiter: { resolve: () => void; reject: (error: Error) => void } | undefined;
    this.ready = new Promise((resolve, reject) => (readyWaiter = { resolve, reject }));
    const fail = (error: Error) => {
      if (this.failure) return;
      this.failure = error;
      readyWaiter?.reject(error);
      this.pending?.reject(error);
      this.pending = undefined;
      transport.close();
    };
    transport.output.on('data', (chunk: Buffer) => {
      try {
        for (const frame of this.reader.push(chunk)) {
          const pending = this.pending;
          if (!pending || pending.id !== frame.id) throw new Error(`an answer to command ${frame.id}, which is not the one in flight`);
          this.pending = undefined;
          pending.resolve(frame);
        }
        if (this.reader.ready) readyWaiter?.resolve();
      } catch (error) {
        fail(new HarnessError(lost, `on ${where}: the command channel broke: ${(error as Error).message}`));
      }
    });
    transport.errors?.on('data', (chunk: Buffer) => log.docker('%s channel: %s', where, String(chunk).trim()));
    transport.output.on('error', (error: Error) => fail(new HarnessError(lost, `on ${where}: the command channel failed: ${error.message}`)));
    transport.output.on('close', () => fail(new HarnessError(lost, `on ${where}: the command channel closed in the middle`)));
    transport.output.on('end', () => fail(new HarnessError(lost, `on ${where}: the command channel ended in the middle`)));
    transport.input.on('error', (error: Error) => fail(new HarnessError(lost, `on ${where}: the command channel failed: ${error.message}`)));
  }

  get alive(): boolean {
    return this.failure === undefined;
  }

  async waitReady(): Promise<void> {
    await this.ready;
  }

  run(script: string, seconds: number): Promise<ChannelFrame> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending) return Promise.reject(new Error('a command channel runs one command at a time'));
    const id = this.nextId++;
    const frame = commandFrame(id, seconds, script, this.endLine);
    return new Promise<ChannelFrame>((resolve, reject) => {
      this.pending = { id, resolve, reject };
      this.transport.input.write(frame);
    });
  }

  close(): void {
    this.failure ??= new Error('the command channel was closed');
    this.transport.close();
  }
}

// The channels of one machine: one for each command in flight at the same moment (a flow's probe
// beside a trace, steps of parallel work), reused as they come free. A channel that broke or whose
// command never answered is dropped, and the next command opens a new one.
export class ChannelPool {
  private readonly idle: CommandChannel[] = [];
  private readonly all = new Set<CommandChannel>();
  // Channels opened ahead of the commands that will need them, for the first of those to take.
  private readonly ahead: Array<Promise<CommandChannel | undefined>> = [];
  private opening = 0;
  private closed = false;
  private readonly where: string;
  private readonly open: (endLine: string) => Promise<ChannelTransport>;
  private readonly lost: HarnessErrorCode;

  // `lost` is the code of the error when the machine stops answering (the engine's, or SSH's).
  constructor(where: string, lost: HarnessErrorCode, open: (endLine: string) => Promise<ChannelTransport>) {
    this.where = where;
    this.lost = lost;
    this.open = open;
  }

  // A machine's exec: the command (a shell line, or an argv) under its time limit, its result whatever
  // the exit code. `noAnswer` makes the error when the machine stays silent past the limit and
  // machineTiming.noAnswerSlackMs (given how long that was, in seconds).
  async exec(command: string | readonly string[], options: ExecOptions, noAnswer: (seconds: number) => HarnessError): Promise<ProcessResult> {
    const seconds = Math.ceil((options.timeoutMs ?? machineTiming.execMs) / 1000);
    const started = performance.now();
    const result = await this.run(commandLine(command), seconds, () => noAnswer(seconds + machineTiming.noAnswerSlackMs / 1000));
    const durationMs = Math.round(performance.now() - started);
    log.docker('%s$ %s -> %d (%d ms)', this.where, shown(command), result.exitCode, durationMs);
    return { command: shown(command), exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr, durationMs, timedOut: stoppedByTimeout(result.exitCode, durationMs, seconds) };
  }

  // Runs `script` under `timeout <seconds>`; `noAnswer` is the error when the machine stays silent
  // past that limit and machineTiming.noAnswerSlackMs.
  private async run(script: string, seconds: number, noAnswer: () => HarnessError): Promise<ChannelFrame> {
    const channel = await this.acquire();
    try {
      const frame = await withinTime(channel.run(script, seconds), seconds * 1000 + machineTiming.noAnswerSlackMs, noAnswer);
      this.idle.push(channel);
      return frame;
    } catch (error) {
      this.drop(channel);
      throw error;
    }
  }

  close(): void {
    this.closed = true;
    for (const channel of this.all) channel.close();
    this.all.clear();
    this.idle.length = 0;
  }

  // Opens channels until the machine has `count`, so the commands to come need not wait for one.
  // One that fails to open here is left to the command that needs it to open again, and report.
  async openAhead(count: number): Promise<void> {
    const opened: Array<Promise<unknown>> = [];
    for (let held = this.all.size + this.opening; held < count && !this.closed; held++) {
      const pending: Promise<CommandChannel | undefined> = this.openChannel().then(
        (channel) => {
          // Not taken by a command meanwhile: it waits with the idle ones.
          if (this.leaveAhead(pending)) this.idle.push(channel);
          return channel;
        },
        () => {
          this.leaveAhead(pending);
          return undefined;
        },
      );
      this.ahead.push(pending);
      opened.push(pending);
    }
    await Promise.all(opened);
  }

  private leaveAhead(pending: Promise<CommandChannel | undefined>): boolean {
    const index = this.ahead.indexOf(pending);
    if (index >= 0) this.ahead.splice(index, 1);
    return index >= 0;
  }

  private async acquire(): Promise<CommandChannel> {
    for (let channel = this.idle.pop(); channel; channel = this.idle.pop()) {
      if (channel.alive) return channel;
      this.drop(channel);
    }
    if (this.closed) throw new HarnessError(this.lost, `on ${this.where}: the machine was let go`);
    // With nothing opening ahead, the open below starts at once (no await first): an openAhead
    // called meanwhile counts it.
    const pending = this.ahead.shift();
    const openedAhead = pending && (await pending);
    if (openedAhead?.alive) return openedAhead;
    return this.openChannel();
  }

  private async openChannel(): Promise<CommandChannel> {
    this.opening++;
    try {
      const endLine = newEndLine();
      // Opening and the agent's first word share one limit: an engine (or SSH server) that takes the
      // request and never answers must not hold the scenario for ever.
      const deadline = performance.now() + machineTiming.channelReadyMs;
      const silent = (what: string) => () => new HarnessError(this.lost, `on ${this.where}: ${what} within ${machineTiming.channelReadyMs / 1000} s`);
      const opening = this.open(endLine);
      const transport = await withinTime(opening, machineTiming.channelReadyMs, silent('opening a command channel got no answer')).catch((error: unknown) => {
        // One that opens after all is closed at once.
        opening.then((late) => late.close(), () => {});
        throw error;
      });
      const channel = new CommandChannel(this.where, transport, endLine, this.lost);
      this.all.add(channel);
      try {
        await withinTime(channel.waitReady(), Math.max(0, deadline - performance.now()), silent('the command channel gave no sign of life'));
      } catch (error) {
        this.drop(channel);
        throw error;
      }
      // Let go of while it opened: it goes with the others.
      if (this.closed) channel.close();
      log.docker('%s: command channel %d open', this.where, this.all.size);
      return channel;
    } finally {
      this.opening--;
    }
  }

  private drop(channel: CommandChannel): void {
    channel.close();
    this.all.delete(channel);
  }
}
