import { flowRecord, type CheckFacts } from './check-record.ts';
import type { Outcome } from './outcome.ts';
import type { FlowObservation, FlowRecord, RecordPlace } from './records.ts';
import type { Verdict } from '../format/fields.ts';

// What a flow must have expected and seen, and which deviation was listed, to end in each outcome.
const outcomeExamples: Readonly<Record<Outcome, { expected: Verdict; observation: FlowObservation; deviated?: Verdict }>> = {
  pass: { expected: 'connected', observation: { observed: 'connected' } },
  fail: { expected: 'connected', observation: { observed: 'dropped' } },
  'known-deviation': { expected: 'dropped', observation: { observed: 'connected' }, deviated: 'connected' },
  'deviation-gone': { expected: 'connected', observation: { observed: 'connected' }, deviated: 'dropped' },
  error: { expected: 'connected', observation: { observed: 'error', errorCode: 'no-arrival' } },
};

// A flow record that ends in the given outcome by the harness's own rule, for tests about one outcome.
export function flowWithOutcome(outcome: Outcome, place: RecordPlace, facts: Partial<CheckFacts> & { deviationReason?: string } = {}): FlowRecord {
  const { expected, observation, deviated } = outcomeExamples[outcome];
  const { deviationReason = `deviation of ${outcome}`, ...rest } = facts;
  return flowRecord(place, {
    name: `a ${outcome} check`,
    detail: `detail of ${outcome}`,
    durationMs: 1,
    ...(deviated ? { deviation: { on: [place.suite], observed: deviated, reason: deviationReason } } : {}),
    ...rest,
    expected,
    ...observation,
  });
}
