import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineClient } from '../harness/backends/dind/engine.ts';
import { labelKeys } from '../harness/backends/dind/labels.ts';
import { labelledContainers, projectRoot, runCli, trackHarness } from './support.ts';

const scenario = 'scenarios/docker-user/allow-one-source.scenario.ts';

// The ids of this run's containers (by its harness's pid).
async function containerIds(harnessPid: number | undefined): Promise<string[]> {
  const containers = await engineClient().listContainers({ all: true, filters: { label: [`${labelKeys.ownerPid}=${harnessPid}`] } });
  return containers.map((info) => info.Id);
}

// Processes of this machine in the cgroups of these containers (with `only` in their command line):
// the sources' namespaces, booted in the switch, must go with it.
async function processesIn(ids: readonly string[], only = ''): Promise<number> {
  let count = 0;
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    const cgroups = await readFile(`/proc/${pid}/cgroup`, 'utf8').catch(() => '');
    if (!ids.some((id) => cgroups.includes(id))) continue;
    if ((await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).includes(only)) count++;
  }
  return count;
}

// Starts a run and returns it once its containers exist and its sources are up, mid-scenario.
async function startRunAndWaitForContainers() {
  const results = await mkdtemp(join(tmpdir(), 'harness-crash-'));
  const child = spawn(process.execPath, [join(projectRoot, 'harness/cli.ts'), 'run', scenario, '--suite', 'bookworm', '--results', results], {
    cwd: projectRoot,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  trackHarness(child.pid);
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const deadline = Date.now() + 120_000;
  // The switch and the Docker host, and both sources booted in the switch.
  while ((await labelledContainers()).length < 2 || (await processesIn(await containerIds(child.pid), 'harness-sources')) < 2) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the run never got its containers up:\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const exited = new Promise<number | null>((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  return { child, exited, ids: await containerIds(child.pid) };
}

describe('cleanup that survives crashes', () => {
  it('SIGTERM mid-scenario removes the run\'s containers before exiting', async () => {
    const { child, exited, ids } = await startRunAndWaitForContainers();
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(await labelledContainers()).toEqual([]);
    expect(await processesIn(ids)).toBe(0);
  });

  it('after SIGKILL mid-scenario, the next run removes every leftover', async () => {
    const { child, exited, ids } = await startRunAndWaitForContainers();
    child.kill('SIGKILL');
    await exited;
    expect((await labelledContainers()).length).toBeGreaterThanOrEqual(2);
    // Each source's unshare, and its boot while it has not reached its end yet.
    expect(await processesIn(ids, 'harness-sources')).toBeGreaterThanOrEqual(2);

    const next = await runCli(['run', scenario, '--suite', 'bookworm']);
    expect(next.stderr).toMatch(/cleanup: removed \d+ container\(s\) left by an earlier run that did not finish/);
    expect(next.exitCode, next.stderr).toBe(0);
    expect(await labelledContainers()).toEqual([]);
    expect(await processesIn(ids)).toBe(0);
  });

  it('`harness clean` removes leftovers too', async () => {
    const { child, exited, ids } = await startRunAndWaitForContainers();
    child.kill('SIGKILL');
    await exited;
    const clean = await runCli(['clean']);
    expect(clean.stderr).toMatch(/removed [1-9]\d* container\(s\)/);
    expect(await labelledContainers()).toEqual([]);
    expect(await processesIn(ids)).toBe(0);
  });
});
