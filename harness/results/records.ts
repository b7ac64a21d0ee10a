import type { Verdict } from '../format/fields.ts';
import type { CheckErrorCode, FlowErrorCode, ScenarioErrorCode } from './error-code.ts';
import type { Outcome } from './outcome.ts';
import type { ScenarioSkip } from './skip.ts';

// The version of run.json's shape: merge reads only run.json files of this version.
export const runRecordVersion = 1;

// Where a check ran: its scenario, and on which suite and Docker version.
export interface RecordPlace {
  readonly scenario: string;
  // Scenario file relative to the project root.
  readonly file: string;
  readonly claims: readonly string[];
  // Which host image suite the scenario ran on (bookworm, trixie, forky) and its Docker version.
  readonly suite: string;
  readonly dockerVersion: string;
}

interface CheckCommon extends RecordPlace {
  readonly name: string;
  readonly outcome: Outcome;
  // One line a person reads first: "192.168.1.2 -> 192.168.1.10:8080/tcp dropped by filter DOCKER-USER -j DROP".
  readonly detail: string;
  readonly deviationReason?: string;
  // Path of the evidence file, relative to the run directory.
  readonly evidenceFile?: string;
  readonly durationMs: number;
}

// What a flow's probe saw; an "error" verdict carries why in a code (the detail says it for people).
export type FlowObservation =
  | { readonly observed: Exclude<Verdict, 'error'>; readonly errorCode?: undefined }
  | { readonly observed: 'error'; readonly errorCode: FlowErrorCode };

// What a flow is, as its scenario states it, for reports that lay flows out by source and
// destination: `from` and `to` as written ("allowed", "web on docker1"; "docker1", "127.0.0.1",
// "web@docker1"), and the address the probe went to.
export interface FlowDescription {
  readonly from: string;
  readonly to: string;
  readonly via?: string;
  readonly port: number;
  readonly proto: 'tcp' | 'udp';
  readonly family: 'ipv4' | 'ipv6';
  readonly address?: string;
}

// The rule that decided a flow, quoted without counters: the one its packet trace names, or, where
// the trace names none, the accepting and dropping rules whose counters rose during the flow.
export type DecidingRule =
  | { readonly by: 'trace'; readonly table: string; readonly chain: string; readonly rule: string; readonly verdict: string }
  | { readonly by: 'rule-hits'; readonly rules: readonly { readonly family: 'ipv4' | 'ipv6'; readonly table: string; readonly rule: string }[] };

// A flow's verdict against the one the documentation gives. `flow` and `decidedBy` are absent in
// records written before the harness kept them.
export type FlowRecord = CheckCommon & {
  readonly kind: 'flow';
  readonly expected: Verdict;
  readonly flow?: FlowDescription;
  readonly decidedBy?: DecidingRule;
} & FlowObservation;

// What a command check saw: its command's result met every expectation or not, or the command
// failed (non-zero exit where the check states no exitCode) or ran out of time, so it could not be judged.
export type CheckObservation =
  | { readonly observed: 'pass' | 'fail'; readonly errorCode?: undefined }
  | { readonly observed: 'error'; readonly errorCode: CheckErrorCode };

// A command check's observation against the one expected on this version ("fail" where its failsOn names it).
export type CommandCheckRecord = CheckCommon & { readonly kind: 'check'; readonly expected: 'pass' | 'fail' } & CheckObservation;

export type CheckRecord = FlowRecord | CommandCheckRecord;

// What stopped a scenario: the message a person reads, and its code.
export interface ScenarioFailure {
  readonly error: string;
  readonly errorCode: ScenarioErrorCode;
}

// A scenario that could not run at all (bad setup, missing kernel feature) still gets a record.
export type ScenarioRecord = {
  readonly scenario: string;
  readonly file: string;
  readonly claims: readonly string[];
  // The documentation page (seed file name) the scenario's claims come from, when it names one.
  readonly page?: string;
  readonly suite: string;
  readonly dockerVersion: string;
  readonly checks: readonly CheckRecord[];
  // What went wrong around the scenario without touching its verdicts (a teardown that failed).
  readonly warnings?: readonly string[];
  readonly durationMs: number;
  // Set when the scenario's world could not be built or broke; its checks are then errors. Or set
  // `skipped` when what the scenario declares rules this suite out (it then has no checks).
} & (
  | (ScenarioFailure & { readonly skipped?: undefined })
  | { readonly error?: undefined; readonly errorCode?: undefined; readonly skipped?: ScenarioSkip }
);

// A scenario file that could not be run at all (it does not parse or does not validate): the other
// files ran without it, and the run fails.
export interface InvalidFileRecord {
  // Relative to the project root.
  readonly file: string;
  // Each problem as printed: "scenarios/x.scenario.yaml:14:7: flows[2].port must be ... (got 70000)".
  readonly problems: readonly string[];
}

export interface RunRecord {
  readonly schemaVersion: typeof runRecordVersion;
  readonly runId: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly scenarios: readonly ScenarioRecord[];
  // Scenario files left out of the run because they are invalid (absent when there were none).
  readonly invalidFiles?: readonly InvalidFileRecord[];
  // Set when the run was told (--accept-deviation-gone) that a listed deviation which did not occur
  // counts as met; otherwise such a check fails the run.
  readonly acceptDeviationGone?: true;
  // What went wrong around the whole run without touching a verdict (its containers or VM site
  // could not all be removed at the end).
  readonly warnings?: readonly string[];
}
