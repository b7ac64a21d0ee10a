import { describe, expect, it } from 'vitest';
import { runRecordVersion, type CheckRecord, type RunRecord } from '../results/records.ts';
import { findFlips } from './stability.ts';

function runWith(observed: Record<string, string>, error?: string): RunRecord {
  const checks = Object.entries(observed).map(([name, value]) => ({ name, observed: value }) as CheckRecord);
  const scenario = { scenario: 's', file: 'f', claims: [], suite: 'bookworm', dockerVersion: '20.10', checks, durationMs: 1 };
  return {
    schemaVersion: runRecordVersion,
    runId: 'r',
    startedAt: '2026-11-22T00:00:00.000Z',
    durationMs: 1,
    scenarios: [error ? { ...scenario, error, errorCode: 'daemon-start' } : scenario],
  };
}

describe('findFlips', () => {
  it('finds nothing when every run saw the same', () => {
    expect(findFlips([runWith({ a: 'connected', b: 'dropped' }), runWith({ a: 'connected', b: 'dropped' })])).toEqual([]);
  });

  it('counts each observation of a check that flipped', () => {
    expect(findFlips([runWith({ a: 'connected' }), runWith({ a: 'dropped' }), runWith({ a: 'connected' })])).toEqual([
      { check: 's [bookworm] a', seen: { connected: 2, dropped: 1 } },
    ]);
  });

  it('counts a check missing from a run (its scenario broke) as a flip', () => {
    const flips = findFlips([runWith({ a: 'connected' }), runWith({}, 'dockerd did not answer')]);
    expect(flips.map((flip) => flip.check)).toEqual(['s [bookworm] a', 's [bookworm] (scenario)']);
  });
});
