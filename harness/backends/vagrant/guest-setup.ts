import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pollUntil } from '../../core/retry.ts';
import { vmTiming } from '../../core/timing.ts';
import { HarnessError } from '../../core/errors.ts';
import { SshMachine } from './ssh-machine.ts';
import type { SuiteRecipe } from '../../images/suites.ts';
import { debsForGuest } from './guest-debs.ts';
import { guestFilesDir } from './guest-root.ts';
import { managementMacPrefix } from './vagrant-plan.ts';

export interface GuestSetupOptions {
  readonly boxName: string;
  readonly recipe: SuiteRecipe;
  readonly role: 'host' | 'source';
  // netprobe built on this machine (static, so any Debian guest runs it).
  readonly netprobe: string;
  // The interface names the scenario gives this machine: the management NIC must not hold one.
  readonly interfaceNames: readonly string[];
  // Where the machine's management NIC may answer, newest DHCP lease first: after a reboot its DHCP
  // client may ask with another client id (one derived from the interface's name, say) and get a
  // new address.
  readonly managementAddresses: () => Promise<readonly string[]>;
  readonly say: (text: string) => void;
}

// What a source needs besides netprobe: the tools scenarios configure and inspect a machine with.
// A Docker host gets the suite's whole recipe, as on the harness's own box.
const sourcePackages = ['iproute2', 'iptables', 'nftables', 'procps', 'iputils-ping', 'tcpdump', 'kmod'];
// Without apparmor `docker run` fails in a VM; ping is a first check of a NIC.
const hostExtras = ['apparmor', 'iputils-ping'];
const stoppedUnits = ['docker.service', 'docker.socket', 'containerd.service', 'firewalld.service', 'ufw.service'];
const installTimeoutMs = 30 * 60_000;

// Makes a VM of someone else's box (a public one, say) what the harness's box is: the suite's
// packages (downloaded here: the VMs' networks route nowhere), netprobe, daemons installed but
// stopped, and the management NIC out of the scenario's way. Returns the machine to use from then
// on: a new connection when the guest had to reboot.
export async function setUpGuest(machine: SshMachine, options: GuestSetupOptions): Promise<SshMachine> {
  const wanted = options.role === 'host' ? [...options.recipe.packages, ...hostExtras] : sourcePackages;
  const facts = await guestFacts(machine, wanted);
  if (facts.codename !== options.recipe.suite) {
    throw new HarnessError(
      'VM_BOX_SUITE',
      `the box ${options.boxName} is Debian ${facts.codename || '(unknown release)'}, but this run's suite is ${options.recipe.suite}, whose packages it would need: name a ${options.recipe.suite} box, or run with --suite ${facts.codename || '…'}`,
    );
  }
  const missing = wanted.filter((name) => !facts.installed.has(name));
  if (missing.length > 0) await installPackages(machine, missing, options);
  await machine.copyFile(options.netprobe, '/usr/local/bin/netprobe', 0o755);
  if (facts.management !== 'mgmt0' && options.interfaceNames.includes(facts.management)) {
    return renameManagementNic(machine, facts.management, options);
  }
  return machine;
}

interface GuestFacts {
  readonly codename: string;
  // The name the guest gave the NIC Vagrant manages it through.
  readonly management: string;
  readonly installed: Set<string>;
}

// One command: every round trip costs under software emulation.
async function guestFacts(machine: SshMachine, packages: readonly string[]): Promise<GuestFacts> {
  const output = await machine.run(
    [
      '. /etc/os-release; echo "codename ${VERSION_CODENAME:-}"',
      `for d in /sys/class/net/*; do case "$(cat "$d/address")" in ${managementMacPrefix}:*) echo "management \${d##*/}";; esac; done`,
      `dpkg-query -W -f '\${db:Status-Abbrev} \${Package}\\n' ${packages.join(' ')} 2>/dev/null | awk '$1 == "ii" { print "installed", $2 }' || true`,
    ].join('\n'),
  );
  const facts = { codename: '', management: '', installed: new Set<string>() };
  for (const line of output.split('\n')) {
    const [key, value = ''] = line.trim().split(/\s+/, 2);
    if (key === 'codename') facts.codename = value;
    else if (key === 'management') facts.management = value;
    else if (key === 'installed') facts.installed.add(value);
  }
  if (!facts.management) throw new HarnessError('VM_BOX_NETWORK', `on ${machine.name}: no NIC with the management MAC prefix ${managementMacPrefix}`);
  return facts;
}

