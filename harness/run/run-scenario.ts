import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeError, HarnessError } from '../errors.ts';
import { captureFirewallState } from '../firewall/firewall-state.ts';
import { waitForServices } from '../hosts/services.ts';
import { log } from '../log.ts';
import type { Progress } from '../progress.ts';
import type { CheckRecord, ScenarioRecord } from '../report/outcome.ts';
import type { LoadedScenario } from '../scenario/load.ts';
import type { CheckSpec, FlowSpec, StepSpec } from '../scenario/schema.ts';
import { isLoopback } from '../scenario/addresses.ts';
import { describeFlow } from '../traffic/describe.ts';
import type { FlowResult } from '../traffic/flow-result.ts';
import { defaultProbeTimeoutMs, probeFlow } from '../traffic/probe.ts';
import { deviationFor, outcomeOf, type VersionContext } from './expectations.ts';
import { applyStep } from './steps.ts';
import { World, type WorldBuilder } from './world.ts';

export interface ScenarioRunOptions {
  // Brings the scenario's machines into being: containers or VMs.
  readonly builder: WorldBuilder;
  readonly suite: string;
  readonly runDir: string;
  readonly progress: Progress;
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
  const { scenario, file } = loaded;
  const started = performance.now();
  const relativeDir = join('evidence', `${scenario.name}-${options.suite}`);
  const recorder: Recorder = { records: [], evidenceDir: join(options.runDir, relativeDir), relativeDir, counter: 0 };
  await mkdir(recorder.evidenceDir, { recursive: true });
  const context: { versions: VersionContext } = { versions: { suite: options.suite, dockerVersions: [] } };
  const base = { scenario: scenario.name, file, claims: scenario.claims, suite: options.suite };
  options.progress.line(`▶ ${scenario.name} [${options.suite}] (${file})`);

  let world: World | undefined;
  let error: string | undefined;
  // Teardown failures: the scenario's verdicts stand, but what it may have left behind is reported.
  const warnings: string[] = [];
  const warn = (warning: string) => {
    warnings.push(warning);
    options.progress.line(`  ⚠ ${scenario.name}: ${warning}`);
  };
  try {
    world = await World.create(scenario, options.builder, warn);
    context.versions = versionsOf(world, options.suite);
    const allSteps: StepSpec[] = [...scenario.steps];
    if (scenario.flows.length > 0) allSteps.push({ kind: 'flows', flows: scenario.flows });
    for (const check of scenario.checks) allSteps.push({ kind: 'check', check });
    for (const [index, step] of allSteps.entries()) {
      await runStep(world, step, index, { ...options, recorder, versions: () => context.versions, base });
      context.versions = versionsOf(world, options.suite);
    }
    for (const host of world.hosts.values()) {
      await writeFile(join(recorder.evidenceDir, `final-${host.name}-firewall.txt`), await captureFirewallState(host.machine));
      await writeFile(join(recorder.evidenceDir, `final-${host.name}-dockerd.log`), await host.daemon.logTail(400));
    }
  } catch (caught) {
    error = describeError(caught);
    options.progress.line(`  ! ${scenario.name}: ${error.split('\n')[0]}`);
    await writeFile(join(recorder.evidenceDir, 'error.txt'), `${error}\n`);
  } finally {
    await world?.destroy();
  }
  const dockerVersion = context.versions.dockerVersions.join(', ');
  return {
    ...base,
    ...(scenario.page ? { page: scenario.page } : {}),
    dockerVersion,
    checks: recorder.records.map((record) => ({ ...record, dockerVersion })),
    ...(error === undefined ? {} : { error }),
    ...(warnings.length === 0 ? {} : { warnings }),
    durationMs: Math.round(performance.now() - started),
  };
}

// A scenario that could not run at all (no engine, or it went away before this one's turn).
export function scenarioNotRun(loaded: LoadedScenario, suite: string, error: string): ScenarioRecord {
  const { scenario, file } = loaded;
  return { scenario: scenario.name, file, claims: scenario.claims, suite, ...(scenario.page ? { page: scenario.page } : {}), dockerVersion: '', checks: [], error, durationMs: 0 };
}

const firewallStepKinds = new Set<StepSpec['kind']>(['docker-user', 'iptables', 'ufw', 'firewalld', 'daemon', 'network']);

// The suite and the Docker version each host runs now (a restart may change nothing, but a start does).
function versionsOf(world: World, suite: string): VersionContext {
  return { suite, dockerVersions: [...world.hosts.values()].map((host) => host.daemon.version).filter(Boolean) };
}

interface StepContext extends ScenarioRunOptions {
  readonly recorder: Recorder;
  readonly versions: () => VersionContext;
  readonly base: Pick<CheckRecord, 'scenario' | 'file' | 'claims' | 'suite'>;
}

