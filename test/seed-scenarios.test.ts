import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { labelledContainers, machineFirewall, runCli } from './support.ts';

// The main job, end to end: every seed scenario on a real DinD host, results written, nothing left.
describe('the seed scenarios on bookworm', () => {
  it('meet every documented expectation, write TAP, JUnit and evidence, and leave nothing behind', async () => {
    const firewallBefore = await machineFirewall();
    const result = await runCli(['run', '--suite', 'bookworm']);
    expect(result.stderr).toContain('▶ docker-user-allow-one-source [bookworm]');
    expect(result.exitCode, result.stderr).toBe(0);
    const runDir = result.runDir!;

    const junit = new XMLParser({ ignoreAttributes: false }).parse(await readFile(join(runDir, 'junit.xml'), 'utf8'));
    const suites = [junit.testsuites.testsuite].flat();
    const cases = suites.flatMap((suite: { testcase: unknown }) => [suite.testcase].flat()) as Array<{ '@_name': string; failure?: unknown }>;
    const run = JSON.parse(await readFile(join(runDir, 'run.json'), 'utf8'));
    const checkCount = run.scenarios.reduce((total: number, s: { checks: unknown[] }) => total + s.checks.length, 0);
    expect(run.scenarios).toHaveLength(4);
    expect(cases).toHaveLength(checkCount);
    expect(cases.filter((testCase) => testCase.failure)).toEqual([]);

    const tap = await readFile(join(runDir, 'results.tap'), 'utf8');
    expect(tap).toMatch(/^TAP version 14\n1\.\.\d+\n/);
    expect(tap).not.toMatch(/^not ok/m);

    const dropped = run.scenarios.flatMap((s: { checks: Array<{ observed: string; evidenceFile: string; detail: string }> }) => s.checks).filter((c: { observed: string }) => c.observed === 'dropped');
    expect(dropped.length).toBeGreaterThan(0);
    for (const check of dropped) {
      expect(existsSync(join(runDir, check.evidenceFile))).toBe(true);
      expect(check.detail).toMatch(/packets? arrived at the host; matched .*DROP/);
    }

    expect(await labelledContainers()).toEqual([]);
    expect(await machineFirewall()).toBe(firewallBefore);
  });
});
