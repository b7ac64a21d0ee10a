import { metOutcomes } from './outcome.ts';
import type { RunRecord } from './records.ts';

// The process exit status of a run: 0 only when every check was met and every scenario ran.
export function exitCodeFor(run: RunRecord): 0 | 1 {
  const allMet = run.scenarios.every(
    (scenario) => scenario.error === undefined && scenario.checks.every((check) => metOutcomes.has(check.outcome)),
  );
  return allMet ? 0 : 1;
}
