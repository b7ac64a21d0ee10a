import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineClient } from '../harness/backends/dind/engine.ts';
import { ensureHostImage } from '../harness/backends/dind/host-image.ts';
import { silentProgress } from '../harness/core/progress.ts';
import { runCli } from './support.ts';
import { copyImage, startSecondEngine, type SecondEngine } from './second-engine.ts';

type Matrix = { claims: Array<{ id: string; cells: Array<{ suite: string; state: string }> }> };

async function matrixOf(runDir: string): Promise<string[]> {
  const matrix = JSON.parse(await readFile(join(runDir, 'claims.json'), 'utf8')) as Matrix;
  return matrix.claims.flatMap((claim) => claim.cells.map((cell) => `${claim.id} ${cell.suite} ${cell.state}`));
}

// Counts the containers an engine creates from now until stop() (the engine's event buffer keeps
// only the last few hundred events, so they are watched live, not asked for afterwards).
async function watchCreates(engine: SecondEngine): Promise<{ stop(): number }> {
  const stream = (await engine.docker.getEvents({ filters: { type: ['container'], event: ['create'] } })) as NodeJS.ReadableStream & { destroy(): void };
  let creates = 0;
  stream.on('data', (chunk: Buffer) => (creates += String(chunk).split('\n').filter((line) => line.trim()).length));
  return {
    stop() {
      stream.destroy();
      return creates;
    },
  };
}

// A suite spread over two machines: one shard on the local engine, the other on a second engine
// reached over TCP (as another CI machine's would be), merged, gives the matrix of one local run.
describe('shards', () => {
  let second: SecondEngine;
  beforeAll(async () => {
    second = await startSecondEngine();
    // The other machine has the host image already, as one that ran `harness images` would.
    await copyImage(engineClient(), second.docker, await ensureHostImage(engineClient(), 'bookworm', silentProgress));
  });
  afterAll(async () => second?.stop());

  it('one local and one on a remote engine merge into the matrix of an unsharded run', async () => {
    const selection = ['run', '--tag', 'docker-user', '--suite', 'bookworm', '--jobs', '4'];
    const whole = await runCli(selection);
    const creates = await watchCreates(second);
    const [first, remote] = await Promise.all([runCli([...selection, '--shard', '1/2']), runCli([...selection, '--shard', '2/2'], { env: { DOCKER_HOST: second.address } })]);
    expect(first.stderr).toMatch(/shard 1\/2: \d+ of \d+ scenario runs/);
    expect(remote.stderr, remote.stderr).toMatch(/shard 2\/2: [1-9]\d* of \d+ scenario runs/);
    // The remote shard's machines ran on the second engine, and it cleaned them up there.
    expect(creates.stop()).toBeGreaterThan(0);
    expect((await second.docker.listContainers({ all: true })).length).toBe(0);
    const merged = await runCli(['merge', first.runDir!, remote.runDir!]);
    const mergedDir = merged.stderr.match(/merged 2 runs into (\S+)/)?.[1];
    expect(mergedDir, merged.stderr).toBeDefined();
    expect(await matrixOf(mergedDir!)).toEqual(await matrixOf(whole.runDir!));
    expect(merged.exitCode).toBe(whole.exitCode);
  });
});
