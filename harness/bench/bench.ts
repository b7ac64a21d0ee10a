// npm run bench [-- --full] [-- --cold] [-- --flips] [-- --vm] [-- --only <parts>] [-- --baseline <dir>]: prints where the time goes, as figures,
// next to the floor the engine itself allows, the harness beside a bash baseline, and each figure's
// target. Nothing here is a test; the figures are for people comparing changes. It exits non-zero
// only when it could not measure.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type Docker from 'dockerode';
import { startProcess } from '../core/process.ts';
import { pollUntil } from '../core/retry.ts';
import { engineClient } from '../backends/dind/engine.ts';
import { ensureEngine } from '../backends/dind/install-engine.ts';
import { privilegedHostConfig, privilegeMode } from '../backends/dind/privilege.ts';
import { startService } from '../machines/services.ts';
import { ensureHostImage } from '../backends/dind/host-image.ts';
import { silentProgress, terminalProgress } from '../core/progress.ts';
import { requireRemoved } from '../core/removal.ts';
import { removeLabelled } from '../backends/dind/leftovers.ts';
import { newRunId } from '../run/run-id.ts';
import { configureTestcontainers } from '../backends/dind/testcontainers-env.ts';
import { containerWorld } from '../backends/dind/container-world.ts';
import { RunSwitches } from '../backends/dind/run-switch.ts';
import { World } from '../world/world.ts';
import { ContainerMachine } from '../backends/dind/container-machine.ts';
import { loadScenarios, validateScenario } from '../scenario/load.ts';
import { probeFlow } from '../traffic/probe.ts';
import { describeError } from '../core/errors.ts';
import { runHarness } from './harness-run.ts';
import { loadAverage, machineBusyMs, printFigure as print, seconds, withTarget } from './print.ts';
import { measureSideBySide } from './side-by-side.ts';
import { median } from './median.ts';

const { values: flags } = parseArgs({
  options: {
    full: { type: 'boolean', default: false },
    cold: { type: 'boolean', default: false },
    flips: { type: 'boolean', default: false },
    vm: { type: 'boolean', default: false },
    only: { type: 'string' },
    baseline: { type: 'string' },
  },
});
// The parts of the bench, in the order they run. `--only` picks some (a whole run takes minutes);
// without it, flips and vm run only with their own flags.
const parts = ['bring-up', 'seed', 'suite', 'flips', 'vm'] as const;
type Part = (typeof parts)[number];
const chosen = new Set<string>(
  flags.only?.split(',').map((part) => part.trim()) ?? ['bring-up', 'seed', 'suite', ...(flags.flips ? ['flips'] : []), ...(flags.vm ? ['vm'] : [])],
);
const unknown = [...chosen].filter((part) => !(parts as readonly string[]).includes(part));
if (unknown.length > 0) {
  process.stderr.write(`bench: --only ${flags.only}: no part named ${unknown.join(', ')}; the parts are ${parts.join(', ')}\n`);
  process.exit(2);
}
const runs = (part: Part) => chosen.has(part);
const root = join(import.meta.dirname, '../..');
// What the harness aims at; printed beside each figure, never enforced.
const targets = { bringUpToFloor: 1.5, connectedMs: 150, droppedMs: 300, allSuitesMs: 150_000, flips: 0, vmFirstVerdictMs: 20_000 };
const allSuites = 'bookworm,trixie,forky';
// The floor is measured by asking often; a host that never gets there fails the bench after this long.
const floorPoll = { intervalMs: 50, timeoutMs: 120_000 };
const floorTimeout = (what: string) => () => new Error(`bench: ${what} not reached within ${floorPoll.timeoutMs} ms`);

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

// Bring-up and its floor are measured in turns, this many times each, so that both meet the machine
// in the same state (a floor measured alone moved from 0.72 to 0.94 s between runs); the median of
// each is compared.
const bringUpRuns = 3;

