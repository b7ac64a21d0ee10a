// How one checked expectation (a flow or a command check) ended, compared with what was documented.
//   pass            observed what the scenario expects
//   known-deviation observed what a listed deviation says for this version (counts as met)
//   deviation-gone  a deviation is listed for this version but the documented behaviour held (met)
//   fail            observed something else
//   error           the harness could not decide (setup failed, packet never reached the host ...)
export type Outcome = 'pass' | 'known-deviation' | 'deviation-gone' | 'fail' | 'error';

export const metOutcomes: ReadonlySet<Outcome> = new Set(['pass', 'known-deviation', 'deviation-gone']);

export interface CheckRecord {
  readonly scenario: string;
  // Scenario file relative to the project root.
  readonly file: string;
  readonly claims: readonly string[];
  // Which host image suite the scenario ran on (bookworm, trixie, forky) and its Docker version.
  readonly suite: string;
  readonly dockerVersion: string;
  readonly name: string;
  readonly kind: 'flow' | 'check';
  readonly expected: string;
  readonly observed: string;
  readonly outcome: Outcome;
  // One line a person reads first: "192.168.1.2 -> 192.168.1.10:8080/tcp dropped by filter DOCKER-USER -j DROP".
  readonly detail: string;
  readonly deviationReason?: string;
  // Path of the evidence file, relative to the run directory.
  readonly evidenceFile?: string;
  readonly durationMs: number;
}

// A scenario that could not run at all (bad setup, missing kernel feature) still gets a record.
export interface ScenarioRecord {
  readonly scenario: string;
  readonly file: string;
  readonly claims: readonly string[];
  // The documentation page (seed file name) the scenario's claims come from, when it names one.
  readonly page?: string;
  readonly suite: string;
  readonly dockerVersion: string;
  readonly checks: readonly CheckRecord[];
  // Set when the scenario's world could not be built or broke; its checks are then errors.
  readonly error?: string;
  // What went wrong around the scenario without touching its verdicts (a teardown that failed).
  readonly warnings?: readonly string[];
  readonly durationMs: number;
}

export interface RunRecord {
  readonly runId: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly scenarios: readonly ScenarioRecord[];
}
