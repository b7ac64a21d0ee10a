import type { DeviationSpec, Verdict } from '../format/fields.ts';

// How one checked expectation (a flow or a command check) ended, compared with what was expected on
// this version and what a listed deviation says.
//   pass            observed what the scenario expects
//   known-deviation observed what a listed deviation says for this version (counts as met)
//   deviation-gone  a deviation is listed for this version but the expected behaviour held: behaviour
//                   changed, so the scenario needs updating (fails the run unless it is accepted)
//   fail            observed something else
//   error           the harness could not decide (setup failed, packet never reached the host ...)
export const outcomes = ['pass', 'known-deviation', 'deviation-gone', 'fail', 'error'] as const;
export type Outcome = (typeof outcomes)[number];

// Whether an outcome counts as met: a deviation gone only when the run accepts it (--accept-deviation-gone).
export function isMet(outcome: Outcome, acceptDeviationGone: boolean): boolean {
  return outcome === 'pass' || outcome === 'known-deviation' || (outcome === 'deviation-gone' && acceptDeviationGone);
}

// Compares what was observed with what is expected on this version and what a listed deviation says.
export function outcomeOf(expected: Verdict | 'pass' | 'fail', observed: Verdict | 'pass' | 'fail', deviation: DeviationSpec | undefined): Outcome {
  if (observed === 'error' && expected !== 'error' && deviation?.observed !== 'error') return 'error';
  if (deviation === undefined) return observed === expected ? 'pass' : 'fail';
  if (observed === deviation.observed) return 'known-deviation';
  if (observed === expected) return 'deviation-gone';
  return 'fail';
}
