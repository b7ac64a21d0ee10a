import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { suites } from '../harness/images/suites.ts';
import { checkExpectation, deviationFor, flowExpectation } from '../harness/results/expectations.ts';
import { validateScenario } from '../harness/scenario/load.ts';
import type { CheckSpec, Scenario } from '../harness/scenario/schema.ts';
import { machineLayout } from '../harness/format/subnet-sources.ts';
import { flowName } from '../harness/steps/flow.ts';
import { flowRuns, type FlowRun } from '../harness/steps/flow-runs.ts';
import { stepKindOf } from '../harness/steps/registry.ts';
import { runCli, scenariosUnderTest } from './support.ts';

// The world, not the oracle: every firewall step of every scenario is taken out in turn, and the
// scenario without it must observe something else than the scenario as written does on bookworm
// (which the seed test shows it meets). A step that changes nothing says why, in `notDecisive`.
// Firewall steps are the kinds whose evidence is the host's firewall state before and after.
const bookworm = { suite: 'bookworm', dockerVersions: [`${suites.bookworm!.docker}.0`] };

// What the scenario as written observes on bookworm: the documented verdict, or its known deviation there.
function predicted(item: { kind: 'flow'; spec: Pick<FlowRun, 'expect' | 'deviations'> } | { kind: 'check'; spec: CheckSpec }): string {
  const deviation = deviationFor(item.spec.deviations, bookworm);
  if (item.kind === 'flow') return deviation?.observed ?? flowExpectation(item.spec.expect, bookworm);
  return deviation ? 'fail' : checkExpectation(item.spec.failsOn, bookworm);
}

function namesAndPredictions(scenario: Scenario): Map<string, string> {
  const flows = [...scenario.steps.flatMap((step) => (step.kind === 'flows' ? step.flows : [])), ...scenario.flows];
  const checks = [...scenario.steps.flatMap((step) => (step.kind === 'check' ? [step.check] : [])), ...scenario.checks];
  return new Map([
    ...flows.flatMap((flow) =>
      flowRuns(flow, machineLayout(scenario).subnetSources).map((run): [string, string] => [flowName(flow, flowExpectation(run.expect, bookworm), run), predicted({ kind: 'flow', spec: run })]),
    ),
    ...checks.map((check): [string, string] => [check.name, predicted({ kind: 'check', spec: check })]),
  ]);
}

describe('every firewall step is decisive', () => {
  it('taking any one out of its scenario changes what some flow or check observes on bookworm', async () => {
    const loaded = await scenariosUnderTest();
    const dir = await mkdtemp(join(tmpdir(), 'harness-without-step-'));
    const variants = new Map<string, { scenario: Scenario; step: string }>();
    for (const { scenario, file } of loaded) {
      for (const [index, step] of scenario.steps.entries()) {
        if (stepKindOf(step).evidence !== 'firewall') continue;
        if (step.notDecisive !== undefined) {
          expect(step.notDecisive.length, `${file} steps[${index}].notDecisive`).toBeGreaterThan(10);
          continue;
        }
        const name = `without-${index}-${scenario.name}`;
        const variant: Scenario = { ...scenario, name, steps: scenario.steps.filter((_, at) => at !== index) };
        // A scenario that is not even valid without the step (a service on the network it made)
        // depends on it by construction.
        if ('problems' in validateScenario(JSON.parse(JSON.stringify(variant)), `${name}.scenario.ts`)) continue;
        variants.set(name, { scenario, step: `${file} steps[${index}] (${step.kind}${step.title ? ` "${step.title}"` : ''})` });
        await writeFile(join(dir, `${name}.scenario.ts`), `export default ${JSON.stringify(variant, null, 2)};\n`);
      }
    }
    expect(variants.size).toBeGreaterThan(20);
    const result = await runCli(['run', dir, '--suite', 'bookworm', '--jobs', '4']);
    expect(result.runDir, result.stderr).toBeDefined();
    const run = JSON.parse(await readFile(join(result.runDir!, 'run.json'), 'utf8')) as {
      scenarios: Array<{ scenario: string; error?: string; skipped?: { kind: string }; checks: Array<{ name: string; observed: string }> }>;
    };
    expect(run.scenarios).toHaveLength(variants.size);
    const undecisive: string[] = [];
    for (const record of run.scenarios) {
      const { scenario, step } = variants.get(record.scenario)!;
      // A world that cannot even be built without the step (a service on a network it made) changed too.
      if (record.error) continue;
      // A scenario that does not apply on bookworm (a newer Docker, a kernel feature) observes nothing
      // there, with or without the step: bookworm cannot judge its steps.
      if (record.skipped) continue;
      const expected = namesAndPredictions(scenario);
      const changed = record.checks.some((check) => expected.get(check.name) !== check.observed);
      if (!changed) undecisive.push(`${step}: nothing observed changes without it (add notDecisive with the reason if that is right)`);
    }
    expect(undecisive).toEqual([]);
  });
});
