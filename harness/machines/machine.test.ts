import { describe, expect, it } from 'vitest';
import { commandLine, shown, stoppedByTimeout } from './machine.ts';

describe('stoppedByTimeout', () => {
  it("is true for timeout's 124, or 137 after its SIGKILL, once the limit has passed", () => {
    expect(stoppedByTimeout(124, 3004, 3)).toBe(true);
    expect(stoppedByTimeout(137, 5010, 3)).toBe(true);
  });

  it('is false for a command that exits 124 itself before the limit', () => {
    expect(stoppedByTimeout(124, 20, 3)).toBe(false);
  });

  it('is false for any other exit code, however long the command took', () => {
    expect(stoppedByTimeout(0, 3500, 3)).toBe(false);
    expect(stoppedByTimeout(1, 3500, 3)).toBe(false);
  });
});

describe('commandLine', () => {
  it('keeps a shell line and quotes an argv word by word for the shell on the machine', () => {
    expect(commandLine('echo a && echo b')).toBe('echo a && echo b');
    expect(commandLine(['sh', '-c', 'echo "$1"', 'sh', "it's"])).toBe(`sh -c 'echo "$1"' sh 'it'\\''s'`);
  });
});

describe('shown', () => {
  it('shows a shell line as it is and an argv joined', () => {
    expect(shown('echo a && echo b')).toBe('echo a && echo b');
    expect(shown(['ip', '-j', 'address'])).toBe('ip -j address');
  });
});
