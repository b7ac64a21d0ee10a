import { HarnessError } from '../core/errors.ts';
import type { Machine } from './machine.ts';

// Kernel features a scenario can require. A Docker-in-Docker host shares the machine's kernel, so a
// missing feature there is a fact about the machine, not about Docker: the scenario becomes an error
// naming the feature, never a claim that failed.
export const kernelFeatures = {
  ipvs: {
    probe: 'test -e /proc/net/ip_vs || modprobe ip_vs 2>/dev/null && test -e /proc/net/ip_vs',
    missing: 'the kernel has no IPVS (ip_vs), which swarm\'s ingress routing mesh needs; run this scenario on a VM host, whose own kernel has it',
  },
  ipv6: {
    probe: 'test -e /proc/net/if_inet6',
    missing: 'the kernel has IPv6 disabled',
  },
} as const;

export type KernelFeature = keyof typeof kernelFeatures;

export async function requireKernelFeatures(host: Machine, features: readonly KernelFeature[]): Promise<void> {
  for (const feature of features) {
    const result = await host.exec(kernelFeatures[feature].probe);
    if (result.exitCode !== 0) throw new HarnessError('KERNEL_FEATURE_MISSING', `on ${host.name}: ${kernelFeatures[feature].missing}`);
  }
}
