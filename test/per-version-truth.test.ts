import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarios } from '../harness/scenario/load.ts';
import type { FlowSpec, Scenario } from '../harness/scenario/schema.ts';
import { projectRoot, runCli } from './support.ts';

// Truth stated per version is checked per version: the direct-routing scenario with the Docker 28
// expectation of one flow flipped goes red on forky (28.5) and stays green on bookworm (20.10); a
// deviation listed for 28.5 that does not occur there fails the run with what to update.
describe('truth per version', () => {
  it('a flipped per-version expectation is red on exactly that version, and a deviation that did not occur says what to update', async () => {
    const [loaded] = await loadScenarios([join(projectRoot, 'scenarios/direct-routing/open-ports.scenario.ts')], projectRoot);
    const scenario = loaded!.scenario;
    const [published, unpublished] = scenario.flows as [FlowSpec, FlowSpec];
    const variant: Scenario = {
      ...scenario,
      name: 'per-version-truth-flipped',
      flows: [
        { ...published, expect: { default: 'connected', '28': 'connected' } },
        { ...unpublished, deviations: [{ on: ['28.5'], observed: 'connected', reason: 'a deviation that does not occur: 28.5 drops this flow as documented' }] },
      ],
    };
    const dir = await mkdtemp(join(tmpdir(), 'harness-per-version-'));
    await writeFile(join(dir, 'flipped.scenario.ts'), `export default ${JSON.stringify(variant, null, 2)};\n`);
    const result = await runCli(['run', dir, '--suite', 'bookworm,forky', '--jobs', '2']);
    expect(result.exitCode, result.stderr).toBe(1);
    const run = JSON.parse(await readFile(join(result.runDir!, 'run.json'), 'utf8')) as { scenarios: Array<{ suite: string; error?: string; checks: Array<{ name: string; outcome: string }> }> };
    const outcomes = Object.fromEntries(run.scenarios.map((record) => [record.suite, record.error ?? record.checks.map((check) => `${check.name}: ${check.outcome}`)]));
    expect(outcomes.bookworm).toEqual([expect.stringMatching(/: pass$/), expect.stringMatching(/: pass$/), expect.stringMatching(/: pass$/), expect.stringMatching(/: pass$/)]);
    expect(outcomes.forky).toEqual([
      expect.stringMatching(/FORWARD ACCEPT: published .*: pass$/),
      expect.stringMatching(/FORWARD ACCEPT: unpublished .*: pass$/),
      expect.stringMatching(/FORWARD DROP: published .*: fail$/),
      expect.stringMatching(/FORWARD DROP: unpublished .*: deviation-gone$/),
    ]);
    const summary = await readFile(join(result.runDir!, 'summary.txt'), 'utf8');
    expect(summary).toMatch(/Remove this deviation/);
  });
});
