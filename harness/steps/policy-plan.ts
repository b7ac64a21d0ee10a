import { basename, isAbsolute } from 'node:path';
import { z } from 'zod';

// An operator's firewall policy kept as files beside the scenario file, and how each format is loaded:
// which file goes where on the host, then which commands take it into effect.

// A policy file's path as the scenario gives it: relative to the scenario file's folder.
const policyFile = z
  .string()
  .min(1)
  .refine((path) => !isAbsolute(path), 'must be a path relative to the scenario file\'s folder, not an absolute path')
  // The file keeps its name on the host, where the loading commands name it.
  .refine((path) => /^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(basename(path)), 'must end in a file name of letters, digits, dots, dashes, underscores and plus signs');

// The files of /etc/ufw an operator edits; each key installs its file under that name.
export const ufwFileNames = ['user.rules', 'user6.rules', 'before.rules', 'before6.rules', 'after.rules', 'after6.rules', 'ufw.conf'] as const;

const xmlFile = policyFile.refine((path) => path.endsWith('.xml'), 'must name an .xml file: firewalld takes the zone or policy name from the file name');

export const policySchema = z.discriminatedUnion('format', [
  // `iptables-restore [--noflush] <file>`: without noflush every table the file names is replaced.
  z.strictObject({ format: z.literal('iptables'), file: policyFile, noflush: z.boolean().default(false) }),
  z.strictObject({ format: z.literal('ip6tables'), file: policyFile, noflush: z.boolean().default(false) }),
  // `nft -f <file>`: the ruleset is applied atomically; a `flush ruleset` in it is the file's own choice.
  z.strictObject({ format: z.literal('nftables'), file: policyFile }),
  // Files of /etc/ufw by name, /etc/default/ufw as `defaults`, then `ufw --force enable` or `ufw reload`.
  z
    .strictObject({
      format: z.literal('ufw'),
      files: z.partialRecord(z.enum(ufwFileNames), policyFile).default({}),
      defaults: policyFile.optional(),
      action: z.enum(['enable', 'reload']),
    })
    .refine((policy) => Object.keys(policy.files).length > 0 || policy.defaults !== undefined, 'must name at least one file in files or defaults'),
  // Zone and policy XML into /etc/firewalld/zones and /etc/firewalld/policies, then a check of the
  // configuration and `firewall-cmd --reload`.
  z
    .strictObject({ format: z.literal('firewalld'), zones: z.array(xmlFile).default([]), policies: z.array(xmlFile).default([]) })
    .refine((policy) => policy.zones.length + policy.policies.length > 0, 'must name at least one file in zones or policies'),
]);

export type Policy = z.output<typeof policySchema>;
export type PolicyFormat = Policy['format'];

// One file to put on the host: where the scenario names it (its field, relative to `policy`), the
// path it was given, and where it goes with which mode.
export interface PolicyInstall {
  readonly field: string;
  readonly file: string;
  readonly destination: string;
  readonly mode: number;
}

export interface PolicyPlan {
  readonly installs: readonly PolicyInstall[];
  // Run on the host after every file is in place, in order; each must succeed.
  readonly commands: readonly string[];
}

// Where restore files and rulesets wait on the host to be loaded (they are no configuration of the host's own).
export const stagingDir = '/var/lib/harness-policy';

// Pure: what loading a policy does on the host.
export function policyPlan(policy: Policy): PolicyPlan {
  switch (policy.format) {
    case 'iptables':
    case 'ip6tables': {
      const destination = `${stagingDir}/${basename(policy.file)}`;
      const restore = `${policy.format}-restore${policy.noflush ? ' --noflush' : ''} ${destination}`;
      return { installs: [{ field: 'file', file: policy.file, destination, mode: 0o600 }], commands: [restore] };
    }
    case 'nftables': {
      const destination = `${stagingDir}/${basename(policy.file)}`;
      return { installs: [{ field: 'file', file: policy.file, destination, mode: 0o600 }], commands: [`nft -f ${destination}`] };
    }
    case 'ufw': {
      // As Debian ships them: the rule files readable by root only, the settings by everyone.
      const installs: PolicyInstall[] = ufwFileNames.flatMap((name) => {
        const file = policy.files[name];
        return file === undefined ? [] : [{ field: `files["${name}"]`, file, destination: `/etc/ufw/${name}`, mode: name.endsWith('.rules') ? 0o640 : 0o644 }];
      });
      if (policy.defaults !== undefined) installs.push({ field: 'defaults', file: policy.defaults, destination: '/etc/default/ufw', mode: 0o644 });
      return { installs, commands: [policy.action === 'enable' ? 'ufw --force enable' : 'ufw reload'] };
    }
    case 'firewalld': {
      const into = (folder: 'zones' | 'policies', files: readonly string[]) =>
        files.map((file, index) => ({ field: `${folder}[${index}]`, file, destination: `/etc/firewalld/${folder}/${basename(file)}`, mode: 0o644 }));
      return { installs: [...into('zones', policy.zones), ...into('policies', policy.policies)], commands: ['firewall-cmd --check-config', 'firewall-cmd --reload'] };
    }
  }
}

// Pure: why a loading command that succeeded loaded nothing, if it did. `ufw reload` on a disabled
// ufw exits 0 having loaded nothing, and the files would seem to be in force.
export function loadedNothing(command: string, output: string): string | undefined {
  if (command === 'ufw reload' && /not enabled/i.test(output)) return `\`ufw reload\` loaded nothing, ufw is not enabled (${output.trim()}); use action: 'enable'`;
  return undefined;
}

// Two files of one policy that would land on the same path on the host (zones/a.xml and other/a.xml).
export function clashingDestinations(plan: PolicyPlan): Array<{ readonly install: PolicyInstall; readonly earlier: PolicyInstall }> {
  const seen = new Map<string, PolicyInstall>();
  const clashes: Array<{ install: PolicyInstall; earlier: PolicyInstall }> = [];
  for (const install of plan.installs) {
    const earlier = seen.get(install.destination);
    if (earlier) clashes.push({ install, earlier });
    else seen.set(install.destination, install);
  }
  return clashes;
}
