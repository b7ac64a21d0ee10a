import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type Docker from 'dockerode';
import { DindBackend } from '../backends/dind/dind-backend.ts';
import type { BoxChoice } from '../backends/vagrant/user-box.ts';
import { VmBackend } from '../backends/vagrant/vm-backend.ts';
import { describeError } from '../core/errors.ts';
import type { Progress } from '../core/progress.ts';
import { loadClaimsCatalogue, loadPageCatalogue } from '../report/claims-catalogue.ts';
import { summarize } from '../report/summary.ts';
import { exitCodeFor } from '../results/exit-code.ts';
import { runRecordVersion, type InvalidFileRecord, type RunRecord, type ScenarioRecord } from '../results/records.ts';
import { writeRunResults } from '../report/write-run.ts';
import type { LoadedScenario } from '../scenario/load.ts';
import type { Backend as BackendName } from '../format/fields.ts';
import type { Backend } from '../world/backend.ts';
import { assertMachineFirewallUnchanged, machineFirewall } from './machine-firewall.ts';
import { checkUserImages, OuterImages } from './outer-images.ts';
import { newRunId } from './run-id.ts';
import { runScenario, scenarioNotRun, scenarioSkipped } from './run-scenario.ts';
import { dockerNeed, kernelSkip, notApplicable } from './applicability.ts';
import type { KernelFeaturesMissing } from '../machines/kernel-features.ts';
import { pairsOfShard, type Shard } from './shard.ts';

export interface RunOptions {
  readonly docker: Docker;
  readonly scenarios: readonly LoadedScenario[];
  // Scenario files that could not be loaded: the run goes on without them, records them, and fails.
  readonly invalidFiles?: readonly InvalidFileRecord[];
  readonly suites: readonly string[];
  readonly resultsDir: string;
  readonly progress: Progress;
  readonly runId?: string;
  // Run the Docker hosts from this image (e.g. docker:27-dind) instead of the suites' own images.
  readonly hostImage?: string;
  // Scenarios run at once; each has its own hosts, sources and bridges, so they cannot see each other.
  readonly jobs?: number;
  // Only this shard's share of the (suite, scenario) pairs; merge the shards' results afterwards.
  readonly shard?: Shard;
  // Runs every scenario on this backend, whatever the scenario itself asks for.
  readonly backend?: BackendName;
  // VMs boot from this box of the user's instead of the harness's own box per suite.
  readonly vmBox?: BoxChoice;
  // A listed deviation that did not occur counts as met (--accept-deviation-gone); by default it
  // fails the run, since behaviour changed and the scenario needs updating.
  readonly acceptDeviationGone?: boolean;
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
  // A service image the engine does not have is a scenario error: nothing starts.
  await checkUserImages(docker, options.scenarios);
  const pages = await loadPageCatalogue(process.cwd());
  await mkdir(runDir, { recursive: true });
  const startedAt = new Date();
  const started = performance.now();
  progress.line(`run ${runId}: ${options.scenarios.length} scenario(s) on ${options.suites.join(', ')}; results in ${runDir}`);
  const invalidFiles = options.invalidFiles ?? [];
  for (const invalid of invalidFiles) progress.line(`! ${invalid.file}: invalid, left out of the run:\n${invalid.problems.map((problem) => `    ${problem}`).join('\n')}`);
  // With a foreign host image there is one "suite": that image.
  const suites = options.hostImage ? [options.suites[0] ?? 'bookworm'] : options.suites;
  const pairs = suites.flatMap((suite) => options.scenarios.map((loaded) => ({ suite, loaded })));
  const mine = pairsOfShard(pairs, ({ suite, loaded }) => `${suite} ${loaded.scenario.name}`, options.shard);
  if (options.shard) progress.line(`shard ${options.shard.index}/${options.shard.count}: ${mine.length} of ${pairs.length} scenario runs`);

  const finish = async (records: ScenarioRecord[], warnings: readonly string[], incomplete?: string): Promise<RunOutcome> => {
    const run: RunRecord = {
      schemaVersion: runRecordVersion,
      runId,
      startedAt: startedAt.toISOString(),
      durationMs: Math.round(performance.now() - started),
      scenarios: records,
      ...(invalidFiles.length > 0 ? { invalidFiles: invalidFiles.map(({ file, problems }) => ({ file, problems })) } : {}),
      ...(options.acceptDeviationGone ? { acceptDeviationGone: true as const } : {}),
      ...(warnings.length > 0 ? { warnings } : {}),
    };
    const files = await writeRunResults(run, runDir, catalogue, pages);
    progress.line('');
    progress.line(summarize(run).trimEnd());
    progress.line(`results: ${[files.tap, files.junit, files.summary, files.reportMarkdown, files.claimsHtml].filter(Boolean).join(', ')}`);
    if (incomplete) progress.line(`run incomplete: ${incomplete}`);
    // Last, so the file to open is what the terminal shows at the end.
    progress.line(`report: ${files.reportHtml}`);
    return { run, runDir, exitCode: incomplete ? 2 : exitCodeFor(run) };
  };

