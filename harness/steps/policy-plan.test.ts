import { describe, expect, it } from 'vitest';
import { clashingDestinations, loadedNothing, policyPlan, policySchema } from './policy-plan.ts';

const plan = (policy: unknown) => policyPlan(policySchema.parse(policy));

describe('policyPlan', () => {
  it('restores an iptables file, flushing the tables it names unless told --noflush', () => {
    expect(plan({ format: 'iptables', file: 'policy/boot.rules' })).toEqual({
      installs: [{ field: 'file', file: 'policy/boot.rules', destination: '/var/lib/harness-policy/boot.rules', mode: 0o600 }],
      commands: ['iptables-restore /var/lib/harness-policy/boot.rules'],
    });
    expect(plan({ format: 'ip6tables', file: 'v6.rules', noflush: true }).commands).toEqual(['ip6tables-restore --noflush /var/lib/harness-policy/v6.rules']);
  });

  it('loads an nftables ruleset with nft -f', () => {
    expect(plan({ format: 'nftables', file: '../shared/operator.nft' })).toEqual({
      installs: [{ field: 'file', file: '../shared/operator.nft', destination: '/var/lib/harness-policy/operator.nft', mode: 0o600 }],
      commands: ['nft -f /var/lib/harness-policy/operator.nft'],
    });
  });

  it('installs ufw files under their own names, the defaults as /etc/default/ufw, then enables or reloads', () => {
    const ufw = plan({ format: 'ufw', files: { 'ufw.conf': 'conf', 'after6.rules': 'a6', 'user.rules': 'u' }, defaults: 'default-ufw', action: 'reload' });
    expect(ufw.installs).toEqual([
      { field: 'files["user.rules"]', file: 'u', destination: '/etc/ufw/user.rules', mode: 0o640 },
      { field: 'files["after6.rules"]', file: 'a6', destination: '/etc/ufw/after6.rules', mode: 0o640 },
      { field: 'files["ufw.conf"]', file: 'conf', destination: '/etc/ufw/ufw.conf', mode: 0o644 },
      { field: 'defaults', file: 'default-ufw', destination: '/etc/default/ufw', mode: 0o644 },
    ]);
    expect(ufw.commands).toEqual(['ufw reload']);
    expect(plan({ format: 'ufw', defaults: 'd', action: 'enable' }).commands).toEqual(['ufw --force enable']);
  });

  it('installs firewalld zones and policies by file name, checks the configuration, then reloads', () => {
    expect(plan({ format: 'firewalld', zones: ['zones/lab.xml'], policies: ['lab-to-docker.xml'] })).toEqual({
      installs: [
        { field: 'zones[0]', file: 'zones/lab.xml', destination: '/etc/firewalld/zones/lab.xml', mode: 0o644 },
        { field: 'policies[0]', file: 'lab-to-docker.xml', destination: '/etc/firewalld/policies/lab-to-docker.xml', mode: 0o644 },
      ],
      commands: ['firewall-cmd --check-config', 'firewall-cmd --reload'],
    });
  });

  it('finds two files of one policy that would land on the same path', () => {
    const clashes = clashingDestinations(plan({ format: 'firewalld', zones: ['a/lab.xml', 'b/lab.xml'] }));
    expect(clashes.map(({ install, earlier }) => [install.field, earlier.field])).toEqual([['zones[1]', 'zones[0]']]);
  });
});

describe('loadedNothing', () => {
  it('says when ufw reload skipped a disabled ufw, and nothing of a reload that loaded', () => {
    expect(loadedNothing('ufw reload', 'Firewall not enabled (skipping reload)\n')).toBe("`ufw reload` loaded nothing, ufw is not enabled (Firewall not enabled (skipping reload)); use action: 'enable'");
    expect(loadedNothing('ufw reload', 'Firewall reloaded\n')).toBeUndefined();
    expect(loadedNothing('ufw --force enable', 'Firewall is active and enabled on system startup\n')).toBeUndefined();
  });
});

describe('policySchema', () => {
  const problems = (policy: unknown) => {
    const result = policySchema.safeParse(policy);
    return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  };

  it('refuses an absolute path: files are kept beside the scenario file', () => {
    expect(problems({ format: 'iptables', file: '/etc/iptables/rules.v4' })).toEqual(["file: must be a path relative to the scenario file's folder, not an absolute path"]);
  });

  it('refuses a file name the loading commands could not name as it is', () => {
    expect(problems({ format: 'nftables', file: 'policy/my rules.nft' })).toEqual(['file: must end in a file name of letters, digits, dots, dashes, underscores and plus signs']);
    expect(problems({ format: 'nftables', file: 'policy/a;reboot' })).toHaveLength(1);
    expect(problems({ format: 'nftables', file: 'my policies/ops_v2+.nft' })).toEqual([]);
  });

  it('refuses a ufw or firewalld policy that names no file', () => {
    expect(problems({ format: 'ufw', action: 'enable' })).toEqual([': must name at least one file in files or defaults']);
    expect(problems({ format: 'firewalld' })).toEqual([': must name at least one file in zones or policies']);
  });

  it('refuses a ufw file it does not know, a ufw policy without its action, and firewalld files that are no XML', () => {
    expect(problems({ format: 'ufw', files: { 'rules.v4': 'x' }, action: 'enable' })).toContain('files: Unrecognized key: "rules.v4"');
    expect(problems({ format: 'ufw', files: { 'after.rules': 'x' } })).toEqual(['action: Invalid option: expected one of "enable"|"reload"']);
    expect(problems({ format: 'firewalld', zones: ['lab.conf'] })).toEqual(['zones.0: must name an .xml file: firewalld takes the zone or policy name from the file name']);
  });

  it('refuses an unknown format and fields of another format', () => {
    expect(problems({ format: 'pf', file: 'pf.conf' })).toEqual(["format: Invalid discriminator value. Expected 'iptables' | 'ip6tables' | 'nftables' | 'ufw' | 'firewalld'"]);
    expect(problems({ format: 'nftables', file: 'a.nft', noflush: true })).toEqual([': Unrecognized key: "noflush"']);
  });
});
