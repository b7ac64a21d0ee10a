import { describe, expect, it } from 'vitest';
import { mergeRuns } from './merge.ts';
import { runRecordVersion, type RunRecord, type ScenarioRecord } from '../results/records.ts';

const scenario = (name: string, suite: string): ScenarioRecord => ({ scenario: name, file: `${name}.scenario.ts`, claims: [], suite, dockerVersion: '', checks: [], durationMs: 1 });

describe('mergeRuns', () => {
  it('keeps every scenario, sorted by suite then name, over the span of all runs', () => {
    const first: RunRecord = { schemaVersion: runRecordVersion, runId: 'a', startedAt: '2026-11-22T10:00:00.000Z', durationMs: 60_000, scenarios: [scenario('b', 'trixie'), scenario('a', 'bookworm')] };
    const second: RunRecord = { schemaVersion: runRecordVersion, runId: 'b', startedAt: '2026-11-22T10:00:30.000Z', durationMs: 60_000, scenarios: [scenario('c', 'bookworm')] };
    const merged = mergeRuns([first, second], 'merged');
    expect(merged.scenarios.map((s) => `${s.suite} ${s.scenario}`)).toEqual(['bookworm a', 'bookworm c', 'trixie b']);
    expect(merged).toMatchObject({ schemaVersion: runRecordVersion, runId: 'merged', startedAt: '2026-11-22T10:00:00.000Z', durationMs: 90_000 });
  });

  it('keeps each invalid scenario file once, since every shard loads every file', () => {
    const run = (runId: string, files: string[]): RunRecord => ({
      schemaVersion: runRecordVersion,
      runId,
      startedAt: '2026-11-22T10:00:00.000Z',
      durationMs: 1,
      scenarios: [],
      ...(files.length > 0 ? { invalidFiles: files.map((file) => ({ file, problems: [`${file}: name is required`] })) } : {}),
    });
    expect(mergeRuns([run('a', ['y.scenario.json', 'x.scenario.yaml']), run('b', ['x.scenario.yaml', 'y.scenario.json'])], 'm').invalidFiles?.map((entry) => entry.file)).toEqual(['x.scenario.yaml', 'y.scenario.json']);
    expect(mergeRuns([run('a', []), run('b', [])], 'm')).not.toHaveProperty('invalidFiles');
  });

  it('accepts a deviation gone only when every run did', () => {
    const run = (accept: boolean): RunRecord => ({ schemaVersion: runRecordVersion, runId: 'a', startedAt: '2026-11-22T10:00:00.000Z', durationMs: 1, scenarios: [], ...(accept ? { acceptDeviationGone: true as const } : {}) });
    expect(mergeRuns([run(true), run(true)], 'm').acceptDeviationGone).toBe(true);
    expect(mergeRuns([run(true), run(false)], 'm')).not.toHaveProperty('acceptDeviationGone');
  });
});
