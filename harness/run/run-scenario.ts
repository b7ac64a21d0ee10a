import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HarnessError } from '../core/errors.ts';
import { captureFirewallState } from '../firewall/firewall-state.ts';
import { log } from '../core/log.ts';
import type { Progress } from '../core/progress.ts';
import { scenarioFailure } from '../results/check-record.ts';
import type { CheckRecord, RecordPlace, ScenarioFailure, ScenarioRecord } from '../results/records.ts';
import type { ImageSource } from '../machines/image-source.ts';
import type { LoadedScenario } from '../scenario/load.ts';
import type { CheckSpec, FlowSpec, StepSpec } from '../scenario/schema.ts';
import { stepKindOf } from '../steps/registry.ts';
import { slugOf, stepLabel } from '../steps/step-label.ts';
import type { StepRecorder } from '../steps/step-kind.ts';
import type { FlowResult } from '../results/flow-result.ts';
import type { VersionContext } from '../results/expectations.ts';
import type { ScenarioSkip } from '../results/skip.ts';
import { releaseOf } from '../format/requirements.ts';
import { KernelFeaturesMissing } from '../machines/kernel-features.ts';
import { notApplicable, type DockerNeed } from './applicability.ts';
import { installedDockerd } from '../machines/daemon.ts';
import { World, type WorldBuilder } from '../world/world.ts';

export interface ScenarioRunOptions {
  // Brings the scenario's machines into being: containers or VMs.
  readonly builder: WorldBuilder;
  readonly suite: string;
  readonly runDir: string;
  readonly progress: Progress;
  // Where the hosts take the user's service images from.
  readonly images?: ImageSource;
  // The Docker release the scenario needs, when the version could not be read before the world
  // came up: it is then read from the hosts once they are up, before any dockerd starts, and the
  // scenario runs only if it is new enough.
  readonly dockerNeedAfterUp?: DockerNeed;
  // How a kernel that lacks a required feature is recorded: a skip (DinD hosts share the machine's
  // kernel, so a VM can run the scenario instead); without it, the scenario is an error.
  readonly kernelSkip?: (missing: KernelFeaturesMissing) => ScenarioSkip;
}

interface Recorder {
  readonly records: CheckRecord[];
  readonly evidenceDir: string;
  readonly relativeDir: string;
  counter: number;
}

// Runs one scenario on one suite: builds its world, carries out its steps, checks its flows and
// command checks in order, and always tears the world down. Never throws: failures become records.
export async function runScenario(loaded: LoadedScenario, options: ScenarioRunOptions): Promise<ScenarioRecord> {
  const { scenario, file, folder } = loaded;
  const started = performance.now();
  const relativeDir = join('evidence', `${scenario.name}-${options.suite}`);
  const recorder: Recorder = { records: [], evidenceDir: join(options.runDir, relativeDir), relativeDir, counter: 0 };
  await mkdir(recorder.evidenceDir, { recursive: true });
  const context: { versions: VersionContext } = { versions: { suite: options.suite, dockerVersions: [] } };
  const base = { scenario: scenario.name, file, claims: scenario.claims, suite: options.suite };
  options.progress.line(`▶ ${scenario.name} [${options.suite}] (${file})`);

  let world: World | undefined;
  let failure: ScenarioFailure | undefined;
  let skipped: ScenarioSkip | undefined;
  // Teardown failures: the scenario's verdicts stand, but what it may have left behind is reported.
  const warnings: string[] = [];
  const warn = (warning: string) => {
    warnings.push(warning);
    options.progress.line(`  ⚠ ${scenario.name}: ${warning}`);
  };
  try {
    // A Docker release read from the hosts is checked before any dockerd starts: an older one may
    // refuse the scenario's daemon.json outright.
    const need = options.dockerNeedAfterUp;
    const beforeBringUp = need
      ? async (built: World) => {
          skipped = notApplicable(need, options.suite, await installedDockerVersion(built));
          if (skipped) throw new SkipScenario();
        }
      : undefined;
    world = await World.create(scenario, options.builder, warn, { folder, ...(options.images ? { images: options.images } : {}), ...(beforeBringUp ? { beforeBringUp } : {}) });
    context.versions = versionsOf(world, options.suite);
    const allSteps: StepSpec[] = [...scenario.steps];
    if (scenario.flows.length > 0) allSteps.push({ kind: 'flows', flows: scenario.flows });
    for (const check of scenario.checks) allSteps.push({ kind: 'check', check });
    for (const [index, step] of allSteps.entries()) {
      await runStep(world, step, index, { ...options, recorder, versions: () => context.versions, base });
      context.versions = versionsOf(world, options.suite);
    }
    for (const host of world.hosts.values()) {
      await writeFile(join(recorder.evidenceDir, `final-${host.name}-firewall.txt`), await captureFirewallState(host));
      await writeFile(join(recorder.evidenceDir, `final-${host.name}-dockerd.log`), await host.daemon.logTail(400));
    }
  } catch (caught) {
    if (caught instanceof KernelFeaturesMissing && options.kernelSkip) skipped = options.kernelSkip(caught);
    if (skipped) {
      options.progress.line(`  – ${scenario.name}: ${skipped.reason}`);
    } else {
      failure = scenarioFailure(caught);
      options.progress.line(`  ! ${scenario.name}: ${failure.error.split('\n')[0]}`);
      await writeFile(join(recorder.evidenceDir, 'error.txt'), `${failure.error}\n`);
    }
  } finally {
    await world?.destroy();
  }
  if (skipped) {
    const dockerVersion = releasesOf(context.versions);
    return { ...base, ...(scenario.page ? { page: scenario.page } : {}), dockerVersion, checks: [], skipped, ...(warnings.length === 0 ? {} : { warnings }), durationMs: Math.round(performance.now() - started) };
  }
  const dockerVersion = context.versions.dockerVersions.join(', ');
  const ran = {
    ...base,
    ...(scenario.page ? { page: scenario.page } : {}),
    dockerVersion,
    checks: recorder.records.map((record) => ({ ...record, dockerVersion })),
    ...(warnings.length === 0 ? {} : { warnings }),
  };
  const durationMs = Math.round(performance.now() - started);
  return failure === undefined ? { ...ran, durationMs } : { ...ran, ...failure, durationMs };
}

