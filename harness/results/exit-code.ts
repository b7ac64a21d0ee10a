import { isMet } from './outcome.ts';
import type { RunRecord } from './records.ts';

// The process exit status of a run: 0 only when every check was met, every scenario ran and no
// scenario file was left out as invalid. A listed
// deviation that did not occur is a change of behaviour, so it is not met unless the run accepts it.
export function exitCodeFor(run: RunRecord): 0 | 1 {
  const accept = run.acceptDeviationGone === true;
  const allMet = run.scenarios.every((scenario) => scenario.error === undefined && scenario.checks.every((check) => isMet(check.outcome, accept)));
  return allMet && (run.invalidFiles ?? []).length === 0 ? 0 : 1;
}
