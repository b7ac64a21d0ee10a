// Two contenders timed side by side on the same machine at the same moment: one warm-up of each
// (caches, page cache, image layers), then A B A B ... so a change of load hits both alike.
export interface Contender {
  readonly name: string;
  // One timed run: its wall time in ms and a note for the reader (failed checks, exit code), or ''.
  run(): Promise<{ readonly ms: number; readonly note: string }>;
}

export interface TimedRun {
  readonly name: string;
  readonly round: number | 'warm-up';
  readonly ms: number;
  readonly note: string;
}

// Runs `a` and `b` alternately; `onRun` sees each run as it ends; the warm-ups are returned too.
export async function interleave(a: Contender, b: Contender, rounds: number, onRun: (run: TimedRun) => void = () => {}): Promise<TimedRun[]> {
  const runs: TimedRun[] = [];
  const schedule: Array<TimedRun['round']> = ['warm-up', ...Array.from({ length: rounds }, (_, index) => index + 1)];
  for (const round of schedule) {
    for (const contender of [a, b]) {
      const { ms, note } = await contender.run();
      const run = { name: contender.name, round, ms, note };
      runs.push(run);
      onRun(run);
    }
  }
  return runs;
}

// The timed (not warm-up) runs of one contender.
export const timedRuns = (runs: readonly TimedRun[], name: string) => runs.filter((run) => run.name === name && run.round !== 'warm-up').map((run) => run.ms);
