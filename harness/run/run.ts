import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type Docker from 'dockerode';
import { ensureEngine } from '../engine/install-engine.ts';
import { ensureHostImage } from '../images/host-image.ts';
import { prepareForeignHostImage } from '../images/foreign-image.ts';
import { privilegeMode } from '../hosts/privilege.ts';
import { log } from '../log.ts';
import type { Progress } from '../progress.ts';
import { loadClaimsCatalogue } from '../report/claims-catalogue.ts';
import type { RunRecord, ScenarioRecord } from '../report/outcome.ts';
import { exitCodeFor, summarize } from '../report/summary.ts';
import { writeRunResults } from '../report/write-run.ts';
import type { LoadedScenario } from '../scenario/load.ts';
import { removeLabelled, removeLeftovers } from './cleanup.ts';
import { assertMachineFirewallUnchanged, machineFirewall } from './machine-firewall.ts';
import { newRunId } from './run-id.ts';
import { pairsOfShard, type Shard } from './shard.ts';
import { runScenario } from './run-scenario.ts';
import { configureTestcontainers } from './testcontainers-env.ts';

export interface RunOptions {
  readonly docker: Docker;
  readonly scenarios: readonly LoadedScenario[];
  readonly suites: readonly string[];
  readonly resultsDir: string;
  readonly progress: Progress;
  readonly runId?: string;
  // Run the Docker hosts from this image (e.g. docker:27-dind) instead of the suites' own images.
  readonly hostImage?: string;
  // Scenarios run at once; each has its own switch, hosts and sources, so they cannot see each other.
  readonly jobs?: number;
  // Only this shard's share of the (suite, scenario) pairs; merge the shards' results afterwards.
  readonly shard?: Shard;
}

export interface RunOutcome {
  readonly run: RunRecord;
  readonly runDir: string;
  readonly exitCode: 0 | 1;
}

// One run: an engine, the host images, then every scenario on every suite; results always written.
export async function runScenarios(options: RunOptions): Promise<RunOutcome> {
  const { docker, progress } = options;
  const runId = options.runId ?? newRunId();
  const runDir = resolve(options.resultsDir, runId);
  // Read before any Docker work: a broken scenarios/claims.ts fails now, not after the whole run.
  const catalogue = await loadClaimsCatalogue(process.cwd());
  await mkdir(runDir, { recursive: true });
  const startedAt = new Date();
  const started = performance.now();
  progress.line(`run ${runId}: ${options.scenarios.length} scenario(s) on ${options.suites.join(', ')}; results in ${runDir}`);

  await ensureEngine(docker, join(resolve(options.resultsDir), 'engine'), progress);
  await configureTestcontainers(docker);
  const removed = await removeLeftovers(docker);
  if (removed > 0) progress.line(`cleanup: removed ${removed} container(s) left by an earlier run that did not finish`);

  const firewallBefore = machineFirewall();
  const records: ScenarioRecord[] = [];
  const jobs = Math.max(1, options.jobs ?? 1);
  const stopOnSignal = installSignalCleanup(docker, runId, progress);
  try {
    const foreign = options.hostImage ? await prepareForeignHostImage(docker, options.hostImage, progress) : undefined;
    const tasks: Array<() => Promise<ScenarioRecord>> = [];
    const suites = foreign ? [options.suites[0] ?? 'bookworm'] : options.suites;
    const pairs = suites.flatMap((suite) => options.scenarios.map((loaded) => ({ suite, loaded })));
    const mine = pairsOfShard(pairs, ({ suite, loaded }) => `${suite} ${loaded.scenario.name}`, options.shard);
    if (options.shard) progress.line(`shard ${options.shard.index}/${options.shard.count}: ${mine.length} of ${pairs.length} scenario runs`);
    for (const suite of suites) {
      const scenariosHere = mine.filter((pair) => pair.suite === suite).map((pair) => pair.loaded);
      if (scenariosHere.length === 0) continue;
      const image = await ensureHostImage(docker, suite, progress);
      const privilege = await privilegeMode(docker, image);
      log.run('suite %s: image %s, %s', suite, image, privilege.kind);
      const label = foreign ? foreign.image : suite;
      for (const loaded of scenariosHere) {
        tasks.push(() => {
          const output = jobs > 1 ? bufferedProgress(progress, `${loaded.scenario.name} [${label}]`) : { progress, flush() {} };
          return runScenario(loaded, { docker, image, suite: label, runId, runDir, privilege, progress: output.progress, ...(foreign ? { hostImage: foreign } : {}) }).finally(output.flush);
        });
      }
    }
    records.push(...(await runPool(tasks, jobs)));
  } finally {
    stopOnSignal();
    await removeLabelled(docker, runId);
  }
  const run: RunRecord = { runId, startedAt: startedAt.toISOString(), durationMs: Math.round(performance.now() - started), scenarios: records };
  const files = await writeRunResults(run, runDir, catalogue);
  assertMachineFirewallUnchanged(firewallBefore);
  progress.line('');
  progress.line(summarize(run).trimEnd());
  progress.line(`results: ${files.tap}, ${files.junit}, ${files.summary}, ${files.claimsHtml}`);
  return { run, runDir, exitCode: exitCodeFor(run) };
}

// Ctrl-C or SIGTERM: remove this run's containers before exiting, so nothing is left behind.
function installSignalCleanup(docker: Docker, runId: string, progress: Progress): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    progress.line(`\n${signal}: removing this run's containers...`);
    removeLabelled(docker, runId)
      .catch((error) => progress.line(`cleanup failed: ${error}`))
      .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

// Runs tasks with at most `limit` at once; results keep the tasks' order.
export async function runPool<T>(tasks: ReadonlyArray<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

// With several scenarios at once, each one's lines are held back and printed as one block when it
// ends, so the terminal reads scenario by scenario; a start line shows what is under way.
function bufferedProgress(target: Progress, label: string): { progress: Progress; flush(): void } {
  const lines: string[] = [];
  target.line(`… ${label} started`);
  return {
    progress: { line: (text) => lines.push(text) },
    flush: () => target.line(lines.join('\n')),
  };
}
