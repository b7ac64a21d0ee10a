import { readFileSync } from 'node:fs';
import type Docker from 'dockerode';
import type { HostConfig } from 'dockerode';
import { log } from '../../core/log.ts';

// Docker hosts, the switch and sources need privileges. `--privileged` is the normal way; engines whose
// capability bounding set lacks a capability refuse it ("unable to apply caps"), and there the same
// effect is had by adding every capability the engine can give, without seccomp, AppArmor or masked paths.
export type PrivilegeMode = { readonly kind: 'privileged' } | { readonly kind: 'explicit-capabilities'; readonly drop: readonly string[] };

const capabilityNames = [
  'CHOWN', 'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER', 'FSETID', 'KILL', 'SETGID', 'SETUID', 'SETPCAP', 'LINUX_IMMUTABLE',
  'NET_BIND_SERVICE', 'NET_BROADCAST', 'NET_ADMIN', 'NET_RAW', 'IPC_LOCK', 'IPC_OWNER', 'SYS_MODULE', 'SYS_RAWIO', 'SYS_CHROOT',
  'SYS_PTRACE', 'SYS_PACCT', 'SYS_ADMIN', 'SYS_BOOT', 'SYS_NICE', 'SYS_RESOURCE', 'SYS_TIME', 'SYS_TTY_CONFIG', 'MKNOD', 'LEASE',
  'AUDIT_WRITE', 'AUDIT_CONTROL', 'SETFCAP', 'MAC_OVERRIDE', 'MAC_ADMIN', 'SYSLOG', 'WAKE_ALARM', 'BLOCK_SUSPEND', 'AUDIT_READ',
  'PERFMON', 'BPF', 'CHECKPOINT_RESTORE',
];

// Capabilities missing from this machine's bounding set (an engine on this machine has the same set).
// When nothing is missing or the set cannot be read, SYS_RESOURCE: the one seen missing where
// --privileged fails, since this is only asked after --privileged was refused.
export function missingCapabilities(status = readProcStatus()): string[] {
  const match = status.match(/^CapBnd:\s*([0-9a-f]+)$/m);
  if (!match?.[1]) return ['SYS_RESOURCE'];
  const bounding = BigInt(`0x${match[1]}`);
  const missing = capabilityNames.filter((_, bit) => (bounding & (1n << BigInt(bit))) === 0n);
  return missing.length > 0 ? missing : ['SYS_RESOURCE'];
}

function readProcStatus(): string {
  try {
    return readFileSync('/proc/self/status', 'utf8');
  } catch {
    return '';
  }
}

let detected: Promise<PrivilegeMode> | undefined;

// Tries --privileged once per process with a throw-away container; falls back when the engine refuses.
export function privilegeMode(docker: Docker, image: string): Promise<PrivilegeMode> {
  detected ??= detect(docker, image);
  return detected;
}

async function detect(docker: Docker, image: string): Promise<PrivilegeMode> {
  const forced = process.env.HARNESS_PRIVILEGE;
  if (forced === 'privileged') return { kind: 'privileged' };
  if (forced === 'explicit') return { kind: 'explicit-capabilities', drop: missingCapabilities() };
  const container = await docker.createContainer({ Image: image, Entrypoint: ['true'], Cmd: [], NetworkDisabled: true, HostConfig: { Privileged: true, NetworkMode: 'none' } });
  try {
    await container.start();
    await container.wait();
    log.docker('engine accepts --privileged');
    return { kind: 'privileged' };
  } catch (error) {
    if (!/apply caps|operation not permitted/i.test(String(error))) throw error;
    const drop = missingCapabilities();
    log.docker(`engine refuses --privileged (${String(error).slice(0, 120)}); using explicit capabilities without ${drop.join(', ')}`);
    return { kind: 'explicit-capabilities', drop };
  } finally {
    await container.remove({ force: true }).catch(() => {});
  }
}

// Engine API fields (1.41+) missing from dockerode's types.
export type HarnessHostConfig = HostConfig & { CgroupnsMode?: 'private' | 'host'; MaskedPaths?: string[]; ReadonlyPaths?: string[] };

export function privilegedHostConfig(mode: PrivilegeMode): HarnessHostConfig {
  if (mode.kind === 'privileged') return { Privileged: true, CgroupnsMode: 'private' };
  return {
    CapAdd: ['ALL'],
    CapDrop: [...mode.drop],
    SecurityOpt: ['seccomp=unconfined', 'apparmor=unconfined'],
    // What the CLI's --security-opt systempaths=unconfined sends: nothing masked or read-only in /proc, /sys.
    MaskedPaths: [],
    ReadonlyPaths: [],
    CgroupnsMode: 'private',
  };
}
