import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelledContainers, projectRoot, runCli } from './support.ts';

// A scenario declaring `requires: { docker: '28.0' }` is not applicable on bookworm (20.10): no
// world is brought up there, the records say why, and the run stays green; on forky (28.5) it runs.
describe('requires.docker', () => {
  it('skips the scenario on an older Docker before any world starts, and runs it on a newer one', async () => {
    const result = await runCli(['run', join(projectRoot, 'test/fixtures/requires-docker-28.scenario.ts'), '--suite', 'bookworm,forky', '--jobs', '2']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toContain('– fixture-requires-docker-28 [bookworm]: not applicable: needs Docker 28.0 (the scenario requires it); bookworm runs 20.10.24');
    expect(result.stderr).not.toContain('▶ fixture-requires-docker-28 [bookworm]');
    expect(result.stderr).toContain('▶ fixture-requires-docker-28 [forky]');

    const runDir = result.runDir!;
    const run = JSON.parse(await readFile(join(runDir, 'run.json'), 'utf8')) as { scenarios: Array<{ suite: string; skipped?: object; checks: Array<{ outcome: string }> }> };
    const bySuite = Object.fromEntries(run.scenarios.map((s) => [s.suite, s]));
    expect(bySuite.bookworm).toMatchObject({ checks: [], dockerVersion: '20.10.24', skipped: { kind: 'not-applicable', needsDocker: '28.0' } });
    expect(bySuite.forky?.skipped).toBeUndefined();
    expect(bySuite.forky?.checks.map((check) => check.outcome)).toEqual(['pass', 'pass']);

    expect(await readFile(join(runDir, 'results.tap'), 'utf8')).toContain('ok 1 - fixture-requires-docker-28 [bookworm] # SKIP not applicable: needs Docker 28.0');
    expect(await readFile(join(runDir, 'junit.xml'), 'utf8')).toMatch(/<testcase name="fixture-requires-docker-28 \[bookworm\]" id="1"><skipped\/><\/testcase>/);
    expect(await readFile(join(runDir, 'summary.txt'), 'utf8')).toContain('2 passed, 0 failed, 1 scenario runs not applicable');
    expect(await labelledContainers()).toEqual([]);
  });
});
