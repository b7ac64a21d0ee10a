// What a scenario can require of the machine it runs on: a Docker release and kernel features.

// A Docker release as the claims catalogue and scenarios write it: "28", "28.2", "20.10.24".
export const releasePattern = /^\d+(\.\d+){0,2}$/;

// Kernel features a scenario can require (probed in harness/machines/kernel-features.ts).
export const kernelFeatureNames = ['ipvs', 'ipv6'] as const;
export type KernelFeature = (typeof kernelFeatureNames)[number];

// The leading numeric release of a version string: "20.10.24+dfsg1" -> [20, 10, 24]; [] when none.
export function releaseParts(version: string): number[] {
  const match = /^v?(\d+(?:\.\d+)*)/.exec(version.trim());
  return match ? match[1]!.split('.').map(Number) : [];
}

// "20.10.24+dfsg1-1+deb12u1" -> "20.10.24": what the reports show.
export function releaseOf(version: string): string {
  return releaseParts(version).join('.') || version;
}

// Orders two releases by their numeric parts; missing parts count as 0 ("28" = "28.0").
export function compareReleases(a: string, b: string): number {
  const left = releaseParts(a);
  const right = releaseParts(b);
  for (let i = 0; i < Math.max(left.length, right.length); i += 1) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
