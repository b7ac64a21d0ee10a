import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type Docker from 'dockerode';
import { ensureEngine } from '../engine/install-engine.ts';
import { ensureHostImage } from '../images/host-image.ts';
import { prepareForeignHostImage } from '../images/foreign-image.ts';
import { privilegeMode } from '../hosts/privilege.ts';
import { describeError } from '../errors.ts';
import { onInterrupt } from '../interrupt.ts';
import { log } from '../log.ts';
import type { Progress } from '../progress.ts';
import { loadClaimsCatalogue } from '../report/claims-catalogue.ts';
import type { RunRecord, ScenarioRecord } from '../report/outcome.ts';
import { exitCodeFor, summarize } from '../report/summary.ts';
import { writeRunResults } from '../report/write-run.ts';
import type { LoadedScenario } from '../scenario/load.ts';
import type { Backend } from '../scenario/schema.ts';
import type { BoxChoice } from '../vm/user-box.ts';
import { VmBackend } from '../vm/vm-backend.ts';
import type { WorldBuilder } from './world.ts';
import { removeLabelled, removeLeftovers, requireRemoved } from './cleanup.ts';
import { assertMachineFirewallUnchanged, machineFirewall } from './machine-firewall.ts';
import { newRunId } from './run-id.ts';
import { pairsOfShard, type Shard } from './shard.ts';
import { runScenario, scenarioNotRun } from './run-scenario.ts';
import { EngineWatch } from './engine-watch.ts';
import { containerWorld } from './container-world.ts';
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
  // Runs every scenario on this backend, whatever the scenario itself asks for.
  readonly backend?: Backend;
  // VMs boot from this box of the user's instead of the harness's own box per suite.
  readonly vmBox?: BoxChoice;
}

export interface RunOutcome {
  readonly run: RunRecord;
  readonly runDir: string;
  // 2: no engine, or it went away, so the run could not do its work (its scenarios are errors).
  readonly exitCode: 0 | 1 | 2;
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
  // With a foreign host image there is one "suite": that image.
  const suites = options.hostImage ? [options.suites[0] ?? 'bookworm'] : options.suites;
  const pairs = suites.flatMap((suite) => options.scenarios.map((loaded) => ({ suite, loaded })));
  const mine = pairsOfShard(pairs, ({ suite, loaded }) => `${suite} ${loaded.scenario.name}`, options.shard);
  if (options.shard) progress.line(`shard ${options.shard.index}/${options.shard.count}: ${mine.length} of ${pairs.length} scenario runs`);

  const finish = async (records: ScenarioRecord[], incomplete?: string): Promise<RunOutcome> => {
    const run: RunRecord = { runId, startedAt: startedAt.toISOString(), durationMs: Math.round(performance.now() - started), scenarios: records };
    const files = await writeRunResults(run, runDir, catalogue);
    progress.line('');
    progress.line(summarize(run).trimEnd());
    progress.line(`results: ${files.tap}, ${files.junit}, ${files.summary}, ${files.claimsHtml}`);
    if (incomplete) progress.line(`run incomplete: ${incomplete}`);
    return { run, runDir, exitCode: incomplete ? 2 : exitCodeFor(run) };
  };

  const backendOf = (loaded: LoadedScenario): Backend => options.backend ?? loaded.scenario.backend ?? 'dind';
  const wantContainers = mine.filter((pair) => backendOf(pair.loaded) === 'dind');
  const onVms = mine.filter((pair) => backendOf(pair.loaded) === 'vagrant');

  // No engine: every container scenario is an error with that cause, in the results a nightly job
  // reads; the VM scenarios, which need no engine here, still run.
  const noEngine =
    wantContainers.length === 0
      ? undefined
      : await ensureEngine(docker, join(resolve(options.resultsDir), 'engine'), progress).then(
          () => undefined,
          (error: unknown) => describeError(error),
        );
  const notRun = noEngine ? wantContainers.map(({ suite, loaded }) => scenarioNotRun(loaded, options.hostImage ?? suite, noEngine)) : [];
  if (noEngine && onVms.length === 0) return finish(notRun, noEngine);
  const onContainers = noEngine ? [] : wantContainers;
  if (options.vmBox && onVms.length === 0) progress.line('--vm-box applies to VM scenarios, and none of this run\'s is one (add --backend vagrant)');
  if (onContainers.length > 0) {
    await configureTestcontainers(docker);
    const leftovers = await removeLeftovers(docker);
    if (leftovers.removed.length > 0) progress.line(`cleanup: removed ${leftovers.removed.length} container(s) left by an earlier run that did not finish: ${leftovers.removed.join(', ')}`);
    for (const { what, reason } of leftovers.failed) progress.line(`cleanup: could not remove the container ${what} left by an earlier run: ${reason}`);
  }

