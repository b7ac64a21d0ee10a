import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../results/exit-code.ts';
import { parseRunRecord } from '../results/run-schema.ts';
import { writeJunit } from './junit.ts';
import { skippedFixtureRun } from './skipped-fixture.ts';
import { summarize } from './summary.ts';
import { toTap } from './tap.ts';

// Scenarios that did not run here by what they declare, in every report a run writes.
describe('scenarios not applicable or not run', () => {
  it('do not change the exit code', () => {
    expect(exitCodeFor(skippedFixtureRun())).toBe(0);
  });

  it('are one SKIP test point each in TAP, with the reason and what it needs', () => {
    const tap = toTap(skippedFixtureRun()).split('\n');
    expect(tap[1]).toBe('1..3');
    expect(tap[2]).toBe('ok 1 - direct-routing-allowed [bookworm] # SKIP not applicable: needs Docker 28.2 (claim C39 is documented since 28.2); bookworm runs 20.10.24');
    expect(tap.slice(3, 5)).toEqual(['  ---', '  outcome: "not-applicable"']);
    expect(tap).toContain('  needs_docker: "28.2"');
    const kernel = tap.find((line) => line.startsWith('ok 2 '));
    expect(kernel).toBe(
      'ok 2 - swarm-ignores-default-bind-address [bookworm] # SKIP not run: the kernel has no IPVS (ip_vs). Run it on a VM: npm run harness -- run scenarios/swarm/s.scenario.ts --backend vagrant --suite bookworm',
    );
    expect(tap).toContain('  run_with: "npm run harness -- run scenarios/swarm/s.scenario.ts --backend vagrant --suite bookworm"');
  });

  it('are skipped test cases in JUnit, never failures', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'skipped-junit-'));
    try {
      const xml = await readFile(await writeJunit(toTap(skippedFixtureRun()), dir), 'utf8');
      expect(xml.split('<skipped').length - 1).toBe(2);
      expect(xml).not.toContain('<failure');
      expect(xml).toMatch(/<testcase name="direct-routing-allowed \[bookworm\]"[^>]*>\s*<skipped/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('have a line each in the summary and their own counts', () => {
    const lines = summarize(skippedFixtureRun()).trimEnd().split('\n');
    expect(lines).toEqual([
      'bookworm (Docker 20.10.24): 0 met, 0 known deviations, 0 failed, 0 errors, 1 not applicable, 1 not run',
      '  ⊘ direct-routing-allowed: 0 met, 0 known deviations, 0 failed, 0 errors, 1 not applicable',
      '  — swarm-ignores-default-bind-address: 0 met, 0 known deviations, 0 failed, 0 errors, 1 not run',
      'forky (Docker 28.5.2): 1 met, 0 known deviations, 0 failed, 0 errors',
      '  ✔ direct-routing-allowed: 1 met, 0 known deviations, 0 failed, 0 errors',
      '',
      '– direct-routing-allowed [bookworm]: not applicable: needs Docker 28.2 (claim C39 is documented since 28.2); bookworm runs 20.10.24',
      '– swarm-ignores-default-bind-address [bookworm]: not run: the kernel has no IPVS (ip_vs). Run it on a VM: npm run harness -- run scenarios/swarm/s.scenario.ts --backend vagrant --suite bookworm',
      '',
      '1 passed, 0 failed, 1 scenario runs not applicable, 1 scenario runs not run (kernel)',
    ]);
  });

  it('keep the warnings of a world brought up and torn down unused', () => {
    const run = skippedFixtureRun();
    const scenarios = run.scenarios.map((scenario, index) => (index === 0 ? { ...scenario, warnings: ['teardown failed: container x'] } : scenario));
    const text = summarize({ ...run, scenarios });
    expect(text).toContain('bookworm runs 20.10.24\n    ⚠ warning: teardown failed: container x\n');
    expect(text.trimEnd().split('\n').at(-1)).toBe('1 passed, 0 failed, 1 scenario runs not applicable, 1 scenario runs not run (kernel), 1 warnings');
  });

  it('round-trip through run.json, and a skip beside an error is refused', () => {
    const run = JSON.parse(JSON.stringify(skippedFixtureRun()));
    expect(parseRunRecord(run, 'run.json')).toEqual(skippedFixtureRun());
    run.scenarios[0].error = 'boom';
    run.scenarios[0].errorCode = 'step-failed';
    expect(() => parseRunRecord(run, 'run.json')).toThrow('run.json: scenarios[0].skipped a scenario that was skipped has no error');
    run.scenarios[0] = { ...skippedFixtureRun().scenarios[0], skipped: { kind: 'maybe', reason: 'x' } };
    expect(() => parseRunRecord(run, 'run.json')).toThrow(/scenarios\[0\]\.skipped\.kind must be one of "not-applicable", "kernel"/);
  });
});
