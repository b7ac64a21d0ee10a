import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineClient } from '../harness/backends/dind/engine.ts';
import { labelKeys } from '../harness/backends/dind/labels.ts';
import { pollUntil } from '../harness/core/retry.ts';
import { labelledContainers, projectRoot, runCli } from './support.ts';

interface ScenarioOutcome {
  readonly error?: string;
  readonly checks: Array<{ outcome: string; observed: string; detail: string }>;
}

async function scenariosOf(runDir: string | undefined): Promise<ScenarioOutcome[]> {
  expect(runDir, 'the run wrote no results').toBeDefined();
  expect(existsSync(join(runDir!, 'junit.xml'))).toBe(true);
  return JSON.parse(await readFile(join(runDir!, 'run.json'), 'utf8')).scenarios;
}

// The harness talks to the real engine through a socket relay the test can take away (kill) or
// stop in its tracks (freeze: connections are taken and never answered).
async function engineRelay(): Promise<{ socket: string; kill: () => void; freeze: () => void }> {
  const relayDir = await mkdtemp(join(tmpdir(), 'harness-relay-'));
  const socket = join(relayDir, 'docker.sock');
  const relay = spawn('socat', [`UNIX-LISTEN:${socket},fork`, 'UNIX-CONNECT:/var/run/docker.sock'], { detached: true, stdio: 'ignore' });
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-relay.pid!, name);
    } catch {
      // already gone
    }
  };
  await pollUntil(() => (existsSync(socket) ? true : undefined), { timeoutMs: 10_000, intervalMs: 50, onTimeout: () => new Error('the relay made no socket') });
  return { socket, kill: () => signal('SIGKILL'), freeze: () => signal('SIGSTOP') };
}

// Stops (SIGSTOP) the runtime shim of the run's container of that scenario and role: the container
// no longer answers, while the engine does. Returns the shim's pid, to SIGCONT it after.
function freezeShimOf(scenario: string, role: string): number {
  const id = execFileSync('docker', ['ps', '-q', '--no-trunc', '--filter', `label=${labelKeys.scenario}=${scenario}`, '--filter', `label=${labelKeys.role}=${role}`], { encoding: 'utf8' }).trim();
  const pid = Number(execFileSync('pgrep', ['-f', `containerd-shim-runc-v2 .*-id ${id}`], { encoding: 'utf8' }).trim().split('\n')[0]);
  process.kill(pid, 'SIGSTOP');
  return pid;
}

