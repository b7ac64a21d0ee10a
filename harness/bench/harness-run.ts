import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execProcess, type ProcessResult } from '../core/process.ts';
import { readRunRecord } from '../results/read-run.ts';
import type { RunRecord } from '../results/records.ts';
import { printFigure } from './print.ts';

const cli = join(import.meta.dirname, '../cli.ts');
const seedRunTimeoutMs = 30 * 60_000;

export interface HarnessRun {
  readonly result: ProcessResult;
  // Every flow's and check's observation, by suite, scenario and name.
  readonly observed: Map<string, string>;
  // The harness process's peak memory, when it was asked for.
  readonly peakMb?: number;
}

// One `harness run` through the CLI, as users run it, timed end to end, with its results in a scratch
// folder. A run that did not exit 0 keeps that folder, and says where, so what went wrong can be read.
export async function runHarness(root: string, args: readonly string[], options: { readonly timeoutMs?: number; readonly peakMemory?: boolean; readonly onLine?: (line: string) => void } = {}): Promise<HarnessRun> {
  const results = await mkdtemp(join(tmpdir(), 'bench-harness-'));
  let keep = false;
  try {
    const command = [process.execPath, cli, 'run', ...args, '--results', results];
    const result = await execProcess(options.peakMemory ? ['/usr/bin/time', '-f', '%M', ...command] : command, {
      cwd: root,
      processGroup: true,
      // Interrupted, the run removes its own containers, as it does when a user stops it.
      interruptGracefully: { signal: 'SIGTERM', waitMs: 60_000 },
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.onLine ? { onLine: options.onLine } : {}),
    });
    const [runDir] = await readdir(results);
    keep = result.exitCode !== 0;
    if (keep) printFigure(`  results of that run (kept, exit ${result.exitCode})`, join(results, runDir ?? ''));
    const observed = runDir ? observedVerdicts(await readRunRecord(join(results, runDir, 'run.json'))) : new Map<string, string>();
    return { result, observed, ...(options.peakMemory ? { peakMb: Math.round(Number(result.stderr.trim().split('\n').at(-1)) / 1024) } : {}) };
  } finally {
    if (!keep) await rm(results, { recursive: true, force: true });
  }
}

function observedVerdicts(run: RunRecord): Map<string, string> {
  const observed = new Map<string, string>();
  for (const scenario of run.scenarios) {
    for (const check of scenario.checks) observed.set(`${scenario.suite} / ${scenario.scenario} / ${check.name}`, check.observed);
  }
  return observed;
}

// One run of the seed scenarios, as a contender beside the baseline. Exit 1 (a check not met) is
// still a measurement.
export async function runHarnessOnce(root: string, files: readonly string[], suite: string, jobs: number): Promise<{ ms: number; note: string }> {
  const { result } = await runHarness(root, [...files, '--suite', suite, '--jobs', String(jobs)], { timeoutMs: seedRunTimeoutMs });
  if (result.timedOut || result.exitCode > 1) throw new Error(`bench: harness run ${result.timedOut ? `stopped after ${seedRunTimeoutMs} ms` : `ended with exit ${result.exitCode}`}: ${result.stderr.slice(-2000)}`);
  return { ms: result.durationMs, note: result.exitCode === 0 ? 'every check met' : 'exit 1: a check not met' };
}
