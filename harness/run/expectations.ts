import type { DeviationSpec } from '../scenario/fields.ts';
import type { Outcome } from '../report/outcome.ts';

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

// Compares what was observed with what the documentation says and what a listed deviation says.
export function outcomeOf(expected: string, observed: string, deviation: DeviationSpec | undefined): Outcome {
  if (observed === 'error' && expected !== 'error' && deviation?.observed !== 'error') return 'error';
  if (deviation === undefined) return observed === expected ? 'pass' : 'fail';
  if (observed === deviation.observed) return 'known-deviation';
  if (observed === expected) return 'deviation-gone';
  return 'fail';
}
