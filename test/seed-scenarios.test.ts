import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { labelledContainers, machineFirewall, runCli } from './support.ts';

// The main job, end to end: every seed scenario on a real DinD host, results written, nothing left.
describe('the seed scenarios on bookworm', () => {
  it('meet every documented expectation or a known deviation, write TAP, JUnit, the claims matrix and evidence, and leave nothing behind', async () => {
    const firewallBefore = await machineFirewall();
    const result = await runCli(['run', '--suite', 'bookworm', '--jobs', '4']);
    expect(result.stderr).toContain('▶ docker-user-allow-one-source [bookworm]');
    const runDir = result.runDir!;
    const run = JSON.parse(await readFile(join(runDir, 'run.json'), 'utf8'));
    // A Docker-in-Docker host has the machine's kernel: without IPVS the swarm scenario (C18) can only
    // be an error naming it, which makes the exit code 1. Nothing else may fail or err.
    const errors = run.scenarios.filter((s: { error?: string }) => s.error).map((s: { error: string }) => s.error);
    for (const error of errors) expect(error).toMatch(/the kernel has no IPVS/);
    expect(result.exitCode, result.stderr).toBe(errors.length > 0 ? 1 : 0);

    const junit = new XMLParser({ ignoreAttributes: false }).parse(await readFile(join(runDir, 'junit.xml'), 'utf8'));
    const suites = [junit.testsuites.testsuite].flat();
    const cases = suites.flatMap((suite: { testcase: unknown }) => [suite.testcase].flat()) as Array<{ '@_name': string; failure?: unknown }>;
    const checkCount = run.scenarios.reduce((total: number, s: { checks: unknown[] }) => total + s.checks.length, 0);
    expect(run.scenarios.length).toBeGreaterThanOrEqual(20);
    expect(cases).toHaveLength(checkCount + errors.length);
    expect(cases.filter((testCase) => testCase.failure).map((testCase) => testCase['@_name'])).toEqual(errors.length > 0 ? [expect.stringContaining('swarm')] : []);

    const matrix = JSON.parse(await readFile(join(runDir, 'claims.json'), 'utf8'));
    const cells = matrix.claims.flatMap((claim: { id: string; cells: Array<{ state: string }> }) => claim.cells.map((cell) => `${claim.id} ${cell.state}`));
    expect(cells).toHaveLength(23);
    expect(cells.filter((cell: string) => / (failed|not-run)$/.test(cell))).toEqual([]);
    expect(await readFile(join(runDir, 'claims.html'), 'utf8')).toContain('<table');

    // A known deviation that did not occur is a change in behaviour the scenario must be told about.
    const outcomes = run.scenarios.flatMap((s: { scenario: string; checks: Array<{ name: string; outcome: string }> }) => s.checks.map((c) => `${s.scenario}: ${c.name}: ${c.outcome}`));
    expect(outcomes.filter((line: string) => line.endsWith(': deviation-gone'))).toEqual([]);

    const tap = await readFile(join(runDir, 'results.tap'), 'utf8');
    expect(tap).toMatch(/^TAP version 14\n1\.\.\d+\n/);
    expect(tap.match(/^not ok/gm) ?? []).toHaveLength(errors.length);

    const dropped = run.scenarios.flatMap((s: { checks: Array<{ observed: string; evidenceFile: string; detail: string }> }) => s.checks).filter((c: { observed: string }) => c.observed === 'dropped');
    expect(dropped.length).toBeGreaterThan(0);
    for (const check of dropped) {
      expect(existsSync(join(runDir, check.evidenceFile))).toBe(true);
      // A drop is decided on evidence: the traced DROP (on the destination host, or on a container's
      // own host on its way out), never on silence alone.
      expect(check.detail).toMatch(/decided by .*drop/);
    }

    expect(await labelledContainers()).toEqual([]);
    expect(await machineFirewall()).toBe(firewallBefore);
  });
});
