import { runRecordVersion, type RunRecord } from '../results/records.ts';

// One run made of several (shards of one suite, or of many machines): every scenario record, in a
// stable order, and every invalid scenario file once, over the whole time span the runs covered.
// A deviation gone counts as met only when every run accepted it.
export function mergeRuns(runs: readonly RunRecord[], runId: string): RunRecord {
  if (runs.length === 0) throw new Error('nothing to merge');
  const starts = runs.map((run) => Date.parse(run.startedAt));
  const ends = runs.map((run, index) => starts[index]! + run.durationMs);
  const scenarios = runs
    .flatMap((run) => run.scenarios)
    .sort((a, b) => (a.suite === b.suite ? a.scenario.localeCompare(b.scenario) : a.suite.localeCompare(b.suite)));
  const warnings = runs.flatMap((run) => run.warnings ?? []);
  // Every shard loads every file, so each reports the same invalid ones: keep each file once.
  const invalidFiles = [...new Map(runs.flatMap((run) => run.invalidFiles ?? []).map((entry) => [entry.file, entry])).values()].sort((a, b) => a.file.localeCompare(b.file));
  return {
    schemaVersion: runRecordVersion,
    runId,
    startedAt: new Date(Math.min(...starts)).toISOString(),
    durationMs: Math.max(...ends) - Math.min(...starts),
    scenarios,
    ...(invalidFiles.length > 0 ? { invalidFiles } : {}),
    ...(runs.every((run) => run.acceptDeviationGone === true) ? { acceptDeviationGone: true as const } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}
