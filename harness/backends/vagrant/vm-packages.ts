import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { aptInstall } from '../../core/apt.ts';
import type { Progress } from '../../core/progress.ts';

// A file each package installs, for every package the VM backend runs.
const neededFiles: Record<string, string> = {
  vagrant: '/usr/bin/vagrant',
  'vagrant-libvirt': '/usr/share/vagrant-plugins/plugins.d/vagrant-libvirt.json',
  'libvirt-daemon-system': '/usr/sbin/libvirtd',
  'libvirt-clients': '/usr/bin/virsh',
  'dnsmasq-base': '/usr/sbin/dnsmasq',
  'qemu-system-x86': '/usr/bin/qemu-system-x86_64',
  'qemu-utils': '/usr/bin/qemu-img',
  iproute2: '/usr/sbin/ip',
  // Carries the harness's SSH connections into the site's namespace.
  socat: '/usr/bin/socat',
};

const policy = '/usr/sbin/policy-rc.d';

// Installs what is missing. libvirt's packages would start libvirtd (and its bridge and dnsmasq) in
// this machine's own network namespace: a policy-rc.d that forbids starting services stops that.
export async function ensureVmPackages(progress: Progress): Promise<void> {
  const missing = Object.keys(neededFiles).filter((name) => !existsSync(neededFiles[name]!));
  if (missing.length === 0) return;
  const ours = !existsSync(policy);
  if (ours) await writeFile(policy, '#!/bin/sh\n# Written by the harness while it installs packages.\nexit 101\n', { mode: 0o755 });
  try {
    await aptInstall(missing, progress);
  } finally {
    if (ours) await rm(policy, { force: true });
  }
}
