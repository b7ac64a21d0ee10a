import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { isAlive, processState } from './pids.ts';

describe('processState', () => {
  it('reads the state after the command name, even one with spaces and parentheses', () => {
    expect(processState('123 (sleep) S 1 123 123 0 -1')).toBe('S');
    expect(processState('77 (a) b) Z 1 77')).toBe('Z');
  });

  it('knows nothing of a missing or malformed line', () => {
    expect(processState(undefined)).toBeUndefined();
    expect(processState('garbage')).toBeUndefined();
  });
});

describe('isAlive', () => {
  it('is true for this process', () => {
    expect(isAlive(process.pid)).toBe(true);
  });

  it('is false for no pid at all', () => {
    expect(isAlive(Number.NaN)).toBe(false);
    expect(isAlive(0)).toBe(false);
  });

  it('is false for a process that has exited and been reaped', async () => {
    const child = spawn('true');
    await new Promise((resolve) => child.on('exit', resolve));
    expect(isAlive(child.pid!)).toBe(false);
  });

  it('is false for a zombie, though the pid still answers signal 0', async () => {
    // The forked child exits at once; its parent (perl-base is on every Debian) never reaps it.
    const parent = spawn('perl', ['-e', '$| = 1; my $pid = fork; exit 0 unless $pid; print "$pid\\n"; sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const zombie = Number(await new Promise<string>((resolve) => parent.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString()))));
      for (let tries = 0; tries < 50 && !readFileSync(`/proc/${zombie}/stat`, 'utf8').includes(') Z '); tries++) await sleep(20);
      expect(() => process.kill(zombie, 0)).not.toThrow();
      expect(isAlive(zombie)).toBe(false);
      expect(isAlive(parent.pid!)).toBe(true);
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