// The floor: what the engine itself needs, with no harness in between.
async function measureFloorOnce(docker: Docker, image: string, label: string): Promise<number> {
  const hostConfig = { ...privilegedHostConfig(await privilegeMode(docker, image)), NetworkMode: 'none', Tmpfs: { '/var/lib/docker': 'rw,exec,suid,dev' } };
  // Started the way the harness starts its hosts (no engine networking at all), so neither side pays
  // for what the other skips.
  const container = await docker.createContainer({ Image: image, NetworkDisabled: true, HostConfig: hostConfig, Labels: { 'io.github.docker-fw-harness': 'true' } });
  const exec = async (cmd: string) => {
    const run = await container.exec({ Cmd: ['sh', '-c', cmd], AttachStdout: true, AttachStderr: true });
    const stream = await run.start({});
    await new Promise((resolve) => stream.on('end', resolve).resume());
    return (await run.inspect()).ExitCode ?? -1;
  };
  try {
    const [, start] = await timed(() => container.start());
    print(`${label}: engine starts a bare host container`, seconds(start));
    // The init script prepares cgroups before dockerd can run containers; the floor starts after it.
    await pollUntil(async () => (String(await container.logs({ stdout: true, stderr: true })).includes('harness host ready') ? true : undefined), { ...floorPoll, onTimeout: floorTimeout('harness host ready') });
    await exec('dockerd >/var/log/dockerd.log 2>&1 &');
    const [, daemon] = await timed(async () => {
      await pollUntil(async () => ((await exec('docker version >/dev/null 2>&1')) === 0 ? true : undefined), { ...floorPoll, onTimeout: floorTimeout('inner dockerd answering') });
    });
    print(`${label}: inner dockerd answers after being started`, seconds(daemon));
    await exec('tar -C /usr/local/bin -c netprobe | docker import - bench-service >/dev/null');
    const [, service] = await timed(() => exec('docker run -d -p 8080:80 --entrypoint /netprobe bench-service serve 80/tcp >/dev/null && until docker exec $(docker ps -q) /netprobe probe tcp 127.0.0.1 80 200 | grep -q connected; do sleep 0.05; done'));
    print(`${label}: a published service container starts and answers`, seconds(service));
    return start + daemon + service;
  } finally {
    await container.remove({ force: true });
  }
}

const benchScenario = validateScenario(
  {
    name: 'bench',
    networks: { lan: { subnet: '192.168.1.0/24' } },
    hosts: { docker1: { interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } } } },
    sources: { one: { interfaces: { eth0: { network: 'lan', address: '192.168.1.1' } } } },
  },
  'bench',
);

async function measureBringUp(docker: Docker, image: string): Promise<void> {
  if ('problems' in benchScenario) throw new Error(benchScenario.problems.join('\n'));
  const runId = newRunId();
  const privilege = await privilegeMode(docker, image);
  // As in a run: the first world starts the switch, the later ones have bridges of their own in it.
  const switches = new RunSwitches(docker, runId);
  const lan = () => switches.segment({ suite: 'bench', image, privilege });
  try {
    const bringUp = async () =>
      timed(async () => {
        const created = await World.create(benchScenario.scenario, containerWorld({ docker, image, runId, scenarioName: 'bench', privilege, lan }), (warning) => process.stderr.write(`${warning}\n`));
        await startService(created.host('docker1'), { name: 'web', publish: ['8080:80'] });
        return created;
      });
    // The verdicts are measured in the last world; the ones before are only timed.
    const floors: number[] = [];
    const times: number[] = [];
    let world: World | undefined;
    for (let run = 1; run <= bringUpRuns; run++) {
      await world?.destroy();
      floors.push(await measureFloorOnce(docker, image, `floor ${run}`));
      const [created, ms] = await bringUp();
      world = created;
      times.push(ms);
      print(`harness ${run}: a world (host, source, bridges in the run's switch) with a published service`, seconds(ms));
    }
    const floor = median(floors);
    print(`floor: sum, median of ${bringUpRuns}`, seconds(floor));
    const typical = median(times);
    print(`harness: bring-up, median of ${bringUpRuns}`, withTarget(`${seconds(typical)} (${(typical / floor).toFixed(2)}x the floor)`, `<= ${targets.bringUpToFloor}x`));
    if (!world) throw new Error('bench: no world was brought up');
    const host = world.host('docker1').machine;
    if (!(host instanceof ContainerMachine)) throw new Error('the bench runs on containers');
    const stats = await docker.getContainer(host.container.getId()).stats({ stream: false });
    print('memory of one Docker host with dockerd and a service', `${Math.round((stats.memory_stats.usage ?? 0) / 1024 / 1024)} MB`);
    const flow = (port: number) => probeFlow({ from: world.machine('one'), observers: [host], destination: { kind: 'docker-host', host: host.name, isSource: false }, address: '192.168.1.10', port, proto: 'tcp' });
    for (const [label, port] of [['connected', 8080], ['refused', 8081]] as const) {
      const result = await flow(port);
      const target = label === 'connected' ? withTarget(seconds(result.durationMs), `<= ${seconds(targets.connectedMs)}`) : seconds(result.durationMs);
      print(`verdict: a ${label} flow (got ${result.state})`, target);
    }
    await host.run('iptables -I DOCKER-USER -p tcp --dport 80 -j DROP');
    const dropped = await flow(8080);
    print(`verdict: a dropped flow (got ${dropped.state})`, withTarget(seconds(dropped.durationMs), `<= ${seconds(targets.droppedMs)}`));
    await world.destroy();
  } finally {
    await switches.close();
    requireRemoved(await removeLabelled(docker, runId));
  }
}

