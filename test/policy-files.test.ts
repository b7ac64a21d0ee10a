import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FlowRecord } from '../harness/results/records.ts';
import { readRunRecord } from '../harness/results/read-run.ts';
import { labelledContainers, projectRoot, runCli } from './support.ts';

const fixtures = 'test/fixtures/policy-files';

// Policy files loaded as they are change verdicts for real: an iptables-restore file before dockerd
// starts, an ip6tables-restore file with --noflush, an nftables ruleset, ufw's after.rules and a
// firewalld zone file, each dropping (or letting in) a source of its own. Two worlds, two at a time,
// on bookworm; each step's evidence names its file from the project root with its sha256.
describe('policy files', () => {
  it('each format changes a verdict, and the evidence names the file and its hash', async () => {
    const result = await runCli(['run', fixtures, '--suite', 'bookworm', '--jobs', '2']);
    expect(result.exitCode, result.stderr).toBe(0);
    const run = await readRunRecord(join(result.runDir!, 'run.json'));
    const observed = Object.fromEntries(
      run.scenarios.map((scenario) => [scenario.scenario, scenario.checks.filter((check): check is FlowRecord => check.kind === 'flow').map((check) => `${check.name}: ${check.observed}`)]),
    );
    expect(observed).toEqual({
      'fixture-policy-restore-ruleset-ufw': [
        'allowed connects: connected',
        'other is dropped by the DOCKER-USER rule restored before dockerd: dropped',
        'allowed reaches the host over IPv6: connected',
        'other is dropped over IPv6 by the noflush file: dropped',
        'late connects before the ruleset: connected',
        'ufwed connects before the ufw files: connected',
        'allowed still connects: connected',
        'late is dropped by the ruleset: dropped',
        'ufwed is dropped by the after.rules hook: dropped',
      ],
      'fixture-policy-firewalld-zone': [
        'admin is rejected before the zone file: refused',
        'admin connects through the lab zone: connected',
        'other is still rejected by the default zone: refused',
      ],
    });
    // The drops are the files' own rules, as the hosts traced them.
    const detail = (name: string) => run.scenarios.flatMap((scenario) => scenario.checks).find((check) => check.name === name)?.detail;
    expect(detail('other is dropped by the DOCKER-USER rule restored before dockerd')).toContain('decided by ip filter DOCKER-USER: ip saddr 192.168.1.2 drop');
    expect(detail('other is dropped over IPv6 by the noflush file')).toContain('decided by ip6 filter INPUT: ip6 saddr fd00:1::2 tcp dport 9000 drop');
    expect(detail('late is dropped by the ruleset')).toContain('decided by inet operator prerouting: ip saddr 192.168.1.3 tcp dport 8080 drop');
    expect(detail('ufwed is dropped by the after.rules hook')).toContain('decided by ip filter DOCKER-USER: ip saddr 192.168.1.4 drop');
    expect(detail('admin connects through the lab zone')).toContain('decided by inet firewalld filter_IN_lab_allow: tcp dport 9000 accept');

    const evidence = async (scenario: string, file: string) => readFile(join(result.runDir!, 'evidence', `${scenario}-bookworm`, file), 'utf8');
    const sha256 = async (file: string) => createHash('sha256').update(await readFile(join(projectRoot, fixtures, file))).digest('hex');
    const loaded = async (scenario: string, step: string, file: string, destination: string, commands: readonly string[]) => {
      const text = await evidence(scenario, step);
      const hash = await sha256(file);
      expect(text).toContain(`# policy file ${fixtures}/${file} sha256 ${hash} -> ${destination}`);
      // The host holds exactly those bytes, and the loading commands ran after.
      expect(text).toContain(`${hash}  ${destination}\n`);
      for (const command of commands) expect(text).toContain(`$ ${command}\n`);
      expect(text).toContain('##### firewall after #####');
    };
    const host = 'fixture-policy-restore-ruleset-ufw';
    await loaded(host, 'step-00-iptables-restore-before-dockerd.txt', 'policy/filter-before-dockerd.rules', '/var/lib/harness-policy/filter-before-dockerd.rules', ['iptables-restore /var/lib/harness-policy/filter-before-dockerd.rules']);
    await loaded(host, 'step-04-ip6tables-restore-noflush.txt', 'policy/input6.rules', '/var/lib/harness-policy/input6.rules', ['ip6tables-restore --noflush /var/lib/harness-policy/input6.rules']);
    await loaded(host, 'step-06-nft-f-ruleset.txt', 'policy/operator.nft', '/var/lib/harness-policy/operator.nft', ['nft -f /var/lib/harness-policy/operator.nft']);
    await loaded(host, 'step-07-ufw-after-rules-then-enable.txt', 'ufw/after.rules', '/etc/ufw/after.rules', ['ufw --force enable']);
    await loaded('fixture-policy-firewalld-zone', 'step-02-policy-files.txt', 'firewalld/lab.xml', '/etc/firewalld/zones/lab.xml', ['firewall-cmd --check-config', 'firewall-cmd --reload']);
    // The file was loaded before dockerd made its chains, and dockerd kept its rule in DOCKER-USER.
    const afterRestore = (await evidence(host, 'step-00-iptables-restore-before-dockerd.txt')).split('##### firewall after #####')[1];
    const afterStart = (await evidence(host, 'step-01-daemon.txt')).split('##### firewall after #####')[1];
    for (const after of [afterRestore, afterStart]) expect(after).toMatch(/^\[\d+:\d+\] -A DOCKER-USER -s 192\.168\.1\.2\/32 -j DROP$/m);
    expect(afterRestore).not.toMatch(/^:DOCKER - /m);
    expect(afterStart).toMatch(/^:DOCKER - /m);
    expect(await readdir(join(result.runDir!, 'evidence'))).toHaveLength(2);
    expect(await labelledContainers()).toEqual([]);
  });
});
