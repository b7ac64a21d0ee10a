import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelledContainers, projectRoot, runCli, trackHarness } from './support.ts';

const scenario = 'scenarios/docker-user/allow-one-source.scenario.ts';

// Starts a run and returns it once its containers exist, mid-scenario.
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
  while ((await labelledContainers()).length < 4) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the run never got its containers up:\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const exited = new Promise<number | null>((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  return { child, exited };
}

describe('cleanup that survives crashes', () => {
  it('SIGTERM mid-scenario removes the run\'s containers before exiting', async () => {
    const { child, exited } = await startRunAndWaitForContainers();
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(await labelledContainers()).toEqual([]);
  });

  it('after SIGKILL mid-scenario, the next run removes every leftover', async () => {
    const { child, exited } = await startRunAndWaitForContainers();
    child.kill('SIGKILL');
    await exited;
    expect((await labelledContainers()).length).toBeGreaterThanOrEqual(4);

    const next = await runCli(['run', scenario, '--suite', 'bookworm']);
    expect(next.stderr).toMatch(/cleanup: removed \d+ container\(s\) left by an earlier run that did not finish/);
    expect(next.exitCode, next.stderr).toBe(0);
    expect(await labelledContainers()).toEqual([]);
  });

  it('`harness clean` removes leftovers too', async () => {
    const { child, exited } = await startRunAndWaitForContainers();
    child.kill('SIGKILL');
    await exited;
    const clean = await runCli(['clean']);
    expect(clean.stderr).toMatch(/removed [1-9]\d* container\(s\)/);
    expect(await labelledContainers()).toEqual([]);
  });
});
