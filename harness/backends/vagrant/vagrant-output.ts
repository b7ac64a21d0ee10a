// Vagrant's output as lines. Without a terminal it still redraws progress bars with '\r' thousands
// of times: only the last state of such a line is kept, and colour codes are dropped.
export class VagrantOutput {
  private pending = '';
  private readonly recent: string[] = [];
  private readonly onLine: (line: string) => void;

  constructor(onLine: (line: string) => void) {
    this.onLine = onLine;
  }

  push(chunk: string): void {
    const parts = (this.pending + chunk).split('\n');
    this.pending = lastRedraw(parts.pop() ?? '');
    for (const part of parts) this.emit(part);
  }

  end(): void {
    this.emit(this.pending);
    this.pending = '';
  }

  // The last `count` lines, for error messages.
  tail(count: number): string {
    return this.recent.slice(-count).join('\n');
  }

  private emit(raw: string): void {
    const line = lastRedraw(raw).replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').trimEnd();
    if (line.trim() === '') return;
    this.recent.push(line);
    if (this.recent.length > 200) this.recent.shift();
    this.onLine(line);
  }
}

// "a\rb\rc" was drawn as "c".
function lastRedraw(text: string): string {
  const trimmed = text.replace(/\r+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('\r') + 1);
}
