import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { labelledContainers, machineFirewall, runCli, scenariosUnderTest } from './support.ts';

// The main job, end to end: the seed scenarios (scenariosUnderTest) on a real DinD host, results
// written, nothing left.
describe('the seed scenarios on bookworm', () => {
  it('meet every documented expectation or a known deviation, write TAP, JUnit, the claims matrix and evidence, and leave nothing behind', async () => {
    const firewallBefore = await machineFirewall();
    const files = (await scenariosUnderTest()).map((loaded) => loaded.file);
    const result = await runCli(['run', ...files, '--suite', 'bookworm', '--jobs', '4']);
    expect(result.stderr).toContain('▶ docker-user-allow-one-source [bookworm]');
    const runDir = result.runDir!;
    const run = JSON.parse(await readFile(join(runDir, 'run.json'), 'utf8'));
    // A Docker-in-Docker host has the machine's kernel: without IPVS the swarm scenario (C18) is not
    // run, and its record names IPVS and the VM command; that is no failure. Nothing may fail or err.
    expect(run.scenarios.filter((s: { error?: string }) => s.error).map((s: { scenario: string; error: string }) => `${s.scenario}: ${s.error}`)).toEqual([]);
    const skipped = run.scenarios.filter((s: { skipped?: unknown }) => s.skipped) as Array<{ scenario: string; claims: string[]; skipped: { kind: string; missing: string[]; runWith: string } }>;
    for (const s of skipped) {
      expect(s.scenario).toBe('swarm-ignores-default-bind-address');
      expect(s.skipped).toMatchObject({ kind: 'kernel', missing: ['ipvs'], runWith: 'npm run harness -- run scenarios/swarm/swarm-ignores-default-bind-address.scenario.ts --backend vagrant --suite bookworm' });
    }
    expect(result.exitCode, result.stderr).toBe(0);

    const junit = new XMLParser({ ignoreAttributes: false }).parse(await readFile(join(runDir, 'junit.xml'), 'utf8'));
    const suites = [junit.testsuites.testsuite].flat();
    const cases = suites.flatMap((suite: { testcase: unknown }) => [suite.testcase].flat()) as Array<{ '@_name': string; failure?: unknown }>;
    const checkCount = run.scenarios.reduce((total: number, s: { checks: unknown[] }) => total + s.checks.length, 0);
    expect(run.scenarios.length).toBeGreaterThanOrEqual(20);
    expect(cases).toHaveLength(checkCount + skipped.length);
    expect(cases.filter((testCase) => testCase.failure).map((testCase) => testCase['@_name'])).toEqual([]);
    expect(cases.filter((testCase) => (testCase as { skipped?: unknown }).skipped !== undefined)).toHaveLength(skipped.length);

    // Every catalogued claim has a cell; those with a scenario here held, deviated as listed, or (C18
    // without IPVS) were not run, saying why and how to run them.
    const matrix = JSON.parse(await readFile(join(runDir, 'claims.json'), 'utf8'));
    const covered = new Set(run.scenarios.flatMap((s: { claims: string[] }) => s.claims));
    const cells = matrix.claims.flatMap((claim: { id: string; cells: Array<{ state: string }> }) => claim.cells.map((cell) => `${claim.id} ${cell.state}`));
    expect(cells).toHaveLength(matrix.claims.length);
    expect(matrix.claims.length).toBeGreaterThanOrEqual(53);
    const notHeld = cells.filter((cell: string) => covered.has(cell.split(' ')[0]) && !/ (held|known-deviation)$/.test(cell));
    expect(notHeld).toEqual(skipped.length > 0 ? ['C18 not-run'] : []);
    if (skipped.length > 0) expect(matrix.claims.find((claim: { id: string }) => claim.id === 'C18').cells[0].runWith).toEqual([skipped[0]!.skipped.runWith]);
    expect(await readFile(join(runDir, 'claims.html'), 'utf8')).toContain('<table');

    // A known deviation that did not occur is a change in behaviour the scenario must be told about.
    const outcomes = run.scenarios.flatMap((s: { scenario: string; checks: Array<{ name: string; outcome: string }> }) => s.checks.map((c) => `${s.scenario}: ${c.name}: ${c.outcome}`));
    expect(outcomes.filter((line: string) => line.endsWith(': deviation-gone'))).toEqual([]);

    const tap = await readFile(join(runDir, 'results.tap'), 'utf8');
    expect(tap).toMatch(/^TAP version 14\n1\.\.\d+\n/);
    expect(tap.match(/^not ok/gm) ?? []).toHaveLength(0);
    expect(tap.match(/# SKIP /g) ?? []).toHaveLength(skipped.length);

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
