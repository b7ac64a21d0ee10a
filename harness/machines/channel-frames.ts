// The wire format of a command channel (command-channel.ts), kept pure so it can be tested alone.
//
// To the machine: a header line `<id> <seconds>`, the command's lines, then the channel's end line.
// From the machine: `\x1e<id> <exit code> <stdout bytes> <stderr bytes>\n`, then exactly that many
// bytes of stdout and of stderr. Output is counted in bytes, so any output (binary, no final newline,
// lines that look like headers) arrives whole.

export interface ChannelFrame {
  readonly id: number;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

const recordSeparator = 0x1e;
const readyLine = '\x1eready';

// What goes down the channel for one command.
export function commandFrame(id: number, seconds: number, script: string, endLine: string): string {
  const body = script.endsWith('\n') ? script : `${script}\n`;
  if (body.split('\n').includes(endLine)) throw new Error(`a command contains the channel's end line ${JSON.stringify(endLine)}`);
  return `${id} ${seconds}\n${body}${endLine}\n`;
}

// Collects the machine's output chunk by chunk and hands out whole frames.
export class FrameReader {
  private buffer: Buffer = Buffer.alloc(0);
  private header: { id: number; exitCode: number; stdoutBytes: number; stderrBytes: number } | undefined;
  private readySeen = false;

  get ready(): boolean {
    return this.readySeen;
  }

  // Throws on anything that is not a frame: the channel is then broken and must be dropped.
  push(chunk: Buffer): ChannelFrame[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: ChannelFrame[] = [];
    for (;;) {
      if (!this.header) {
        const newline = this.buffer.indexOf(0x0a);
        if (newline < 0) {
          if (this.buffer.length > 0 && this.buffer[0] !== recordSeparator) throw new Error(`not a frame header: ${JSON.stringify(this.buffer.subarray(0, 80).toString())}`);
          return frames;
        }
        const line = this.buffer.subarray(0, newline).toString();
        this.buffer = this.buffer.subarray(newline + 1);
        if (line === readyLine) {
          this.readySeen = true;
          continue;
        }
        const match = /^\x1e(\d+) (\d+) +(\d+) +(\d+)$/.exec(line);
        if (!match) throw new Error(`not a frame header: ${JSON.stringify(line.slice(0, 80))}`);
        this.header = { id: Number(match[1]), exitCode: Number(match[2]), stdoutBytes: Number(match[3]), stderrBytes: Number(match[4]) };
      }
      const { id, exitCode, stdoutBytes, stderrBytes } = this.header;
      if (this.buffer.length < stdoutBytes + stderrBytes) return frames;
      frames.push({
        id,
        exitCode,
        stdout: this.buffer.subarray(0, stdoutBytes).toString(),
        stderr: this.buffer.subarray(stdoutBytes, stdoutBytes + stderrBytes).toString(),
      });
      this.buffer = this.buffer.subarray(stdoutBytes + stderrBytes);
      this.header = undefined;
    }
  }
}
