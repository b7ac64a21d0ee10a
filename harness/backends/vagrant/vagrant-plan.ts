import { shortHash } from '../../core/short-hash.ts';

export interface VmNic {
  readonly bridge: string;
  readonly mac: string;
}

export interface VmPlan {
  readonly name: string;
  readonly box: string;
  readonly memoryMb: number;
  readonly cpus: number;
  readonly nics: readonly VmNic[];
  // On the harness's box the management NIC sits on the last PCI slot, so the kernel names the
  // scenario's NICs eth0, eth1, ... in order and udev calls it mgmt0. A box of someone else's expects
  // it first (its network configuration brings up eth0, or the first NIC, with DHCP).
  readonly managementNicLast: boolean;
}

// What the top-level Vagrantfile reads from the file named by HARNESS_VM_PLAN.
export interface VagrantPlan {
  readonly libvirt: {
    readonly storagePool: string;
    // Domain names start with it, so a project's domains (and their volumes) are told apart.
    readonly domainPrefix: string;
    readonly managementNetwork: { readonly name: string; readonly device: string; readonly address: string; readonly mode: string };
    // Each VM's serial console goes to NAME.serial.log there.
    readonly logDir: string;
  };
  readonly machines: readonly (VmPlan & { readonly managementMac: string })[];
}

// The box's udev rule (vm/guest/etc/udev/rules.d/70-harness-mgmt0.rules) names a NIC with this
// prefix mgmt0. Locally administered, so it meets no vendor's MAC.
export const managementMacPrefix = '0a:68:76';

// The management network every project of a site shares: isolated (nothing to route to), with the
// DHCP server Vagrant learns each VM's address from.
export const managementNetwork = { name: 'harness-mgmt', device: 'hvmgmt0', address: '192.168.121.0/24', mode: 'none' };

export function vagrantPlan(options: { readonly projectDir: string; readonly storagePool: string; readonly logDir: string; readonly machines: readonly VmPlan[] }): VagrantPlan {
  const tag = shortHash(options.projectDir, 6);
  return {
    libvirt: { storagePool: options.storagePool, domainPrefix: `hv-${tag}-`, managementNetwork, logDir: options.logDir },
    machines: options.machines.map((machine) => ({ ...machine, managementMac: managementMac(`${options.projectDir}\0${machine.name}`) })),
  };
}

// Projects of one site share the management network: a MAC per project and machine, from a hash.
export function managementMac(seed: string): string {
  const bytes = shortHash(seed, 6).match(/../g) ?? [];
  return [managementMacPrefix, ...bytes].join(':');
}