// A full run through the CLI, as users run it: wall time, exit code and the harness process's peak memory.
// Beside it, the CPU the whole machine spent meanwhile (dockerd, iptables, the engine, the kernel):
// spread perfectly over every core, the run could be no shorter than that over the cores.
async function measureSuite(suites: string, jobs: number): Promise<void> {
  const busyBefore = machineBusyMs();
  const { result, observed, peakMb } = await runSuite(suites, jobs);
  const busy = machineBusyMs() - busyBefore;
  const figure = `${seconds(result.durationMs)}, exit ${result.exitCode}, harness peak ${peakMb} MB, ${observed.size} records`;
  print(`suite: ${suites} --jobs ${jobs}`, suites === allSuites && jobs === 4 ? withTarget(figure, `<= ${seconds(targets.allSuitesMs)}`) : figure);
  const cores = cpus().length;
  print(`suite: ${suites} --jobs ${jobs}, CPU busy meanwhile`, `${seconds(busy)} on ${cores} cores: ${seconds(busy / cores)} at the least`);
}

const runSuite = (suites: string, jobs: number) => runHarness(root, ['--suite', suites, '--jobs', String(jobs)], { peakMemory: true });

// The whole suite three times with two processes keeping both cores busy: how many observations
// differ between the runs (a flip is a verdict that depends on the machine's load, not the firewall).
async function measureFlips(jobs: number): Promise<void> {
  const burners = [0, 1].map(() => startProcess(['sh', '-c', 'while :; do :; done'], { stdio: 'ignore' }));
  try {
    const runs: Array<Map<string, string>> = [];
    for (let index = 0; index < 3; index++) {
      const { result, observed } = await runSuite(allSuites, jobs);
      print(`flips: run ${index + 1} of the suite under two busy processes`, `${seconds(result.durationMs)}, exit ${result.exitCode}, ${observed.size} records`);
      runs.push(observed);
    }
    const names = new Set(runs.flatMap((run) => [...run.keys()]));
    const flipped = [...names].filter((name) => new Set(runs.map((run) => run.get(name) ?? 'missing')).size > 1);
    for (const name of flipped) print(`  flipped: ${name}`, runs.map((run) => run.get(name) ?? 'missing').join(' / '));
    print(`flips: observations that differ over 3 runs (${allSuites}, --jobs ${jobs})`, withTarget(String(flipped.length), `${targets.flips}`));
  } finally {
    for (const burner of burners) burner.kill('SIGKILL');
  }
}