// Faults of the world around the scenarios: each is an error with its cause, never a pass or a fail
// of what a scenario checks, and the run still writes its results and leaves nothing behind.
describe('faults', () => {
  it('no engine: every scenario is an error naming the engine address, results written, exit 2', async () => {
    const result = await runCli(['run', 'test/fixtures/faults/engine-goes-away.scenario.ts', '--suite', 'bookworm'], {
      env: { DOCKER_HOST: 'unix:///tmp/harness-no-engine-here/docker.sock' },
    });
    expect(result.exitCode, result.stderr).toBe(2);
    const [scenario] = await scenariosOf(result.runDir);
    expect(scenario!.error).toContain('No Docker engine answers at unix:///tmp/harness-no-engine-here/docker.sock');
    expect(scenario!.checks).toEqual([]);
  });

  it('no engine in a run with VM scenarios too: only the container scenarios are errors for it; the VM ones still run', async () => {
    const result = await runCli(['run', 'test/fixtures/faults/engine-goes-away.scenario.ts', 'test/fixtures/vm/management-overlap.scenario.ts', '--suite', 'bookworm'], {
      env: { DOCKER_HOST: 'unix:///tmp/harness-no-engine-here/docker.sock' },
    });
    expect(result.exitCode, result.stderr).toBe(2);
    const scenarios = await scenariosOf(result.runDir);
    expect(scenarios.map((scenario) => scenario.error)).toEqual([
      expect.stringContaining('No Docker engine answers at unix:///tmp/harness-no-engine-here/docker.sock'),
      // Its own error: the VM backend did look at it.
      expect.stringContaining('networks.lan.subnet 192.168.121.0/24 overlaps 192.168.121.0/24'),
    ]);
  });

  it('the engine going away mid-scenario: an error with that cause, results written; `clean` removes what it left', async () => {
    const relay = await engineRelay();
    try {
      let cut = false;
      // --jobs 1: progress lines come as they happen, not held back until the scenario ends.
      const result = await runCli(['run', 'test/fixtures/faults/engine-goes-away.scenario.ts', '--suite', 'bookworm', '--jobs', '1'], {
        env: { DOCKER_HOST: `unix://${relay.socket}` },
        onStderr: (text) => {
          if (!cut && text.includes('steps[0] command')) {
            cut = true;
            relay.kill();
          }
        },
      });
      expect(cut, result.stderr).toBe(true);
      expect(result.exitCode, result.stderr).toBe(2);
      const [scenario] = await scenariosOf(result.runDir);
      expect(scenario!.error).toContain(`the Docker engine at unix://${relay.socket} stopped answering`);
      expect(scenario!.checks).toEqual([]);
      expect(result.stderr).toContain("could not remove this run's containers");
    } finally {
      relay.kill();
    }
    expect((await labelledContainers()).length).toBeGreaterThan(0);
    const clean = await runCli(['clean']);
    expect(clean.exitCode).toBe(0);
    expect(await labelledContainers()).toEqual([]);
  });

  it('an engine that takes requests and never answers them: the run ends in an error naming it, within its time limits', async () => {
    const relay = await engineRelay();
    try {
      let frozen = false;
      const started = Date.now();
      let frozenAt = 0;
      const result = await runCli(['run', 'test/fixtures/faults/engine-stops-answering.scenario.ts', '--suite', 'bookworm', '--jobs', '1'], {
        env: { DOCKER_HOST: `unix://${relay.socket}` },
        onStderr: (text) => {
          if (!frozen && text.includes('steps[0] command')) {
            frozen = true;
            frozenAt = Date.now();
            relay.freeze();
          }
        },
      });
      expect(frozen, result.stderr).toBe(true);
      expect(result.exitCode, result.stderr).toBe(2);
      const [scenario] = await scenariosOf(result.runDir);
      expect(scenario!.error).toContain(`the Docker engine at unix://${relay.socket} stopped answering`);
      expect(result.stderr).toContain("could not remove this run's containers");
      // A command's limit and its slack, then the containers' removal, each bounded: minutes, not for ever.
      expect(Date.now() - frozenAt, `run took ${Date.now() - started} ms`).toBeLessThan(240_000);
    } finally {
      relay.kill();
    }
    const clean = await runCli(['clean']);
    expect(clean.exitCode).toBe(0);
    expect(await labelledContainers()).toEqual([]);
  });

  it('a container that stops answering does not condemn the engine: its scenario is an error, and the next one runs', async () => {
    let shim: number | undefined;
    const thaw = () => {
      try {
        if (shim !== undefined) process.kill(shim, 'SIGCONT');
      } catch {
        // the shim is gone with its container
      }
    };
    try {
      const result = await runCli(['run', 'test/fixtures/faults/engine-stops-answering.scenario.ts', 'test/fixtures/faults/after-a-stuck-container.scenario.ts', '--suite', 'bookworm', '--jobs', '1'], {
        onStderr: (text) => {
          if (shim === undefined && text.includes('steps[0] command')) shim = freezeShimOf('fixture-engine-stops-answering-bookworm', 'host');
          // Once the next scenario starts, the stuck one is over: its container may answer again, so
          // the run's own cleanup removes it.
          if (text.includes('▶ fixture-after-a-stuck-container')) thaw();
        },
      });
      expect(shim, result.stderr).toBeDefined();
      // An error, not a lost engine (that would be 2).
      expect(result.exitCode, result.stderr).toBe(1);
      const [stuck, next] = await scenariosOf(result.runDir);
      expect(stuck!.error).toMatch(/^on docker1: the engine gave no answer to `[\s\S]*` within \d+ s$/);
      expect(stuck!.error).not.toContain('stopped answering');
      expect(next!.error).toBeUndefined();
      expect(next!.checks.map((check) => check.outcome)).toEqual(['pass']);
    } finally {
      thaw();
    }
    const clean = await runCli(['clean']);
    expect(clean.exitCode).toBe(0);
    expect(await labelledContainers()).toEqual([]);
  });

  it('an inner dockerd that dies: an error naming the dead daemon with its log, not a verdict', async () => {
    const result = await runCli(['run', 'test/fixtures/faults/inner-dockerd-dies.scenario.ts', '--suite', 'bookworm']);
    expect(result.exitCode, result.stderr).toBe(1);
    const [scenario] = await scenariosOf(result.runDir);
    expect(scenario!.error).toContain('on docker1: dockerd died although no daemon step stopped it; its last log lines:');
    expect(scenario!.checks.filter((check) => check.outcome !== 'error')).toEqual([]);
    expect(await labelledContainers()).toEqual([]);
  });

  it('a full disk on the Docker host: an error quoting the engine, not a verdict', async () => {
    const result = await runCli(['run', 'test/fixtures/faults/host-disk-full.scenario.ts', '--suite', 'bookworm']);
    expect(result.exitCode, result.stderr).toBe(1);
    const [scenario] = await scenariosOf(result.runDir);
    expect(scenario!.error).toContain('steps[1] service failed');
    expect(scenario!.error).toMatch(/no space left on device/i);
    expect(scenario!.checks).toEqual([]);
    expect(await labelledContainers()).toEqual([]);
  });

  it('an image build interrupted halfway leaves no chroot, mount or process, and keeps the cached image', async () => {
    const docker = engineClient();
    const imagesBefore = (await docker.listImages({ filters: { reference: ['harness-host:bookworm-*'] } })).map((image) => image.Id);
    expect(imagesBefore.length).toBeGreaterThan(0);
    const child = spawn(process.execPath, [join(projectRoot, 'harness/cli.ts'), 'images', '--suite', 'bookworm', '--rebuild'], { cwd: projectRoot, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // Wait until debootstrap has mounted /proc inside its chroot: the worst moment to be interrupted.
    const deadline = Date.now() + 240_000;
    while (!readFileSync('/proc/self/mounts', 'utf8').includes('/harness-rootfs-bookworm-')) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the build never mounted anything in its chroot:\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    child.kill('SIGTERM');
    expect(await exited, stderr).toBe(143);
    expect(stderr).toContain('SIGTERM: cleaning up');
    expect(readFileSync('/proc/self/mounts', 'utf8')).not.toContain('/harness-rootfs-');
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith('harness-rootfs-'))).toEqual([]);
    const debootstrap = spawn('pgrep', ['-f', 'debootstrap.*/harness-rootfs-']);
    expect(await new Promise((resolve) => debootstrap.on('close', resolve))).toBe(1);
    const imagesAfter = (await docker.listImages({ filters: { reference: ['harness-host:bookworm-*'] } })).map((image) => image.Id);
    expect(imagesAfter).toEqual(imagesBefore);
  });
});
