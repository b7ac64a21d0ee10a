import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { containersCreatedSince, labelledContainers, runCli } from './support.ts';

type TestCase = { '@_name': string; failure?: { '@_message': string } };

async function junitCases(runDir: string): Promise<TestCase[]> {
  const junit = new XMLParser({ ignoreAttributes: false }).parse(await readFile(join(runDir, 'junit.xml'), 'utf8'));
  return [junit.testsuites.testsuite].flat().flatMap((suite: { testcase: unknown }) => [suite.testcase].flat()) as TestCase[];
}

describe('verdicts can fail', () => {
  it('without its DOCKER-USER rule, the C07 scenario fails on the flow that should be dropped', async () => {
    const result = await runCli(['run', 'test/fixtures/allow-one-source-without-rule.scenario.ts', '--suite', 'bookworm']);
    expect(result.exitCode, result.stderr).toBe(1);
    const failing = (await junitCases(result.runDir!)).filter((testCase) => testCase.failure);
    expect(failing.map((testCase) => testCase['@_name'])).toEqual([expect.stringContaining('other -> docker1:8080/tcp dropped')]);
    expect(failing[0]!.failure!['@_message']).toMatch(/observed: connected/);
  });

  it('a flipped expectation fails, and the evidence names the DROP rule that decided it', async () => {
    const result = await runCli(['run', 'test/fixtures/flipped-expectation.scenario.ts', '--suite', 'bookworm']);
    expect(result.exitCode, result.stderr).toBe(1);
    const [testCase] = await junitCases(result.runDir!);
    expect(testCase?.failure?.['@_message']).toMatch(/observed: dropped/);
    expect(testCase?.failure?.['@_message']).toMatch(/decided by ip filter DOCKER-USER: .*tcp dport 80 .*drop/);
    expect(await labelledContainers()).toEqual([]);
  });
});

describe('bad input', () => {
  it('a scenario with typos fails to load, names the file and fields, and starts nothing', async () => {
    const since = Math.floor(Date.now() / 1000);
    const result = await runCli(['run', 'test/fixtures/typos.scenario.ts']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('Invalid scenarios (nothing was started):');
    expect(result.stderr).toContain('test/fixtures/typos.scenario.ts: networks.lan.subnet must be an IPv4 subnet in CIDR form');
    expect(result.stderr).toContain('test/fixtures/typos.scenario.ts: flows[1].expect');
    expect(result.stderr).toContain('"192.168.1.0/33"');
    expect(result.runDir).toBeUndefined();
    expect(await containersCreatedSince(since)).toBe(0);
  });

  it('an unknown host in a flow is named with its field and value', async () => {
    const { validateScenario } = await import('../harness/scenario/load.ts');
    const fixture = (await import('./fixtures/typos.scenario.ts')).default;
    const fixed = { ...fixture, networks: { lan: { subnet: '192.168.1.0/24' } }, flows: [fixture.flows[0]] };
    const result = validateScenario(fixed, 'test/fixtures/typos.scenario.ts');
    expect('problems' in result && result.problems).toEqual([
      'test/fixtures/typos.scenario.ts: flows[0].to "dokcer1" is not one of the scenario\'s hosts or sources (docker1, one)',
    ]);
  });
});