  const firewallBefore = machineFirewall();
  const records: ScenarioRecord[] = [...notRun];
  const jobs = Math.max(1, options.jobs ?? 1);
  const engine = new EngineWatch(docker);
  const vms = onVms.length > 0 ? new VmBackend({ runId, workDir: `/var/tmp/harness-vagrant-${runId}`, progress, ...(options.vmBox ? { box: options.vmBox } : {}) }) : undefined;
  const forgetContainers = onContainers.length > 0 ? onInterrupt(`run ${runId}'s containers`, async () => requireRemoved(await removeLabelled(docker, runId))) : () => {};
  try {
    const foreign = options.hostImage && onContainers.length > 0 ? await prepareForeignHostImage(docker, options.hostImage, progress) : undefined;
    const tasks: Array<() => Promise<ScenarioRecord>> = [];
    // Container scenarios depend on the engine; VM scenarios do not, and print as they go (their
    // bring-up takes minutes, and they run one at a time).
    const scenarioTask = (loaded: LoadedScenario, label: string, builder: (progress: Progress) => WorldBuilder, onEngine: boolean) => async () => {
      if (onEngine && engine.lost) return scenarioNotRun(loaded, label, engine.lost);
      const output = onEngine && jobs > 1 ? bufferedProgress(progress, `${loaded.scenario.name} [${label}]`) : { progress, flush() {} };
      const record = await runScenario(loaded, { builder: builder(output.progress), suite: label, runDir, progress: output.progress }).finally(output.flush);
      return record.error === undefined || !onEngine ? record : { ...record, error: await engine.explain(record.error) };
    };
    for (const suite of suites) {
      const scenariosHere = onContainers.filter((pair) => pair.suite === suite).map((pair) => pair.loaded);
      if (scenariosHere.length === 0) continue;
      const image = await ensureHostImage(docker, suite, progress);
      const privilege = await privilegeMode(docker, image);
      log.run('suite %s: image %s, %s', suite, image, privilege.kind);
      const label = foreign ? foreign.image : suite;
      for (const loaded of scenariosHere) {
        const scenarioName = `${loaded.scenario.name}-${label}`;
        tasks.push(scenarioTask(loaded, label, () => containerWorld({ docker, image, runId, scenarioName, privilege, ...(foreign ? { hostImage: foreign } : {}) }), true));
      }
    }
    for (const { suite, loaded } of onVms) {
      // VM results sit beside the container ones: "bookworm-vm" (a deviation may name either part).
      const label = `${suite}-vm`;
      const task = scenarioTask(loaded, label, (output) => vms!.builder(suite, `${loaded.scenario.name}-${label}`, output), false);
      tasks.push(() => vms!.exclusive(task));
    }
    records.push(...(await runPool(tasks, jobs)));
  } finally {
    forgetContainers();
    if (onContainers.length > 0) {
      await removeLabelled(docker, runId).then(
        ({ failed }) => failed.forEach(({ what, reason }) => progress.line(`cleanup: could not remove the container ${what} (${reason}); the next run, or \`harness clean\`, removes it`)),
        (error: unknown) => progress.line(`cleanup: could not remove this run's containers (${describeError(error)}); the next run, or \`harness clean\`, removes them`),
      );
    }
    await vms?.close().catch((error: unknown) => progress.line(`cleanup: closing the VM site failed: ${describeError(error)}`));
  }
  const outcome = await finish(records, noEngine ?? engine.lost);
  assertMachineFirewallUnchanged(firewallBefore);
  return outcome;
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
