import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelledContainers, runCli, type CliResult } from './support.ts';

// Runs share nothing: two harness runs on one engine, with twin worlds (same subnets, addresses and
// machine names; one with a service, one without), each only ever reach their own host, and a
// `clean` run while both are live removes nothing of theirs.
describe('parallel isolation', () => {
  it('two live runs with twin worlds never see each other, and `clean` meanwhile leaves both alone', async () => {
    const started = { answers: false, refuses: false };
    const ended = { answers: false, refuses: false };
    const run = (fixture: keyof typeof started): Promise<CliResult> =>
      runCli(['run', `test/fixtures/isolation/${fixture}.scenario.ts`, '--suite', 'bookworm'], {
        onStderr: (text) => {
          started[fixture] ||= text.includes('started');
          ended[fixture] ||= text.includes('▶ fixture-isolation-');
        },
      });
    const answers = run('answers');
    const refuses = run('refuses');
    while (!(started.answers && started.refuses)) await new Promise((done) => setTimeout(done, 200));
    // Both are bringing up or holding their worlds now (each fixture waits 15 s before its flows).
    const clean = await runCli(['clean']);
    expect(clean.exitCode, clean.stderr).toBe(0);
    expect(ended, 'clean must run while both runs are live').toEqual({ answers: false, refuses: false });
    const results = await Promise.all([answers, refuses]);
    const observed: Record<string, string[]> = {};
    for (const result of results) {
      expect(result.exitCode, result.stderr).toBe(0);
      const record = JSON.parse(await readFile(join(result.runDir!, 'run.json'), 'utf8'));
      for (const scenario of record.scenarios as Array<{ scenario: string; checks: Array<{ observed: string }> }>) observed[scenario.scenario] = scenario.checks.map((check) => check.observed);
    }
    expect(observed).toEqual({
      'fixture-isolation-answers': ['connected', 'connected', 'connected', 'connected'],
      'fixture-isolation-refuses': ['refused', 'refused', 'refused'],
    });
    expect(await labelledContainers()).toEqual([]);
  });
});
