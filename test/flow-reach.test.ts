import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelledContainers, runCli } from './support.ts';

interface Evidence {
  readonly run: { readonly family: string; readonly from: string; readonly address: string };
  readonly result: { readonly evidence: { readonly attempts: ReadonlyArray<{ readonly local?: string; readonly reply?: string }> } };
}

// Flows about families, interfaces and ranges, with real traffic: a remote admin subnet's samples
// reach a DOCKER-USER allow-list through the router the harness adds, a LAN machine is dropped on
// IPv4 and not on IPv6 (one flow, a record per family), and a flow goes to the host's second interface.
describe('flow reach', () => {
  it('runs a flow from every sample of a subnet, on each family, and to a named interface', async () => {
    const result = await runCli(['run', 'test/fixtures/flow-reach', '--suite', 'bookworm']);
    expect(result.exitCode, result.stderr).toBe(0);
    const run = JSON.parse(await readFile(join(result.runDir!, 'run.json'), 'utf8')) as {
      scenarios: Array<{ checks: Array<{ name: string; observed: string; evidenceFile: string }> }>;
    };
    const checks = run.scenarios[0]!.checks;
    expect(Object.fromEntries(checks.map((check) => [check.name, check.observed]))).toEqual({
      'admin ui from the admin subnet [from 10.50.0.10]': 'connected',
      'admin ui from the admin subnet [from 10.50.0.200]': 'connected',
      'admin ui from the office [IPv4]': 'dropped',
      'admin ui from the office [IPv6]': 'connected',
      'admin ui on the dmz interface': 'connected',
    });
    const evidence = async (name: string): Promise<Evidence> => {
      const check = checks.find((candidate) => candidate.name === name)!;
      return JSON.parse(await readFile(join(result.runDir!, check.evidenceFile), 'utf8')) as Evidence;
    };
    // Each sample sent from its own address, and the service saw that address: routed, not masqueraded.
    for (const sample of ['10.50.0.10', '10.50.0.200']) {
      const { result: probe } = await evidence(`admin ui from the admin subnet [from ${sample}]`);
      expect(probe.evidence.attempts[0]?.local).toMatch(new RegExp(`^${sample.replaceAll('.', '\\.')}:`));
      expect(probe.evidence.attempts[0]?.reply).toContain(`peer=${sample}:`);
    }
    expect((await evidence('admin ui from the office [IPv4]')).run).toMatchObject({ family: 'ipv4', address: '192.168.1.10' });
    expect((await evidence('admin ui from the office [IPv6]')).run).toMatchObject({ family: 'ipv6', address: 'fd00:1::10' });
    expect((await evidence('admin ui on the dmz interface')).run).toMatchObject({ family: 'ipv4', address: '10.0.0.10' });
    expect(await labelledContainers()).toEqual([]);
  });
});
