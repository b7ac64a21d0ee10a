import type { DeviationSpec, Verdict } from '../format/fields.ts';

// How one checked expectation (a flow or a command check) ended, compared with what was documented.
//   pass            observed what the scenario expects
//   known-deviation observed what a listed deviation says for this version (counts as met)
//   deviation-gone  a deviation is listed for this version but the documented behaviour held (met)
//   fail            observed something else
//   error           the harness could not decide (setup failed, packet never reached the host ...)
export const outcomes = ['pass', 'known-deviation', 'deviation-gone', 'fail', 'error'] as const;
export type Outcome = (typeof outcomes)[number];

export const metOutcomes: ReadonlySet<Outcome> = new Set(['pass', 'known-deviation', 'deviation-gone']);

// Compares what was observed with what the documentation says and what a listed deviation says.
export function outcomeOf(expected: Verdict | 'pass', observed: Verdict | 'pass' | 'fail', deviation: DeviationSpec | undefined): Outcome {
  if (observed === 'error' && expected !== 'error' && deviation?.observed !== 'error') return 'error';
  if (deviation === undefined) return observed === expected ? 'pass' : 'fail';
  if (observed === deviation.observed) return 'known-deviation';
  if (observed === expected) return 'deviation-gone';
  return 'fail';
}
