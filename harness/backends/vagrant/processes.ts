import { readdirSync, readFileSync } from 'node:fs';
import { isAlive } from '../../core/pids.ts';
import { poll } from '../../core/retry.ts';
import { vmTiming } from '../../core/timing.ts';

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
  const gone = () => (isAlive(pid) ? undefined : true);
  if (await poll(gone, { timeoutMs: graceMs, intervalMs: vmTiming.stopPollMs })) return;
  signal(pid, 'SIGKILL');
  await poll(gone, { timeoutMs: Infinity, intervalMs: vmTiming.stopPollMs });
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
