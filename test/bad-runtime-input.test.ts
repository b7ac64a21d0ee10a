import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelledContainers, runCli } from './support.ts';

// Input that is valid as a scenario but refused by the real tools: the run reports an error naming
// the file, the step and the tool's own words, never a pass or a fail of a claim, and cleans up.
async function scenarioError(fixture: string): Promise<{ exitCode: number; error: string; checks: number }> {
  const result = await runCli(['run', `test/fixtures/bad-runtime/${fixture}`, '--suite', 'bookworm']);
  const run = JSON.parse(await readFile(join(result.runDir!, 'run.json'), 'utf8'));
  return { exitCode: result.exitCode, error: run.scenarios[0].error ?? '', checks: run.scenarios[0].checks.length };
}

describe('input the real tools refuse', () => {
  it('a rule iptables rejects is an error naming the step and quoting iptables', async () => {
    const { exitCode, error, checks } = await scenarioError('rule-iptables-rejects.scenario.ts');
    expect(exitCode).toBe(1);
    expect(checks).toBe(0);
    expect(error).toContain('test/fixtures/bad-runtime/rule-iptables-rejects.scenario.ts: steps[1] docker-user failed');
    expect(error).toContain('iptables -I DOCKER-USER -i eth0 -j NO-SUCH-TARGET');
    expect(error).toMatch(/Chain 'NO-SUCH-TARGET' does not exist|Couldn't load target|No chain\/target\/match by that name/);
    expect(await labelledContainers()).toEqual([]);
  });

  it('a daemon.json dockerd refuses is an error with dockerd\'s own log lines', async () => {
    const { exitCode, error, checks } = await scenarioError('daemon-json-refused.scenario.ts');
    expect(exitCode).toBe(1);
    expect(checks).toBe(0);
    expect(error).toContain('test/fixtures/bad-runtime/daemon-json-refused.scenario.ts: steps[0] daemon failed');
    // The line that says why comes first, with the field that set it, then dockerd's log since this start.
    expect(error).toContain("dockerd refused to start: unable to configure the Docker daemon with file /etc/docker/daemon.json: the following directives don't match any configuration option: no-such-option; set by this step's config.no-such-option");
    expect(error).not.toContain('Daemon has completed initialization');
    expect(await labelledContainers()).toEqual([]);
  });
});
