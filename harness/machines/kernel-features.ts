import { HarnessError } from '../core/errors.ts';
import type { KernelFeature } from '../format/requirements.ts';
import type { Machine } from './machine.ts';

export type { KernelFeature } from '../format/requirements.ts';

// How each kernel feature a scenario can require is probed, and what its absence means. A
// Docker-in-Docker host shares the machine's kernel, so a missing feature there is a fact about the
// machine, not about Docker: the scenario is not run, never a claim that failed.
export const kernelFeatures: Readonly<Record<KernelFeature, { probe: string; missing: string }>> = {
  ipvs: {
    probe: 'test -e /proc/net/ip_vs || modprobe ip_vs 2>/dev/null && test -e /proc/net/ip_vs',
    missing: 'the kernel has no IPVS (ip_vs), which swarm\'s ingress routing mesh needs',
  },
  ipv6: {
    probe: 'test -e /proc/net/if_inet6',
    missing: 'the kernel has IPv6 disabled',
  },
};

// The kernel lacks features a scenario requires; the run turns this into a not-run record.
export class KernelFeaturesMissing extends HarnessError {
  readonly missing: readonly KernelFeature[];
  readonly descriptions: readonly string[];

  constructor(host: string, missing: readonly KernelFeature[]) {
    const descriptions = missing.map((feature) => kernelFeatures[feature].missing);
    super('KERNEL_FEATURE_MISSING', `on ${host}: ${descriptions.join('; ')}`);
    this.missing = missing;
    this.descriptions = descriptions;
  }
}

// Probes every required feature on a host before any step; throws KernelFeaturesMissing naming those it lacks.
export async function requireKernelFeatures(host: Machine, features: readonly KernelFeature[]): Promise<void> {
  const missing: KernelFeature[] = [];
  for (const feature of features) {
    if ((await host.exec(kernelFeatures[feature].probe)).exitCode !== 0) missing.push(feature);
  }
  if (missing.length > 0) throw new KernelFeaturesMissing(host.name, missing);
}