// Three scenarios of one shape of world on VMs, through the CLI. The first boots the VMs and
// snapshots them, then snapshots its world after bring-up, because the second has the same world
// (machines, addresses, daemon settings) and starts from there. The third is the second with one
// source at another address: another world of the same shape, it starts from the snapshot taken
// after boot and brings its world up itself. Each figure runs from the scenario's first progress
// line to its first verdict.
const vmFirst = 'scenarios/defaults/every-source-connects.scenario.ts';
const vmSameWorld = 'scenarios/docker-user/allow-one-source.scenario.ts';

async function measureVmSnapshot(): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), 'bench-vm-'));
  try {
    const loaded = await loadScenarios([vmSameWorld], root);
    const sameWorld = loaded[0]!.scenario;
    const otherSources = { ...sameWorld.sources, other: { interfaces: { eth0: { network: 'lan', address: '192.168.1.3' } }, routes: [] } };
    const otherWorld = join(scratch, 'another-world.scenario.yaml');
    // JSON is YAML: the scenario as the harness parsed it, under another name, one address changed.
    await writeFile(otherWorld, JSON.stringify({ ...sameWorld, name: `${sameWorld.name}-another-world`, sources: otherSources }));
    const lines: Array<readonly [number, string]> = [];
    const { result } = await runHarness(root, [vmFirst, vmSameWorld, otherWorld, '--suite', 'bookworm', '--backend', 'vagrant'], { onLine: (line) => lines.push([performance.now(), line]) });
    const toFirstVerdict = (name: string) => {
      const start = lines.find(([, line]) => line.startsWith(`▶ ${name} `));
      const verdict = start && lines.find(([at, line]) => at > start[0] && /^ {2}[✔≈✘!] /.test(line));
      return verdict ? seconds(verdict[0] - start![0]) : 'no verdict';
    };
    print('VM: the first scenario (boots, snapshots), to its first verdict', `${toFirstVerdict('default-every-source-connects')}, run exit ${result.exitCode}`);
    print('VM: a later scenario of the same world, to its first verdict', withTarget(toFirstVerdict(sameWorld.name), `<= ${seconds(targets.vmFirstVerdictMs)}`));
    print('VM: a later scenario of another world, same shape, to its first verdict', withTarget(toFirstVerdict(`${sameWorld.name}-another-world`), `<= ${seconds(targets.vmFirstVerdictMs)}`));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function bench(): Promise<void> {
  const docker = engineClient();
  await ensureEngine(docker, 'results/engine', terminalProgress);
  await configureTestcontainers(docker);
  print('load average (1, 5, 15 min) at the start', loadAverage());
  if (flags.cold) {
    const images = await docker.listImages({ filters: { label: ['io.github.docker-fw-harness.image'] } });
    for (const info of images) await docker.getImage(info.Id).remove({ force: true });
    const [, build] = await timed(() => Promise.all(['bookworm', 'trixie', 'forky'].map((suite) => ensureHostImage(docker, suite, silentProgress))));
    print('cold: building the three host images', seconds(build));
  }
  if (runs('bring-up')) await measureBringUp(docker, await ensureHostImage(docker, 'bookworm', silentProgress));
  if (runs('seed')) await measureSideBySide(docker, root, flags.baseline);
  const grid = flags.full ? ['bookworm', allSuites].flatMap((suites) => [1, 2, 4].map((jobs) => [suites, jobs] as const)) : [[allSuites, 4] as const];
  if (runs('suite')) for (const [suites, jobs] of grid) await measureSuite(suites, jobs);
  if (runs('flips')) await measureFlips(4);
  else print('flips: the suite three times under two busy processes', 'not measured (add -- --flips)');
  if (runs('vm')) await measureVmSnapshot();
  else print('VM: a later scenario, to its first verdict', withTarget('not measured (add -- --vm)', `<= ${seconds(targets.vmFirstVerdictMs)}`));
}

try {
  await bench();
  process.exit(0);
} catch (error) {
  terminalProgress.line(`bench: could not measure: ${describeError(error)}`);
  process.exit(1);
}
