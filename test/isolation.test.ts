import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelledContainers, runCli } from './support.ts';

// Scenarios share nothing: two worlds with the same subnets, addresses and machine names run at once,
// one with a service and one without, and each only ever reaches its own host.
describe('parallel isolation', () => {
  it('twin worlds with the same addresses, run at once, never see each other', async () => {
    const result = await runCli(['run', 'test/fixtures/isolation', '--suite', 'bookworm', '--jobs', '2']);
    expect(result.exitCode, result.stderr).toBe(0);
    const run = JSON.parse(await readFile(join(result.runDir!, 'run.json'), 'utf8'));
    const observed = Object.fromEntries(
      run.scenarios.map((scenario: { scenario: string; checks: Array<{ observed: string }> }) => [scenario.scenario, scenario.checks.map((check) => check.observed)]),
    );
    expect(observed).toEqual({
      'fixture-isolation-answers': ['connected', 'connected', 'connected', 'connected'],
      'fixture-isolation-refuses': ['refused', 'refused', 'refused'],
    });
    // Both ran at the same time (the second started before the first ended).
    const [bothStarted, firstEnded] = ['… fixture-isolation-refuses [bookworm] started', '▶ fixture-isolation-answers'].map((line) => result.stderr.indexOf(line));
    expect(bothStarted).toBeGreaterThan(-1);
    expect(bothStarted).toBeLessThan(firstEnded!);
    expect(await labelledContainers()).toEqual([]);
  });
});
