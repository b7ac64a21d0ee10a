import { spawn } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { engineClient } from '../harness/backends/dind/engine.ts';
import { labelKeys } from '../harness/backends/dind/labels.ts';
import { suites } from '../harness/images/suites.ts';
import { loadClaimsCatalogue } from '../harness/report/claims-catalogue.ts';
import { dockerNeed, notApplicable } from '../harness/run/applicability.ts';
import { findScenarioFiles, loadScenarios, type LoadedScenario } from '../harness/scenario/load.ts';

export const projectRoot = resolve(import.meta.dirname, '..');

export interface CliResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  // The run directory the CLI wrote, when it got that far.
  readonly runDir?: string;
}

// The harness processes this test file started: the containers a test looks for are theirs only,
// so a run of someone else's on the same engine never makes a test fail (or get cleaned up by one).
const ownHarnesses = new Set<number>();

// Counts a harness process a test spawned itself as one of this test file's.
export function trackHarness(pid: number | undefined): void {
  if (pid !== undefined) ownHarnesses.add(pid);
}

// Runs the harness CLI exactly as a user does, with its results in a fresh temporary folder.
export async function runCli(args: readonly string[], options: { readonly env?: NodeJS.ProcessEnv; readonly onStderr?: (text: string) => void } = {}): Promise<CliResult> {
  const results = await mkdtemp(join(tmpdir(), 'harness-test-results-'));
  const resultsOption = args[0] === 'run' ? ['--results', results] : [];
  const child = spawn(process.execPath, [join(projectRoot, 'harness/cli.ts'), ...args, ...resultsOption], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  trackHarness(child.pid);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    options.onStderr?.(stderr);
  });
  const exitCode = await new Promise<number>((done) => child.on('close', (code) => done(code ?? -1)));
  const runs = (await readdir(results)).filter((name) => name !== 'engine');
  return { exitCode, stdout, stderr, ...(runs[0] ? { runDir: join(results, runs[0]) } : {}) };
}

// Every container carrying the harness label, running or not, that a harness run of this test file created.
export async function labelledContainers(): Promise<string[]> {
  const containers = await engineClient().listContainers({ all: true, filters: { label: [`${labelKeys.harness}=true`] } });
  return containers.filter((info) => ownHarnesses.has(Number(info.Labels[labelKeys.ownerPid]))).map((info) => info.Names.join(','));
}

// Containers created with the harness label since `since` (seconds) by this test file's harness runs, even if already removed again.
export async function containersCreatedSince(since: number): Promise<number> {
  const until = Math.ceil(Date.now() / 1000) + 1;
  const stream = (await engineClient().getEvents({ since, until, filters: { type: ['container'], event: ['create'], label: [`${labelKeys.harness}=true`] } })) as NodeJS.ReadableStream;
  let text = '';
  for await (const chunk of stream) text += chunk;
  const events = text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as { Actor?: { Attributes?: Record<string, string> } });
  return events.filter((event) => ownHarnesses.has(Number(event.Actor?.Attributes?.[labelKeys.ownerPid]))).length;
}

// The machine's own firewall, to compare before and after a run. `iptables -S` always prints the
// built-in chains' policies, so a snapshot without them means the tools did not answer: that is an
// error, never an empty snapshot that would equal any other.
export async function machineFirewall(): Promise<string> {
  const run = (command: string, args: string[]) =>
    new Promise<string>((done) => {
      const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'] });
      let out = '';
      child.stdout.on('data', (chunk) => (out += chunk));
      child.on('close', () => done(out));
      child.on('error', () => done(''));
    });
  const strip = (text: string) => text.split('\n').filter((line) => !line.startsWith('#')).join('\n');
  const policies = { ipv4: await run('iptables', ['-S']), ipv6: await run('ip6tables', ['-S']) };
  for (const [family, text] of Object.entries(policies)) {
    if (!/^-P INPUT /m.test(text)) throw new Error(`the machine's ${family} firewall could not be read: \`${family === 'ipv4' ? 'iptables' : 'ip6tables'} -S\` printed no INPUT policy`);
  }
  return [policies.ipv4, policies.ipv6, strip(await run('iptables-save', [])), strip(await run('ip6tables-save', [])), await run('nft', ['list', 'ruleset'])].join('\n=====\n');
}

// The scenarios of scenarios/ that the whole-suite tests (seed, every step decisive, every
// expectation can fail) run on bookworm: those that apply to its Docker. By default only those of
// the seed pages' claims (C01-C23) and the claimless traffic scenarios beside them, so `npm test`
// stays within its time; with HARNESS_TEST_ALL=1 (`npm run test:all`) every one, including today's
// pages' claims and the regression stories (whose runs on every version are the main job's).
export async function scenariosUnderTest(): Promise<LoadedScenario[]> {
  const loaded = await loadScenarios(await findScenarioFiles(join(projectRoot, 'scenarios')), projectRoot);
  const catalogue = await loadClaimsCatalogue(projectRoot);
  const all = process.env.HARNESS_TEST_ALL === '1';
  const seedClaim = (id: string) => /^C(0\d|1\d|2[0-3])$/.test(id);
  return loaded.filter(({ scenario }) => {
    if (notApplicable(dockerNeed(scenario, catalogue), 'bookworm', suites.bookworm!.docker)) return false;
    return all || (scenario.claims.every(seedClaim) && !scenario.tags.includes('regression'));
  });
}