  const backendOf = (loaded: LoadedScenario): BackendName => options.backend ?? loaded.scenario.backend ?? 'dind';
  const wantContainers = mine.filter((pair) => backendOf(pair.loaded) === 'dind');
  const onVms = mine.filter((pair) => backendOf(pair.loaded) === 'vagrant');
  if (options.vmBox && onVms.length === 0) progress.line('--vm-box applies to VM scenarios, and none of this run\'s is one (add --backend vagrant)');

  // No engine: every container scenario is an error with that cause, in the results a nightly job
  // reads; the VM scenarios, which need no engine here, still run.
  let noEngine: string | undefined;
  const dind =
    wantContainers.length === 0
      ? undefined
      : await DindBackend.open({ docker, runId, engineLogDir: join(resolve(options.resultsDir), 'engine'), progress, ...(options.hostImage ? { hostImage: options.hostImage } : {}) }).catch((error: unknown) => {
          noEngine = describeError(error);
          return undefined;
        });
  const notRun = noEngine ? wantContainers.map(({ suite, loaded }) => scenarioNotRun(loaded, options.hostImage ?? suite, { error: noEngine!, errorCode: 'no-engine' })) : [];
  if (noEngine && onVms.length === 0) return finish(notRun, [], noEngine);

  const firewallBefore = await machineFirewall();
  const records: ScenarioRecord[] = [...notRun];
  const warnings: string[] = [];
  const jobs = Math.max(1, options.jobs ?? 1);
  const vms = onVms.length > 0 ? new VmBackend({ runId, workDir: `/var/tmp/harness-vagrant-${runId}`, progress, scenarios: onVms.map(({ suite, loaded }) => ({ suite, scenario: loaded.scenario })), ...(options.vmBox ? { box: options.vmBox } : {}) }) : undefined;
  const opened: Backend[] = [dind, vms].filter((backend): backend is DindBackend | VmBackend => backend !== undefined);
  const images = new OuterImages(docker);
  try {
    const work: Array<{ suite: string; loaded: LoadedScenario; backend: Backend }> = [
      ...(dind ? wantContainers.map((pair) => ({ ...pair, backend: dind })) : []),
      ...(vms ? onVms.map((pair) => ({ ...pair, backend: vms })) : []),
    ];
    if (dind) await dind.prepare(suites.filter((suite) => wantContainers.some((pair) => pair.suite === suite)));
    // Suite by suite, as the images were prepared; each task waits for its backend's turn.
    const ordered = suites.flatMap((suite) => work.filter((item) => item.suite === suite && item.backend === dind)).concat(work.filter((item) => item.backend === vms));
    const tasks = ordered.map(({ suite, loaded, backend }) => () =>
      backend.schedule(async () => {
        const label = backend.label(suite);
        const unavailable = backend.unavailable();
        if (unavailable) return scenarioNotRun(loaded, label, { error: unavailable, errorCode: 'engine-lost' });
        // What the scenario declares decides where it applies, before any world exists when the
        // backend knows its Docker version, else once the hosts are up and before any step.
        const need = dockerNeed(loaded.scenario, catalogue);
        const knownVersion = backend.dockerVersion(suite);
        const skip = notApplicable(need, label, knownVersion);
        if (skip) {
          progress.line(`– ${loaded.scenario.name} [${label}]: not applicable: ${skip.reason}`);
          return scenarioSkipped(loaded, label, knownVersion ?? '', skip);
        }
        const output = backend.concurrent && jobs > 1 ? bufferedProgress(progress, `${loaded.scenario.name} [${label}]`) : { progress, flush() {} };
        const builder = backend.builder(suite, `${loaded.scenario.name}-${label}`, output.progress);
        const record = await runScenario(loaded, {
          builder,
          suite: label,
          runDir,
          progress: output.progress,
          images,
          ...(need && knownVersion === undefined ? { dockerNeedAfterUp: need } : {}),
          ...(backend === dind ? { kernelSkip: (missing: KernelFeaturesMissing) => kernelSkip(missing.missing, missing.descriptions, loaded.file, suite) } : {}),
        }).finally(output.flush);
        if (record.error === undefined) return record;
        const error = await backend.explain(record.error, record.errorCode);
        return { ...record, error, errorCode: backend.unavailable() ? 'engine-lost' : record.errorCode };
      }),
    );
    records.push(...(await runPool(tasks, jobs)));
  } finally {
    for (const backend of opened) warnings.push(...(await backend.close()));
    await images.close().catch((error: unknown) => warnings.push(`removing the saved service images: ${describeError(error)}`));
    for (const warning of warnings) progress.line(warning);
  }
  const outcome = await finish(records, warnings, noEngine ?? dind?.unavailable());
  await assertMachineFirewallUnchanged(firewallBefore);
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