async function installPackages(machine: SshMachine, missing: readonly string[], options: GuestSetupOptions): Promise<void> {
  options.say(`${machine.name}: the box lacks ${missing.join(' ')}; resolving them against its installed packages`);
  const status = await machine.run('cat /var/lib/dpkg/status', { timeoutMs: 120_000 });
  const debs = await debsForGuest(options.recipe, status, missing);
  options.say(`${machine.name}: copying ${debs.length} packages and installing them (minutes under emulation)`);
  const remoteDir = '/var/cache/harness-debs';
  await machine.run(`rm -rf ${remoteDir} && mkdir -p ${remoteDir}/parts && : > ${remoteDir}/none.list`);
  for (const deb of debs) await machine.copyFile(deb, join(remoteDir, deb.split('/').pop()!));
  await machine.run(
    [
      'set -e',
      // Nothing may start while it installs: each scenario decides which daemons run, and when.
      "printf '#!/bin/sh\\nexit 101\\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d",
      'trap "rm -f /usr/sbin/policy-rc.d; rm -rf ' + remoteDir + '" EXIT',
      // Only the files copied here: the guest's own sources lead nowhere from the run's networks.
      `DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends -o Dir::Etc::SourceList=${remoteDir}/none.list -o Dir::Etc::SourceParts=${remoteDir}/parts ${remoteDir}/*.deb`,
      `units=$(systemctl list-unit-files --no-legend ${stoppedUnits.join(' ')} | awk '{ print $1 }')`,
      '[ -z "$units" ] || systemctl disable --now $units',
    ].join('\n'),
    { timeoutMs: installTimeoutMs },
  );
}

// The box names its management NIC like one of the scenario's interfaces (eth0, usually). A NIC
// that is up cannot be renamed, and this one carries the SSH connection: the harness's udev rule
// and the box's network configuration are set to mgmt0 instead, and the guest reboots.
async function renameManagementNic(machine: SshMachine, current: string, options: GuestSetupOptions): Promise<SshMachine> {
  options.say(`${machine.name}: the box's management NIC is ${current}, a name the scenario uses; renaming it mgmt0 and rebooting`);
  await machine.copyFile(join(guestFilesDir, 'etc/udev/rules.d/70-harness-mgmt0.rules'), '/etc/udev/rules.d/70-harness-mgmt0.rules');
  const configs = '/etc/network/interfaces /etc/network/interfaces.d/* /etc/netplan/*.yaml /etc/systemd/network/*.network';
  const named = await machine.run(`grep -lw ${current} ${configs} 2>/dev/null || true`);
  const files = named.split('\n').filter(Boolean);
  if (files.length === 0) {
    throw new HarnessError('VM_BOX_NETWORK', `on ${machine.name}: the box ${options.boxName} calls its management NIC ${current}, which the scenario names too, and none of ${configs} configures it by that name, so the harness cannot rename it; name the scenario's interfaces otherwise`);
  }
  await machine.run(`sed -i 's/\\b${current}\\b/mgmt0/g' ${files.join(' ')}`);
  const bootId = (await machine.run('cat /proc/sys/kernel/random/boot_id')).trim();
  await machine.spawnDetached('sleep 1; systemctl reboot');
  await machine.stop();
  return reconnectAfterReboot(machine, bootId, options);
}

async function reconnectAfterReboot(before: SshMachine, bootId: string, options: GuestSetupOptions): Promise<SshMachine> {
  let lastError: unknown;
  const rebooted = async (): Promise<SshMachine | undefined> => {
    for (const host of await options.managementAddresses()) {
      const machine = await SshMachine.connect(before.name, { ...before.target, host }, { readyTimeoutMs: vmTiming.rebootSshReadyMs, init: before.init }).catch((error: unknown) => {
        lastError = error;
        return undefined;
      });
      if (!machine) continue;
      // The old system may still answer in the second before it goes down.
      const now = await machine.run('cat /proc/sys/kernel/random/boot_id').catch(() => bootId);
      if (now.trim() !== bootId) return machine;
      await machine.stop();
    }
    return undefined;
  };
  // The guest is going down: the first look comes one interval after the reboot.
  await sleep(vmTiming.rebootPollMs);
  return pollUntil(rebooted, {
    timeoutMs: vmTiming.rebootMs - vmTiming.rebootPollMs,
    intervalMs: vmTiming.rebootPollMs,
    onTimeout: () =>
      new HarnessError('VM_REBOOT_TIMEOUT', `${before.name} did not come back over SSH within ${vmTiming.rebootMs / 60_000} min of its reboot${lastError instanceof Error ? ` (${lastError.message})` : ''}`),
  });
}
