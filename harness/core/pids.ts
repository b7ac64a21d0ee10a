import { readFileSync } from 'node:fs';

// Whether a process still runs: it exists (another user's counts too) and is not a zombie, which
// holds nothing any more and only waits for its parent to reap it. Owners of leftovers are judged by this.
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return processState(readStat(pid)) !== 'Z';
}

// The state letter of a /proc/<pid>/stat line: the field after the command name, which is in
// parentheses and may itself hold spaces and parentheses.
export function processState(stat: string | undefined): string | undefined {
  if (stat === undefined) return undefined;
  const end = stat.lastIndexOf(')');
  return end < 0 ? undefined : stat.slice(end + 2, end + 3) || undefined;
}

function readStat(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
}
