import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execProcess } from '../core/process.ts';

const cli = join(import.meta.dirname, '../cli.ts');
const runTimeoutMs = 30 * 60_000;

// One `harness run` of `files` through the CLI, as users run it, timed end to end; its results go
// to a scratch folder that is removed afterwards. Exit 1 (a check not met) is still a measurement.
export async function runHarnessOnce(root: string, files: readonly string[], suite: string, jobs: number): Promise<{ ms: number; note: string }> {
  const results = await mkdtemp(join(tmpdir(), 'bench-harness-'));
  try {
    const run = await execProcess([process.execPath, cli, 'run', ...files, '--suite', suite, '--jobs', String(jobs), '--results', results], { cwd: root, timeoutMs: runTimeoutMs, processGroup: true });
    if (run.timedOut || run.exitCode > 1) throw new Error(`bench: harness run ${run.timedOut ? `stopped after ${runTimeoutMs} ms` : `ended with exit ${run.exitCode}`}: ${run.stderr.slice(-2000)}`);
    return { ms: run.durationMs, note: run.exitCode === 0 ? 'every check met' : 'exit 1: a check not met' };
  } finally {
    await rm(results, { recursive: true, force: true });
  }
}
