import type { DeviationSpec } from '../format/fields.ts';

export interface VersionContext {
  readonly suite: string;
  readonly dockerVersions: readonly string[];
}

// The deviation listed for the version this run is on, if any: by suite label ("bookworm", or
// "bookworm-vm" on VMs, where "vm" alone also matches) or Docker version prefix.
export function deviationFor(deviations: readonly DeviationSpec[], context: VersionContext): DeviationSpec | undefined {
  const suiteNames = new Set([context.suite, ...context.suite.split('-')]);
  return deviations.find((deviation) =>
    deviation.on.some((target) => suiteNames.has(target) || context.dockerVersions.some((version) => version === target || version.startsWith(`${target}.`) || version.startsWith(`${target}+`))),
  );
}
