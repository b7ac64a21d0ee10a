import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { labelledContainers, projectRoot, runCli } from './support.ts';

const example = join(projectRoot, 'examples/edge-host');
// The one line of the IPv4 policy that keeps the admin UI off the public interface.
const guard = '-A DOCKER-USER -i eth0 -p tcp -m conntrack --ctorigdstport 8443 -j DROP';

// An operator's regression suite for their own policy, as the example keeps it (iptables-restore
// files and ufw rule files): every flow reported per suite with no claim involved, and a hole opened
// in the policy turns the run red, naming the flow and the rule that now lets it in.
describe('a policy regression suite', () => {
  const scratch: string[] = [];
  afterAll(async () => Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true }))));

  it('holds as written, and a rule taken out of the policy file is a failure naming the flow and the rule that accepts it', async () => {
    const holed = await mkdtemp(join(tmpdir(), 'harness-policy-hole-'));
    scratch.push(holed);
    await cp(example, holed, { recursive: true });
    const rules = join(holed, 'iptables/edge.rules');
    const text = await readFile(rules, 'utf8');
    expect(text).toContain(guard);
    await writeFile(rules, text.replace(`${guard}\n`, ''));

    const [suite, hole] = await Promise.all([
      runCli(['run', 'examples/edge-host', '--suite', 'bookworm', '--jobs', '2']),
      runCli(['run', join(holed, 'edge-iptables.scenario.yaml'), '--suite', 'bookworm']),
    ]);

    expect(suite.exitCode, suite.stderr).toBe(0);
    const files = await readdir(suite.runDir!);
    expect(files).toEqual(expect.arrayContaining(['report.md', 'report.html', 'results.tap', 'junit.xml', 'summary.txt']));
    expect(files.filter((file) => file.startsWith('claims.'))).toEqual([]);
    const run = JSON.parse(await readFile(join(suite.runDir!, 'run.json'), 'utf8')) as { scenarios: Array<{ scenario: string; claims: string[]; checks: Array<{ outcome: string }> }> };
    expect(run.scenarios.map((scenario) => [scenario.scenario, scenario.checks.length, scenario.claims.length])).toEqual([
      ['edge-host-iptables', 20, 0],
      ['edge-host-ufw', 20, 0],
    ]);
    const report = await readFile(join(suite.runDir!, 'report.md'), 'utf8');
    expect(report).toContain('**✔ The run met every expectation.** 40 met');
    expect(report.match(/Truth table/g)).toHaveLength(2);

    expect(hole.exitCode, hole.stderr).toBe(1);
    const holeReport = await readFile(join(hole.runDir!, 'report.md'), 'utf8');
    const differences = holeReport.slice(holeReport.indexOf('## Differences'), holeReport.indexOf('\n## ', holeReport.indexOf('## Differences') + 1));
    // Only the flow the removed line guarded changed, and the report names the rule that let it in.
    expect(differences.match(/^- ✘ \*\*failed\*\*/gm)).toHaveLength(1);
    expect(differences).toMatch(/\*\*admin UI from the internet \\\[IPv4\\\]\*\*: expected dropped, observed \*\*connected\*\*; decided by `ip filter DOCKER: [^`]*tcp dport 8443 accept/);
    expect(await labelledContainers()).toEqual([]);
  });
});
