import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { suites } from '../harness/images/suites.ts';
import { deviationFor, flowExpectation } from '../harness/results/expectations.ts';
import type { CheckSpec, FlowSpec, Scenario, Verdict } from '../harness/scenario/schema.ts';
import { flowName } from '../harness/steps/flow.ts';
import { runCli, scenariosUnderTest } from './support.ts';

// Each expectation of each scenario must be able to fail. Every flow's expected verdict is flipped
// (and its known deviations dropped), every command check is inverted (or, where a deviation is known
// on this version, stripped of it); each flipped scenario then runs for real and every one of its
// checks must come out red.
const flips: Record<Verdict, readonly Verdict[]> = {
  connected: ['dropped', 'refused'],
  dropped: ['connected', 'refused'],
  refused: ['connected', 'dropped'],
  error: ['connected', 'dropped'],
};

const bookworm = { suite: 'bookworm', dockerVersions: [`${suites.bookworm!.docker}.0`] };

// The verdict a flow (or one family of it) is flipped to: another than expected and than any deviation.
function flipped(expect: FlowSpec['expect'], deviations: FlowSpec['deviations']): Verdict {
  const seen = new Set<string>(deviations.map((deviation) => deviation.observed));
  const expected = flowExpectation(expect, bookworm);
  return flips[expected].find((verdict) => !seen.has(verdict)) ?? flips[expected][0]!;
}

function flipFlow(flow: FlowSpec): FlowSpec {
  const expected = flowExpectation(flow.expect, bookworm);
  // A flow that errs as written (its truth is "no verdict can be given") still errs when flipped: red
  // as an error, not a fail.
  const label = expected === 'error' ? 'flipped (was error)' : 'flipped';
  // Each family's own override is flipped on its own.
  const perFamily = flow.perFamily && {
    ...(flow.perFamily.ipv4 ? { ipv4: { expect: flipped(flow.perFamily.ipv4.expect ?? flow.expect, flow.perFamily.ipv4.deviations ?? flow.deviations), deviations: [] } } : {}),
    ...(flow.perFamily.ipv6 ? { ipv6: { expect: flipped(flow.perFamily.ipv6.expect ?? flow.expect, flow.perFamily.ipv6.deviations ?? flow.deviations), deviations: [] } } : {}),
  };
  return { ...flow, name: `${label}: ${flowName(flow, expected)}`, expect: flipped(flow.expect, flow.deviations), deviations: [], ...(perFamily ? { perFamily } : {}) };
}

// A check with a known deviation on this version already fails as written; without the deviation it
// must come out red, so it is kept as it is. Any other check is inverted.
function flipCheck(check: CheckSpec): CheckSpec {
  if (deviationFor(check.deviations, bookworm)) return { ...check, name: `undeviated: ${check.name}`, deviations: [] };
  const { exitCode, matches, notMatches } = check.expect;
  return {
    ...check,
    name: `flipped: ${check.name}`,
    expect: { matches: notMatches, notMatches: matches, ...(exitCode === undefined ? {} : { exitCode: exitCode === 0 ? 1 : 0 }) },
    deviations: [],
  };
}

// A flow's peer: the flow flipped above expects no connection, so no peer is checked there. A copy
// of the flow as written checks a peer it cannot have been seen from (documentation addresses, to
// which nothing is ever sent): its own verdict stays, its peer check must come out red.
const peerFlipPrefix = 'peer flipped: ';

function flipPeer(flow: FlowSpec): FlowSpec[] {
  if (flow.peer === undefined) return [];
  const peer = flow.peer.includes(':') ? '2001:db8::1' : '192.0.2.1';
  return [{ ...flow, name: `${peerFlipPrefix}${flowName(flow, flowExpectation(flow.expect, bookworm))}`, peer, deviations: [] }];
}

const flipFlows = (flows: readonly FlowSpec[]) => [...flows.map(flipFlow), ...flows.flatMap(flipPeer)];

export function flipScenario(scenario: Scenario): Scenario {
  return {
    ...scenario,
    name: `flipped-${scenario.name}`.slice(0, 60),
    steps: scenario.steps.map((step) => {
      if (step.kind === 'flows') return { ...step, flows: flipFlows(step.flows) };
      if (step.kind === 'check') return { ...step, check: flipCheck(step.check) };
      return step;
    }),
    flows: flipFlows(scenario.flows),
    checks: scenario.checks.map(flipCheck),
  };
}

describe('every scenario can fail', () => {
  it('turns red on bookworm once its expectations are flipped', async () => {
    const loaded = await scenariosUnderTest();
    const dir = await mkdtemp(join(tmpdir(), 'harness-flipped-'));
    for (const { scenario } of loaded) {
      await writeFile(join(dir, `${scenario.name}.scenario.ts`), `export default ${JSON.stringify(flipScenario(scenario), null, 2)};\n`);
    }
    const result = await runCli(['run', dir, '--suite', 'bookworm', '--jobs', '4']);
    expect(result.exitCode, result.stderr).toBe(1);
    const run = JSON.parse(await readFile(join(result.runDir!, 'run.json'), 'utf8')) as {
      scenarios: Array<{ scenario: string; error?: string; skipped?: { kind: string; missing?: string[] }; checks: Array<{ name: string; outcome: string }> }>;
    };
    expect(run.scenarios).toHaveLength(loaded.length);
    for (const scenario of run.scenarios) {
      expect(scenario.error, scenario.scenario).toBeUndefined();
      if (scenario.skipped) {
        // Only a missing kernel feature may keep a scenario from running here (no IPVS for swarm in a
        // DinD host): it is not run, so it cannot turn red; the VM backend runs it.
        expect(scenario.skipped, scenario.scenario).toMatchObject({ kind: 'kernel', missing: ['ipvs'] });
        continue;
      }
      expect(scenario.checks.length, scenario.scenario).toBeGreaterThan(0);
      const red = (check: { name: string; outcome: string }) =>
        check.outcome === 'fail' || (check.outcome === 'error' && check.name.startsWith('flipped (was error): ')) || (check.name.startsWith(peerFlipPrefix) && !check.name.includes(': seen from '));
      const notRed = scenario.checks.filter((check) => !red(check)).map((check) => `${check.name}: ${check.outcome}`);
      expect(notRed, scenario.scenario).toEqual([]);
    }
  });
});
