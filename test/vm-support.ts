import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

// What the VM tests share: a run's checks, and what a VM run may leave on this machine.
export interface Check {
  readonly name: string;
  readonly observed: string;
  readonly outcome: string;
}

export async function checksOf(runDir: string | undefined): Promise<Check[]> {
  const run = JSON.parse(await readFile(join(runDir!, 'run.json'), 'utf8'));
  return run.scenarios.flatMap((scenario: { checks: Check[] }) => scenario.checks);
}

// What a VM run may leave behind on this machine: it must leave none of it.
export function vmLeftovers(): string[] {
  const namespaces = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout.split('\n').filter((line) => line.startsWith('harness-vm-'));
  // Zombies hold nothing; they only wait for the machine's init to reap them.
  const processes = spawnSync('ps', ['-e', '-o', 'pid=,stat=,args='], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((line) => /libvirtd|virtlogd|qemu-system|dnsmasq/.test(line) && !/^\s*\d+\s+Z/.test(line));
  const dirs = readdirSync('/var/tmp').filter((name) => name.startsWith('harness-vm-') || name.startsWith('harness-vagrant-'));
  const etc = existsSync('/etc/netns') ? readdirSync('/etc/netns').filter((name) => name.startsWith('harness-vm-')) : [];
  return [...namespaces.map((n) => `netns ${n}`), ...processes.map((p) => `process ${p}`), ...dirs.map((d) => `/var/tmp/${d}`), ...etc.map((e) => `/etc/netns/${e}`)];
}

export function rootLinks(): string {
  return spawnSync('ip', ['-br', 'link'], { encoding: 'utf8' }).stdout;
}

// "name: observation" per check, to compare the verdicts of two backends.
export function verdicts(checks: readonly Check[]): string[] {
  return checks.map((check) => `${check.name}: ${check.observed}`);
}