async function runStep(world: World, step: StepSpec, index: number, context: StepContext): Promise<void> {
  if (step.kind === 'flows') {
    await assertDaemonsAlive(world);
    for (const host of world.hosts.values()) await waitForServices(host);
    for (const flow of step.flows) await checkFlow(world, flow, context);
    return;
  }
  if (step.kind === 'check') {
    await runCheck(world, step.check, context);
    return;
  }
  const label = `steps[${index}] ${step.kind}`;
  log.step('%s: %o', label, step);
  // Firewall-changing steps leave the host's whole firewall state before and after as evidence.
  const host = firewallStepKinds.has(step.kind) && 'host' in step ? world.host(step.host).machine : undefined;
  const before = host ? await captureFirewallState(host) : '';
  // A step that fails names itself the way the scenario file does: its file and its field path.
  const transcript = await applyStep(world, step).catch((error: unknown) => {
    throw new HarnessError('STEP_FAILED', `${context.base.file}: ${label} failed: ${error instanceof Error ? error.message : String(error)}`);
  });
  const after = host ? await captureFirewallState(host) : '';
  const evidence = host ? `${transcript}\n##### firewall before #####\n${before}\n##### firewall after #####\n${after}` : transcript;
  await writeFile(join(context.recorder.evidenceDir, `step-${String(index).padStart(2, '0')}-${step.kind}.txt`), evidence);
  context.progress.line(`  · ${label}${'host' in step ? ` on ${step.host}` : 'on' in step ? ` on ${step.on}` : ''}`);
}

// Every Docker host whose daemon should be running still has it (see Daemon.assertAlive).
async function assertDaemonsAlive(world: World): Promise<void> {
  for (const host of world.hosts.values()) await host.daemon.assertAlive();
}

// The flows step checks the daemons before its first flow, and each flow after its probe, which
// covers the next flow's start too.
async function checkFlow(world: World, flow: FlowSpec, context: StepContext): Promise<void> {
  const address = world.ownerOf(flow.to) || isLoopback(flow.to) ? flow.to : world.addressOf(flow.to, flow.ipv6);
  // A loopback address is the `from` machine's own.
  const owner = isLoopback(address) ? flow.from : world.ownerOf(address);
  // The last line of defence: a probe goes only to an address of a machine this run created.
  if (!owner) throw new Error(`refusing to probe ${address}: it belongs to no host or source of this run`);
  const targetHost = world.hosts.get(owner)?.machine;
  const result = await probeFlow({
    from: world.machine(flow.from),
    observers: targetHost ? [targetHost] : [...world.hosts.values()].map((host) => host.machine),
    ...(targetHost ? { targetHost } : {}),
    address,
    port: flow.port,
    proto: flow.proto,
    timeoutMs: defaultProbeTimeoutMs,
  });
  const name = flow.name ?? `${flow.from} -> ${flow.to}:${flow.port}/${flow.proto} ${flow.expect}`;
  // A daemon that died during the probe makes its verdict meaningless: an error with that cause.
  const died = await assertDaemonsAlive(world).then(() => undefined, (error: unknown) => describeError(error));
  const observed = died ? 'error' : result.state;
  const deviation = deviationFor(flow.deviations, context.versions());
  const outcome = outcomeOf(flow.expect, observed, deviation);
  const evidenceFile = await writeEvidence(context.recorder, name, { flow, result });
  record(context, {
    name,
    kind: 'flow',
    expected: flow.expect,
    observed,
    outcome,
    detail: died ?? describeFlow(result),
    durationMs: result.durationMs,
    evidenceFile,
    ...(deviation ? { deviationReason: deviation.reason } : {}),
  });
  if (died) throw new HarnessError('DAEMON_DIED', died);
}

async function runCheck(world: World, check: CheckSpec, context: StepContext): Promise<void> {
  await assertDaemonsAlive(world);
  const started = performance.now();
  const result = await world.machine(check.on).exec(check.run, { timeoutMs: 120_000 });
  const failures: string[] = [];
  if (check.expect.exitCode !== undefined && result.exitCode !== check.expect.exitCode) failures.push(`exit code ${result.exitCode}, expected ${check.expect.exitCode}`);
  for (const pattern of check.expect.matches) if (!new RegExp(pattern, 'm').test(result.stdout)) failures.push(`output does not match /${pattern}/`);
  for (const pattern of check.expect.notMatches) if (new RegExp(pattern, 'm').test(result.stdout)) failures.push(`output matches /${pattern}/`);
  const observed = failures.length === 0 ? 'pass' : 'fail';
  const deviation = deviationFor(check.deviations, context.versions());
  const outcome = outcomeOf('pass', observed, deviation);
  const evidenceFile = await writeEvidence(context.recorder, check.name, { check, result });
  record(context, {
    name: check.name,
    kind: 'check',
    expected: 'pass',
    observed,
    outcome,
    detail: failures.length === 0 ? `\`${check.run}\` on ${check.on} met every expectation` : `\`${check.run}\` on ${check.on}: ${failures.join('; ')}`,
    durationMs: Math.round(performance.now() - started),
    evidenceFile,
    ...(deviation ? { deviationReason: deviation.reason } : {}),
  });
}

function record(context: StepContext, check: Omit<CheckRecord, 'scenario' | 'file' | 'claims' | 'suite' | 'dockerVersion'>): void {
  const full: CheckRecord = { ...context.base, dockerVersion: '', ...check };
  context.recorder.records.push(full);
  const mark = { pass: '✔', 'known-deviation': '≈', 'deviation-gone': '✔', fail: '✘', error: '!' }[full.outcome];
  context.progress.line(`  ${mark} ${full.name}: ${full.observed}${full.outcome === 'pass' ? '' : ` (${full.outcome}, expected ${full.expected})`} — ${full.detail}`);
}

async function writeEvidence(recorder: Recorder, name: string, content: { flow?: FlowSpec; check?: CheckSpec; result: FlowResult | object }): Promise<string> {
  recorder.counter += 1;
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
  const fileName = `${String(recorder.counter).padStart(2, '0')}-${slug}.json`;
  await writeFile(join(recorder.evidenceDir, fileName), `${JSON.stringify(content, null, 2)}\n`);
  return join(recorder.relativeDir, fileName);
}