// Leaves the scenario's steps once the world shows the scenario does not apply; never escapes runScenario.
class SkipScenario extends Error {}

// The Docker release installed on the first host, read before its dockerd starts.
async function installedDockerVersion(world: World): Promise<string | undefined> {
  const [host] = world.hosts.values();
  return host && installedDockerd(host.machine);
}

function releasesOf(versions: VersionContext): string {
  return [...new Set(versions.dockerVersions.map(releaseOf))].join(', ');
}

// A scenario that what it declares rules out on this suite, known before any world: no world, no steps.
export function scenarioSkipped(loaded: LoadedScenario, suite: string, dockerVersion: string, skipped: ScenarioSkip): ScenarioRecord {
  const { scenario, file } = loaded;
  return { scenario: scenario.name, file, claims: scenario.claims, suite, ...(scenario.page ? { page: scenario.page } : {}), dockerVersion: releaseOf(dockerVersion), checks: [], skipped, durationMs: 0 };
}

// A scenario that could not run at all (no engine, or it went away before this one's turn).
export function scenarioNotRun(loaded: LoadedScenario, suite: string, failure: ScenarioFailure): ScenarioRecord {
  const { scenario, file } = loaded;
  return { scenario: scenario.name, file, claims: scenario.claims, suite, ...(scenario.page ? { page: scenario.page } : {}), dockerVersion: '', checks: [], ...failure, durationMs: 0 };
}

// The suite and the Docker version each host runs now (a restart may change nothing, but a start does).
function versionsOf(world: World, suite: string): VersionContext {
  return { suite, dockerVersions: [...world.hosts.values()].map((host) => host.daemon.version).filter(Boolean) };
}

interface StepContext extends ScenarioRunOptions {
  readonly recorder: Recorder;
  readonly versions: () => VersionContext;
  readonly base: Omit<RecordPlace, 'dockerVersion'>;
}

// Carries out one step through its kind (see harness/steps/registry.ts). An action step leaves an
// evidence file: its transcript, and for firewall-changing kinds the host's whole firewall state
// before and after; a checking step records each expectation it checks.
async function runStep(world: World, step: StepSpec, index: number, context: StepContext): Promise<void> {
  const kind = stepKindOf(step);
  // Any step but flows may change what answers (a daemon restart, a command that stops a container).
  if (step.kind !== 'flows') for (const host of world.hosts.values()) host.servicesVerified = false;
  if (kind.evidence === 'records') {
    if (step.title !== undefined) context.progress.line(`  · ${step.title}`);
    await kind.apply(world, step, recorderFor(context));
    return;
  }
  const target = kind.target(step);
  const label = stepLabel(step, index, target);
  log.step('%s: %o', label.name, step);
  const host = kind.evidence === 'firewall' ? world.host(target) : undefined;
  const before = host ? await captureFirewallState(host) : '';
  // A step that fails names itself the way the scenario file does: its file and its field path.
  const transcript = await kind.apply(world, step).catch((error: unknown) => {
    throw new HarnessError('STEP_FAILED', `${context.base.file}: ${label.failure} failed: ${error instanceof Error ? error.message : String(error)}`);
  });
  const after = host ? await captureFirewallState(host) : '';
  const evidence = host ? `${transcript}\n##### firewall before #####\n${before}\n##### firewall after #####\n${after}` : transcript;
  await writeFile(join(context.recorder.evidenceDir, label.evidenceFile), evidence);
  context.progress.line(`  · ${label.progress}`);
}

function recorderFor(context: StepContext): StepRecorder {
  return {
    versions: context.versions,
    writeEvidence: (name, content) => writeEvidence(context.recorder, name, content),
    place: () => placeOf(context),
    record: (check) => record(context, check),
  };
}

// The Docker version is filled in when the scenario ends (a daemon step may start one).
function placeOf(context: StepContext): RecordPlace {
  return { ...context.base, dockerVersion: '' };
}

function record(context: StepContext, full: CheckRecord): void {
  context.recorder.records.push(full);
  const mark = { pass: '✔', 'known-deviation': '≈', 'deviation-gone': '✘', fail: '✘', error: '!' }[full.outcome];
  context.progress.line(`  ${mark} ${full.name}: ${full.observed}${full.outcome === 'pass' ? '' : ` (${full.outcome}, expected ${full.expected})`} — ${full.detail}`);
}

async function writeEvidence(recorder: Recorder, name: string, content: { flow?: FlowSpec; run?: object; check?: CheckSpec; sourceChange?: object; result: FlowResult | object }): Promise<string> {
  recorder.counter += 1;
  const fileName = `${String(recorder.counter).padStart(2, '0')}-${slugOf(name)}.json`;
  await writeFile(join(recorder.evidenceDir, fileName), `${JSON.stringify(content, null, 2)}\n`);
  return join(recorder.relativeDir, fileName);
}
