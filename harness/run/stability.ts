import type { RunRecord } from '../results/records.ts';

export interface Flip {
  // scenario [suite] check name
  readonly check: string;
  // How often each observation was seen across the runs, e.g. { connected: 9, dropped: 1 }.
  readonly seen: Readonly<Record<string, number>>;
}

// Checks whose observation was not the same in every run: each one is a flip to explain and remove.
export function findFlips(runs: readonly RunRecord[]): Flip[] {
  const observations = new Map<string, Record<string, number>>();
  for (const run of runs) {
    for (const scenario of run.scenarios) {
      const keyBase = `${scenario.scenario} [${scenario.suite}]`;
      if (scenario.error) count(observations, `${keyBase} (scenario)`, `error: ${scenario.error.split('\n')[0]}`);
      for (const check of scenario.checks) count(observations, `${keyBase} ${check.name}`, check.observed);
    }
  }
  return [...observations]
    .filter(([, seen]) => Object.keys(seen).length > 1 || Object.values(seen).reduce((a, b) => a + b, 0) < runs.length)
    .map(([check, seen]) => ({ check, seen }));
}

function count(observations: Map<string, Record<string, number>>, key: string, observed: string): void {
  const seen = observations.get(key) ?? {};
  seen[observed] = (seen[observed] ?? 0) + 1;
  observations.set(key, seen);
}
