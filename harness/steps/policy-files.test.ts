import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateScenario } from '../scenario/load.ts';

// A scenario folder of its own with a few policy files, as an operator keeps them.
const folder = mkdtempSync(join(tmpdir(), 'policy-files-'));
mkdirSync(join(folder, 'policy'));
writeFileSync(join(folder, 'policy/boot.rules'), '*filter\nCOMMIT\n');
writeFileSync(join(folder, 'policy/lab.xml'), '<zone/>\n');
mkdirSync(join(folder, 'policy/dir.rules'));
const file = relative(process.cwd(), join(folder, 'host.scenario.ts'));
const shown = (path: string) => relative(process.cwd(), join(folder, path));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const withPolicy = (policy: unknown, host = 'docker1') => ({
  name: 'policy',
  networks: { lan: { subnet: '192.168.1.0/24' } },
  hosts: { docker1: { interfaces: { eth0: { network: 'lan', address: '192.168.1.10' } } } },
  steps: [{ kind: 'policy-files', host, policy }],
});

const problemsOf = (policy: unknown, host?: string) => {
  const result = validateScenario(withPolicy(policy, host), file, { folder });
  return 'problems' in result ? result.problems : [];
};

describe('the policy-files step before anything starts', () => {
  it('accepts files that exist beside the scenario file, and keeps the folder for the run', () => {
    const result = validateScenario(withPolicy({ format: 'iptables', file: 'policy/boot.rules' }), file, { folder });
    if ('problems' in result) throw new Error(result.problems.join('\n'));
    expect(result.folder).toBe(folder);
    expect(result.scenario.steps[0]).toEqual({ kind: 'policy-files', host: 'docker1', policy: { format: 'iptables', file: 'policy/boot.rules', noflush: false } });
  });

  it('names the scenario file, the field and the path of a file that is missing or no file', () => {
    expect(problemsOf({ format: 'nftables', file: 'policy/missing.nft' })).toEqual([`${file}: steps[0].policy.file "policy/missing.nft" (${shown('policy/missing.nft')}) does not exist`]);
    expect(problemsOf({ format: 'ufw', files: { 'before.rules': 'policy/boot.rules', 'after.rules': 'policy/dir.rules' }, action: 'enable' })).toEqual([
      `${file}: steps[0].policy.files["after.rules"] "policy/dir.rules" (${shown('policy/dir.rules')}) is not a file`,
    ]);
  });

  it.skipIf(process.getuid?.() === 0)('names a file that cannot be read', () => {
    writeFileSync(join(folder, 'policy/secret.rules'), '*filter\nCOMMIT\n');
    chmodSync(join(folder, 'policy/secret.rules'), 0);
    expect(problemsOf({ format: 'iptables', file: 'policy/secret.rules' })).toEqual([`${file}: steps[0].policy.file "policy/secret.rules" (${shown('policy/secret.rules')}) cannot be read (EACCES)`]);
  });

  it('refuses two firewalld files that would be installed as one, and a host the scenario does not declare', () => {
    mkdirSync(join(folder, 'other'));
    writeFileSync(join(folder, 'other/lab.xml'), '<zone/>\n');
    expect(problemsOf({ format: 'firewalld', zones: ['policy/lab.xml', 'other/lab.xml'] })).toEqual([
      `${file}: steps[0].policy.zones[1] "other/lab.xml" would be installed as /etc/firewalld/zones/lab.xml, like "policy/lab.xml" (policy.zones[0]) before it`,
    ]);
    expect(problemsOf({ format: 'iptables', file: 'policy/boot.rules' }, 'docker2')).toEqual([`${file}: steps[0].host "docker2" is not one of the scenario's hosts (docker1)`]);
  });

  it('looks for the files beside the scenario file when no folder is given', () => {
    const result = validateScenario(withPolicy({ format: 'iptables', file: 'policy/boot.rules' }), file);
    expect(result).not.toHaveProperty('problems');
  });
});
