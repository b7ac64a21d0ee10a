import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support.ts';

type Matrix = { claims: Array<{ id: string; cells: Array<{ suite: string; state: string }> }> };

async function matrixOf(runDir: string): Promise<string[]> {
  const matrix = JSON.parse(await readFile(join(runDir, 'claims.json'), 'utf8')) as Matrix;
  return matrix.claims.flatMap((claim) => claim.cells.map((cell) => `${claim.id} ${cell.suite} ${cell.state}`));
}

// Two shards run one after the other and merged give the same claims matrix as one unsharded run.
describe('shards', () => {
  it('merge into the matrix of an unsharded run', async () => {
    const selection = ['run', '--tag', 'docker-user', '--suite', 'bookworm', '--jobs', '4'];
    const whole = await runCli(selection);
    const first = await runCli([...selection, '--shard', '1/2']);
    const second = await runCli([...selection, '--shard', '2/2']);
    expect(first.stderr).toMatch(/shard 1\/2: \d+ of \d+ scenario runs/);
    const merged = await runCli(['merge', first.runDir!, second.runDir!]);
    const mergedDir = merged.stderr.match(/merged 2 runs into (\S+)/)?.[1];
    expect(mergedDir, merged.stderr).toBeDefined();
    expect(await matrixOf(mergedDir!)).toEqual(await matrixOf(whole.runDir!));
    expect(merged.exitCode).toBe(whole.exitCode);
  });
});
