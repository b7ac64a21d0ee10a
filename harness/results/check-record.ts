import { describeError } from '../core/errors.ts';
import type { DeviationSpec, Verdict } from '../format/fields.ts';
import { scenarioErrorCodeOf } from './error-code.ts';
import { outcomeOf } from './outcome.ts';
import type { CheckObservation, CommandCheckRecord, DecidingRule, FlowDescription, FlowObservation, FlowRecord, RecordPlace, ScenarioFailure } from './records.ts';

// What a check record says besides its place and observation.
export interface CheckFacts {
  readonly name: string;
  readonly detail: string;
  readonly durationMs: number;
  readonly evidenceFile?: string;
  // The deviation listed for this suite and Docker version, if any.
  readonly deviation?: DeviationSpec | undefined;
}

// A flow's record, its outcome decided by the rule from what was expected, seen and listed as a deviation.
export function flowRecord(
  place: RecordPlace,
  facts: CheckFacts & { readonly expected: Verdict; readonly flow?: FlowDescription; readonly decidedBy?: DecidingRule | undefined } & FlowObservation,
): FlowRecord {
  const observation: FlowObservation = facts.observed === 'error' ? { observed: 'error', errorCode: facts.errorCode } : { observed: facts.observed };
  return {
    ...place,
    name: facts.name,
    kind: 'flow',
    expected: facts.expected,
    ...observation,
    ...(facts.flow ? { flow: facts.flow } : {}),
    ...(facts.decidedBy ? { decidedBy: facts.decidedBy } : {}),
    outcome: outcomeOf(facts.expected, facts.observed, facts.deviation),
    ...rest(facts),
  };
}

// A command check's record, its outcome decided by the same rule as a flow's; it is expected to
// pass unless `expected` says it fails on this version.
export function commandCheckRecord(place: RecordPlace, facts: CheckFacts & { readonly expected?: 'pass' | 'fail' } & CheckObservation): CommandCheckRecord {
  const expected = facts.expected ?? 'pass';
  const observation: CheckObservation = facts.observed === 'error' ? { observed: 'error', errorCode: facts.errorCode } : { observed: facts.observed };
  return {
    ...place,
    name: facts.name,
    kind: 'check',
    expected,
    ...observation,
    outcome: outcomeOf(expected, facts.observed, facts.deviation),
    ...rest(facts),
  };
}

// What stopped a scenario, from whatever it threw.
export function scenarioFailure(caught: unknown): ScenarioFailure {
  return { error: describeError(caught), errorCode: scenarioErrorCodeOf(caught) };
}

function rest(facts: CheckFacts): Pick<FlowRecord, 'detail' | 'durationMs' | 'evidenceFile' | 'deviationReason'> {
  return {
    detail: facts.detail,
    durationMs: facts.durationMs,
    ...(facts.evidenceFile === undefined ? {} : { evidenceFile: facts.evidenceFile }),
    ...(facts.deviation ? { deviationReason: facts.deviation.reason } : {}),
  };
}
