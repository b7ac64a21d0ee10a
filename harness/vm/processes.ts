import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from '../core/pids.ts';

// Live processes whose command name (/proc/PID/comm) is `name`, anywhere on the machine.
export function processesNamed(name: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => readProc(pid, 'comm')?.trim() === name && isAlive(pid));
}

export function commandName(pid: number): string {
  return readProc(pid, 'comm')?.trim() ?? '?';
}

// SIGTERM, then SIGKILL if it is still there after `graceMs`; resolves once it is gone.
export async function stopProcess(pid: number, graceMs: number): Promise<void> {
  signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (!isAlive(pid)) return;
  signal(pid, 'SIGKILL');
  while (isAlive(pid)) await sleep(100);
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}
