#!/usr/bin/env node
import { cp, readFile, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { engineAddress, engineClient, pingEngine } from './backends/dind/engine.ts';
import { removeVmLeftovers } from './backends/vagrant/vm-leftovers.ts';
import { SshMachine } from './backends/vagrant/ssh-machine.ts';
import { ensureEngine } from './backends/dind/install-engine.ts';
import { describeError, HarnessError, ScenarioError } from './core/errors.ts';
import { ensureHostImage } from './backends/dind/host-image.ts';
import { interruption } from './core/interrupt.ts';
import { defaultSuites, suites } from './images/suites.ts';
import { silentProgress, terminalProgress } from './core/progress.ts';
import { findFlips } from './run/stability.ts';
import { loadClaimsCatalogue, loadPageCatalogue } from './report/claims-catalogue.ts';
import { mergeRuns } from './report/merge.ts';
import { summarize } from './report/summary.ts';
import { exitCodeFor } from './results/exit-code.ts';
import { readRunRecord } from './results/read-run.ts';
import { writeRunResults } from './report/write-run.ts';
import { newRunId } from './run/run-id.ts';
import { parseShard, type Shard } from './run/shard.ts';
import { parseBoxChoice, type BoxChoice } from './backends/vagrant/user-box.ts';
import { describeRemoval } from './core/removal.ts';
import { removeLabelled, removeLeftovers } from './backends/dind/leftovers.ts';
import { runScenarios } from './run/run.ts';
import { findScenarioFiles, loadScenarioFiles, type LoadedFiles } from './scenario/load.ts';
import { scenarioSuffixes } from './scenario/scenario-file.ts';
import { selectScenarios, type Selection } from './scenario/select.ts';
import { backends, type Backend } from './format/fields.ts';

const program = new Command('harness')
  .description('Fires real traffic at real Docker hosts and reports what Docker\'s firewall behaviour actually is.')
  .version(await packageVersion(), '-V, --version', 'print the harness version')
  .showHelpAfterError();

const suiteOption = new Option('--suite <names>', 'comma-separated Debian suites to run the Docker hosts on').default(defaultSuites.join(','));

program
  .command('run', { isDefault: true })
  .description('run scenarios (all under scenarios/, or the files given) and write results/<run-id>/')
  .argument('[files...]', 'scenario files or folders; default: every scenarios/**/*.scenario.{ts,yaml,yml,json}')
  .option('--tag <tag>', 'only scenarios with this tag')
  .option('--skip-tag <tag>', 'leave out scenarios with this tag')
  .option('--claim <id>', 'only scenarios that check this claim id')
  .addOption(suiteOption)
  .option('--host-image <ref>', 'run the Docker hosts from this image instead (e.g. docker:27-dind, pulled if missing)')
  .addOption(new Option('--backend <backend>', 'run every scenario on this backend, whatever the scenario says: DinD containers or Vagrant VMs').choices(backends))
  .option('--vm-box <box>', 'VMs boot from this box instead of the harness\'s own: a .box file or a catalog name (debian/bookworm64); the harness installs what it lacks', parseBoxChoice)
  .option('--jobs <n>', 'scenarios to run at once', (value) => parsePositive(value, '--jobs'), defaultJobs())
  .option('--shard <k/n>', 'run only shard k of n (a deterministic split; merge the shards with `merge`)', parseShard)
  .option('--results <dir>', 'where run directories are written', 'results')
  .option('--accept-deviation-gone', 'a listed deviation that did not occur (the documented behaviour held) counts as met instead of failing the run')
  .action(async (files: string[], options: { tag?: string; skipTag?: string; claim?: string; suite: string; results: string; hostImage?: string; jobs: number; shard?: Shard; backend?: Backend; vmBox?: BoxChoice; acceptDeviationGone?: boolean }) => {
    // An invalid file is left out and reported; the run fails, but the valid scenarios still run.
    const selected = select(await loadFromArgs(files), options);
    const docker = engineClient();
    const outcome = await runScenarios({
      docker,
      scenarios: selected.scenarios,
      invalidFiles: selected.invalid,
      suites: parseSuites(options.suite),
      resultsDir: options.results,
      progress: terminalProgress,
      jobs: options.jobs,
      ...(options.shard ? { shard: options.shard } : {}),
      ...(options.hostImage ? { hostImage: options.hostImage } : {}),
      ...(options.backend ? { backend: options.backend } : {}),
      ...(options.vmBox ? { vmBox: options.vmBox } : {}),
      acceptDeviationGone: options.acceptDeviationGone === true,
    });
    process.exitCode = outcome.exitCode;
  });

program
  .command('stability')
  .description('run the scenarios several times and count flips: checks whose observation was not the same every time')
  .argument('[files...]')
  .option('--runs <n>', 'how many runs', (value) => parsePositive(value, '--runs'), 10)
  .addOption(suiteOption)
  .option('--jobs <n>', 'scenarios to run at once', (value) => parsePositive(value, '--jobs'), defaultJobs())
  .option('--results <dir>', 'where run directories are written', 'results')
  .action(async (files: string[], options: { runs: number; suite: string; jobs: number; results: string }) => {
    // Flips are counted over whole runs, so every file must be valid.
    const loaded = await loadFromArgs(files);
    if (loaded.invalid.length > 0) throw new ScenarioError(loaded.invalid.flatMap((entry) => entry.problems));
    const scenarios = loaded.scenarios;
    const docker = engineClient();
    const runs = [];
    for (let index = 1; index <= options.runs; index++) {
      const started = performance.now();
      const outcome = await runScenarios({ docker, scenarios, suites: parseSuites(options.suite), resultsDir: options.results, progress: silentProgress, jobs: options.jobs });
      const checks = outcome.run.scenarios.reduce((total, scenario) => total + scenario.checks.length, 0);
      terminalProgress.line(`run ${index}/${options.runs}: ${checks} checks in ${Math.round((performance.now() - started) / 1000)} s (${outcome.runDir})`);
      runs.push(outcome.run);
    }
    const flips = findFlips(runs);
    for (const flip of flips) terminalProgress.line(`flip: ${flip.check}: ${Object.entries(flip.seen).map(([seen, times]) => `${seen} x${times}`).join(', ')}`);
    terminalProgress.line(`${flips.length} flips over ${options.runs} runs`);
    process.exitCode = flips.length === 0 ? 0 : 1;
  });

program
  .command('merge')
  .description('merge the results of several runs (shards) into one run directory: TAP, JUnit, claims matrix, evidence')
  .argument('<runDirs...>', 'run directories (results/<run-id>) to merge')
  .option('--results <dir>', 'where the merged run directory is written', 'results')
  .action(async (runDirs: string[], options: { results: string }) => {
    // Every run.json is checked before anything is written: a bad one stops the merge (exit code 2).
    const runs = [];
    for (const dir of runDirs) runs.push(await readRunRecord(join(dir, 'run.json')));
    const merged = mergeRuns(runs, `${newRunId()}-merged`);
    const target = resolve(options.results, merged.runId);
    for (const dir of runDirs) await cp(join(dir, 'evidence'), join(target, 'evidence'), { recursive: true, errorOnExist: false });
    const files = await writeRunResults(merged, target, await loadClaimsCatalogue(process.cwd()), await loadPageCatalogue(process.cwd()));
    terminalProgress.line(summarize(merged).trimEnd());
    terminalProgress.line(`merged ${runDirs.length} runs into ${target} (report: ${files.reportHtml})`);
    process.exitCode = exitCodeFor(merged);
  });

program
  .command('validate')
  .description('load and validate scenarios without starting anything; lists every problem of every file')
  .argument('[files...]')
  .action(async (files: string[]) => {
    const { scenarios, invalid } = await loadFromArgs(files);
    for (const problem of invalid.flatMap((entry) => entry.problems)) terminalProgress.line(problem);
    terminalProgress.line(`${scenarios.length} scenario(s) valid${invalid.length > 0 ? `, ${invalid.length} file(s) invalid` : ''}`);
    if (invalid.length > 0) process.exitCode = 2;
  });

program
  .command('images')
  .description('make sure an engine answers and the Docker-host images are built')
  .addOption(suiteOption)
  .option('--rebuild', 'build the images again even if cached (to pick up what Debian\'s archive published since)')
  .action(async (options: { suite: string; rebuild?: boolean }) => {
    const docker = engineClient();
    await ensureEngine(docker, resolve('results', 'engine'), terminalProgress);
    // The suites' images build side by side: most of a build waits on Debian's archive.
    await Promise.all(
      parseSuites(options.suite).map(async (suite) => {
        terminalProgress.line(`image ready: ${await ensureHostImage(docker, suite, terminalProgress, { rebuild: options.rebuild === true })}`);
      }),
    );
  });

program
  .command('ssh')
  .description('run one command on a machine over SSH, through the same driver as VM hosts (to check a machine you already have)')
  .argument('<destination>', 'user@host or user@host:port')
  .argument('<command...>', 'the command (put -- before it)')
  .requiredOption('--key <path>', 'private key file')
  .option('--netns <name>', 'connect from inside this network namespace')
  .option('--timeout <seconds>', 'time limit for the command', (value) => parsePositive(value, '--timeout'), 60)
  .action(async (destination: string, command: string[], options: { key: string; netns?: string; timeout: number }) => {
    const match = destination.match(/^([^@]+)@([^:]+)(?::(\d+))?$/);
    if (!match) throw new HarnessError('BAD_OPTION', `destination must look like user@host or user@host:port (got "${destination}")`);
    const target = { user: match[1]!, host: match[2]!, port: Number(match[3] ?? 22), privateKeyPath: options.key, ...(options.netns ? { netns: options.netns } : {}) };
    const machine = await SshMachine.connect(target.host, target);
    try {
      const result = await machine.exec(command, { timeoutMs: options.timeout * 1000 });
      process.stdout.write(result.stdout);
      process.stderr.write(result.stderr);
      if (result.timedOut) terminalProgress.line(`timed out after ${options.timeout} s`);
      process.exitCode = result.exitCode;
    } finally {
      await machine.stop();
    }
  });

program
  .command('clean')
  .description('remove the containers and VM sites (namespace, libvirtd, VMs) of harness runs whose process is gone; a live run is never touched')
  .option('--all', 'also remove what live runs and runs of other machines on this engine are using (they will fail)')
  .action(async (options: { all?: boolean }) => {
    // Exit code 1 when anything found could not be removed; each such thing is named with the reason.
    const all = options.all === true;
    const sites = await removeVmLeftovers({ all });
    if (sites.removed.length + sites.failed.length > 0) describeRemoval(sites, 'VM site').forEach((line) => terminalProgress.line(line));
    let incomplete = sites.failed.length > 0;
    const docker = engineClient();
    const engine = await pingEngine(docker);
    if (engine.kind === 'absent') {
      terminalProgress.line(`no engine answers at ${engineAddress()}: no containers to remove`);
    } else if (engine.kind === 'unusable') {
      terminalProgress.line(`could not remove any container: the engine at ${engineAddress()} cannot be used: ${engine.reason}`);
      incomplete = true;
    } else {
      const containers = all ? await removeLabelled(docker) : await removeLeftovers(docker);
      describeRemoval(containers, 'container').forEach((line) => terminalProgress.line(line));
      incomplete ||= containers.failed.length > 0;
    }
    if (incomplete) process.exitCode = 1;
  });

// `run` is the default command, so a mistyped command would otherwise be read as a scenario path.
// A bare word that is no file or folder is named as an unknown command (a missing path is an
// invalid file of the run, like a broken one).
program.hook('preAction', async (_program, action) => {
  if (!['run', 'stability', 'validate'].includes(action.name())) return;
  for (const arg of action.args) {
    if (await stat(arg).catch(() => undefined)) continue;
    const known = program.commands.map((command) => command.name()).filter((name) => name !== 'help');
    if (/^[a-z][a-z-]*$/.test(arg)) throw new HarnessError('BAD_OPTION', `unknown command "${arg}" (commands: ${known.join(', ')}), and no scenario file or folder of that name`);
  }
});

async function packageVersion(): Promise<string> {
  const manifest = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

// Files as given (a missing or misnamed one is an invalid file), folders searched for scenario files.
async function loadFromArgs(files: string[]): Promise<LoadedFiles> {
  const targets = files.length > 0 ? files : ['scenarios'];
  const folders = new Set<string>();
  const paths: string[] = [];
  for (const target of targets) {
    const isFolder = (await stat(target).catch(() => undefined))?.isDirectory() === true;
    if (isFolder) folders.add(target);
    paths.push(...(isFolder ? await findScenarioFiles(resolve(target)) : [resolve(target)]));
  }
  if (paths.length === 0) {
    const where = [...folders].map((folder) => `${folder.replace(/\/+$/, '')}/`).join(', ');
    throw new HarnessError('NO_SCENARIOS', `no scenario files found in ${where} (their names end in ${scenarioSuffixes.join(', ')})`);
  }
  return loadScenarioFiles(paths);
}

// With nothing valid left to run, nothing is started: the problems are the whole answer (exit code 2).
function select(loaded: LoadedFiles, options: Selection): LoadedFiles {
  const selected = selectScenarios(loaded, options);
  if (selected.scenarios.length > 0) return selected;
  if (selected.invalid.length > 0) throw new ScenarioError(selected.invalid.flatMap((entry) => entry.problems));
  throw new HarnessError('NO_SCENARIOS', `no scenario matches${options.tag ? ` tag "${options.tag}"` : ''}${options.skipTag ? ` without tag "${options.skipTag}"` : ''}${options.claim ? ` claim "${options.claim}"` : ''}`);
}

// Two scenarios per core keeps the cores busy while others wait on probes and daemons.
function defaultJobs(): number {
  return Math.max(1, Math.min(4, availableParallelism() * 2));
}

function parsePositive(value: string, option: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new HarnessError('BAD_OPTION', `${option} must be a whole number of at least 1 (got "${value}")`);
  return number;
}

function parseSuites(text: string): string[] {
  const names = text.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !suites[name]);
  if (unknown.length > 0) throw new HarnessError('UNKNOWN_SUITE', `--suite: unknown suite ${unknown.map((n) => `"${n}"`).join(', ')}; known: ${Object.keys(suites).join(', ')}`);
  return names;
}

// Exit codes: 0 every expectation met, 1 some not met or a scenario error, 2 the harness itself could
// not work (invalid scenarios, no engine or the engine gone, an error of its own).
try {
  await program.parseAsync();
} catch (error) {
  await interruption();
  if (error instanceof ScenarioError) {
    process.stderr.write(`Invalid scenario${error.problems.length > 1 ? 's' : ''} (nothing was started):\n${error.problems.map((p) => `  ${p}`).join('\n')}\n`);
  } else {
    process.stderr.write(`harness error: ${describeError(error)}\n`);
  }
  process.exitCode = 2;
}
await interruption();
// The engine clients keep sockets alive for minutes after the last request; the run is over.
process.exit(process.exitCode ?? 0);
