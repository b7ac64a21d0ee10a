import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelledContainers, runCli, type CliResult } from './support.ts';

// Worlds share nothing: twin worlds (same subnets, addresses and machine names; one with a service,
// one without) at once in one run, on bridges of their own in the run's switch, and a third twin at
// the same moment in another run with a switch of its own, each only ever reach their own host; a
// `clean` run while both runs are live removes nothing of theirs.
describe('parallel isolation', () => {
  it('twin worlds in one run and in two runs never see each other, and `clean` meanwhile leaves both alone', async () => {
    const fixtures = { shared: ['answers', 'refuses'], other: ['refuses'] } as const;
    type Run = keyof typeof fixtures;
    const started: Record<Run, Set<string>> = { shared: new Set(), other: new Set() };
    let endedEarly = false;
    const run = (which: Run): Promise<CliResult> =>
      runCli(['run', ...fixtures[which].map((fixture) => `test/fixtures/isolation/${fixture}.scenario.ts`), '--suite', 'bookworm', '--jobs', '2'], {
        onStderr: (text) => {
          for (const match of text.matchAll(/… fixture-isolation-(\w+) \[bookworm\] started/g)) started[which].add(match[1]!);
          endedEarly ||= text.includes('▶ fixture-isolation-');
        },
      });
    const shared = run('shared');
    const other = run('other');
    while (started.shared.size < 2 || started.other.size < 1) await new Promise((done) => setTimeout(done, 200));
    // All three are bringing up or holding their worlds now (each fixture waits 15 s before its flows).
    const clean = await runCli(['clean']);
    expect(clean.exitCode, clean.stderr).toBe(0);
    expect(endedEarly, 'clean must run while every world is live').toBe(false);
    const observed: Record<string, Record<string, string[]>> = {};
    for (const [which, result] of [['shared', await shared], ['other', await other]] as const) {
      expect(result.exitCode, result.stderr).toBe(0);
      const record = JSON.parse(await readFile(join(result.runDir!, 'run.json'), 'utf8'));
      observed[which] = {};
      for (const scenario of record.scenarios as Array<{ scenario: string; checks: Array<{ observed: string }> }>) observed[which][scenario.scenario] = scenario.checks.map((check) => check.observed);
    }
    expect(observed).toEqual({
      shared: { 'fixture-isolation-answers': ['connected', 'connected', 'connected', 'connected'], 'fixture-isolation-refuses': ['refused', 'refused', 'refused'] },
      other: { 'fixture-isolation-refuses': ['refused', 'refused', 'refused'] },
    });
    expect(await labelledContainers()).toEqual([]);
  });
});
