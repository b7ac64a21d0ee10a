import { deviationGoneMessage } from '../results/deviation-gone.ts';
import type { Outcome } from '../results/outcome.ts';
import type { CheckRecord, DecidingRule, FlowDescription, RunRecord, ScenarioRecord } from '../results/records.ts';
import { columnLabel, truthTable, type TruthTable } from './truth-table.ts';

// The report of a run, claims or not: every flow and check of every scenario, per suite, with what
// was expected and observed, the rule that decided it and its evidence; the differences first.

// How a flow or check stands in the report:
//   met             observed what the scenario expects (or a deviation gone the run accepts)
//   known-deviation observed what a listed deviation says for this version
//   failed          observed something else, or a listed deviation did not occur (unless accepted)
//   error           the harness could not decide; a scenario that broke is one error too
//   not-applicable  the scenario does not apply to this version (its Docker is older than it needs)
//   not-run         the scenario can not run on this machine (its kernel lacks a feature) but can elsewhere
export const reportOutcomes = ['met', 'known-deviation', 'failed', 'error', 'not-applicable', 'not-run'] as const;
export type ReportOutcome = (typeof reportOutcomes)[number];
export type OutcomeCounts = Readonly<Record<ReportOutcome, number>>;

export const outcomeSymbols: Readonly<Record<ReportOutcome, string>> = { met: '✔', 'known-deviation': '≈', failed: '✘', error: '!', 'not-applicable': '⊘', 'not-run': '—' };
export const outcomeLabels: Readonly<Record<ReportOutcome, string>> = {
  met: 'met',
  'known-deviation': 'known deviation',
  failed: 'failed',
  error: 'error',
  'not-applicable': 'not applicable',
  'not-run': 'not run',
};

// One flow or check, or the error that stopped a scenario.
export interface ReportRow {
  // Unique in the report, for links to it.
  readonly anchor: string;
  readonly kind: 'flow' | 'check' | 'scenario';
  readonly name: string;
  readonly outcome: ReportOutcome;
  readonly expected: string;
  readonly observed: string;
  readonly errorCode?: string;
  readonly flow?: FlowDescription;
  // The deciding rule, as one line.
  readonly decidedBy?: string;
  readonly detail: string;
  // The listed deviation, or what to update when it did not occur.
  readonly note?: string;
  // Relative to the run directory: the check's evidence file, or its scenario's folder.
  readonly evidence: { readonly path: string; readonly folder: boolean };
}

export interface ReportScenario {
  readonly anchor: string;
  readonly name: string;
  readonly file: string;
  readonly claims: readonly string[];
  readonly outcome: ReportOutcome;
  readonly counts: OutcomeCounts;
  readonly rows: readonly ReportRow[];
  readonly truthTable?: TruthTable<ReportRow>;
  readonly warnings: readonly string[];
}

export interface ReportSuite {
  readonly suite: string;
  readonly dockerVersion: string;
  readonly counts: OutcomeCounts;
  readonly scenarios: readonly ReportScenario[];
}

export interface Difference {
  readonly suite: string;
  readonly scenario: ReportScenario;
  readonly row: ReportRow;
}

export interface RunReport {
  readonly runId: string;
  readonly startedAt: string;
  readonly durationMs: number;
  // Met only when nothing failed and nothing errored: the exit code's rule.
  readonly passed: boolean;
  readonly counts: OutcomeCounts;
  readonly checks: number;
  // Failed and errored rows of the whole run, suite by suite.
  readonly differences: readonly Difference[];
  // Scenario files that could not be run at all, with their problems; each counts as one error.
  readonly invalidFiles: readonly { readonly file: string; readonly problems: readonly string[] }[];
  readonly suites: readonly ReportSuite[];
  readonly warnings: readonly string[];
}

// The report of a run, from its records.
export function buildRunReport(run: RunRecord): RunReport {
  const accept = run.acceptDeviationGone === true;
  const suites = unique(run.scenarios.map((scenario) => scenario.suite)).map((suite): ReportSuite => {
    const records = run.scenarios.filter((scenario) => scenario.suite === suite);
    const scenarios = records.map((scenario) => reportScenario(scenario, accept));
    // A scenario skipped before its hosts came up knows its version from the image (20.10.24), one
    // that ran from the daemon (20.10.24+dfsg1): the same version, named once.
    const versions = unique(records.flatMap((scenario) => scenario.dockerVersion.split(/,\s*/)).filter(Boolean));
    const dockerVersion = versions.filter((version) => !versions.some((other) => other !== version && other.startsWith(`${version}+`))).join(', ');
    return { suite, dockerVersion, counts: sumCounts(scenarios.map((scenario) => scenario.counts)), scenarios };
  });
  const invalidFiles = run.invalidFiles ?? [];
  const counts = sumCounts([...suites.map((suite) => suite.counts), { ...emptyCounts(), error: invalidFiles.length }]);
  const differences = suites.flatMap((suite) =>
    suite.scenarios.flatMap((scenario) => scenario.rows.filter((row) => row.outcome === 'failed' || row.outcome === 'error').map((row) => ({ suite: suite.suite, scenario, row }))),
  );
  return {
    runId: run.runId,
    startedAt: run.startedAt,
    durationMs: run.durationMs,
    passed: counts.failed === 0 && counts.error === 0,
    counts,
    checks: run.scenarios.reduce((total, scenario) => total + scenario.checks.length, 0),
    differences,
    invalidFiles,
    suites,
    warnings: [...(run.warnings ?? []), ...run.scenarios.flatMap((scenario) => (scenario.warnings ?? []).map((warning) => `${scenario.scenario} [${scenario.suite}]: ${warning}`))],
  };
}

// Each outcome's count over the whole run: what any headline states.
export function runCounts(run: RunRecord): OutcomeCounts {
  return buildRunReport(run).counts;
}

// How a record's outcome stands in the report.
export function reportOutcome(outcome: Outcome, acceptDeviationGone: boolean): ReportOutcome {
  switch (outcome) {
    case 'pass':
      return 'met';
    case 'known-deviation':
      return 'known-deviation';
    case 'deviation-gone':
      return acceptDeviationGone ? 'met' : 'failed';
    case 'fail':
      return 'failed';
    case 'error':
      return 'error';
  }
}

// "ip filter DOCKER-USER: iifname "eth0" drop (drop)"; several counted rules separated by "; ".
export function decidingRuleText(rule: DecidingRule): string {
  if (rule.by === 'trace') return `${rule.table} ${rule.chain}: ${rule.rule}${rule.verdict ? ` (${rule.verdict})` : ''}`;
  return rule.rules.map((hit) => `${hit.family === 'ipv6' ? 'ip6 ' : ''}${hit.table}: ${hit.rule}`).join('; ');
}

// "allowed -> docker1:8080/tcp" for a flow's row; the destination as a truth table's column names it.
export function flowText(flow: FlowDescription): string {
  return `${flow.from} -> ${columnLabel(flow)}`;
}

// "3 met, 1 known deviation, 1 failed, 2 errors": every count, always, in one order.
export function countsText(counts: OutcomeCounts, options: { notApplicable?: boolean } = {}): string {
  const parts = [`${counts.met} met`, `${counts['known-deviation']} known deviation${counts['known-deviation'] === 1 ? '' : 's'}`, `${counts.failed} failed`, `${counts.error} error${counts.error === 1 ? '' : 's'}`];
  if (options.notApplicable || counts['not-applicable'] > 0) parts.push(`${counts['not-applicable']} not applicable`);
  if (counts['not-run'] > 0) parts.push(`${counts['not-run']} not run`);
  return parts.join(', ');
}

// The worst outcome among counts: failed, then error, then known deviation.
export function worstOutcome(counts: OutcomeCounts): ReportOutcome {
  if (counts.failed > 0) return 'failed';
  if (counts.error > 0) return 'error';
  if (counts['known-deviation'] > 0) return 'known-deviation';
  if (counts.met === 0 && counts['not-run'] > 0) return 'not-run';
  if (counts.met === 0 && counts['not-applicable'] > 0) return 'not-applicable';
  return 'met';
}

function reportScenario(scenario: ScenarioRecord, accept: boolean): ReportScenario {
  const anchor = slug(`${scenario.suite}-${scenario.scenario}`);
  const evidenceDir = `evidence/${scenario.scenario}-${scenario.suite}`;
  const rows: ReportRow[] = scenario.checks.map((check, index) => reportRow(check, `${anchor}-${index + 1}`, accept));
  if (scenario.skipped !== undefined) {
    const notApplicable = scenario.skipped.kind === 'not-applicable';
    rows.push({
      anchor: `${anchor}-skipped`,
      kind: 'scenario',
      name: notApplicable ? 'not applicable on this version' : 'not run on this machine',
      outcome: notApplicable ? 'not-applicable' : 'not-run',
      expected: 'runs',
      observed: notApplicable ? 'not applicable' : 'not run',
      detail: scenario.skipped.reason,
      evidence: { path: evidenceDir, folder: true },
    });
  }
  if (scenario.error !== undefined) {
    rows.push({
      anchor: `${anchor}-error`,
      kind: 'scenario',
      name: 'the scenario could not run to its end',
      outcome: 'error',
      expected: 'runs',
      observed: 'error',
      errorCode: scenario.errorCode,
      detail: scenario.error,
      evidence: { path: evidenceDir, folder: true },
    });
  }
  const counts = countRows(rows);
  const table = truthTable(rows);
  return {
    anchor,
    name: scenario.scenario,
    file: scenario.file,
    claims: scenario.claims,
    outcome: worstOutcome(counts),
    counts,
    rows,
    ...(table ? { truthTable: table } : {}),
    warnings: scenario.warnings ?? [],
  };
}

function reportRow(check: CheckRecord, anchor: string, accept: boolean): ReportRow {
  const outcome = reportOutcome(check.outcome, accept);
  const note = noteOf(check, accept);
  const evidence = check.evidenceFile ? { path: check.evidenceFile, folder: false } : { path: `evidence/${check.scenario}-${check.suite}`, folder: true };
  return {
    anchor,
    kind: check.kind,
    name: check.name,
    outcome,
    expected: check.expected,
    observed: check.observed,
    ...(check.errorCode === undefined ? {} : { errorCode: check.errorCode }),
    ...(check.kind === 'flow' && check.flow ? { flow: check.flow } : {}),
    ...(check.kind === 'flow' && check.decidedBy ? { decidedBy: decidingRuleText(check.decidedBy) } : {}),
    detail: check.detail,
    ...(note === undefined ? {} : { note }),
    evidence,
  };
}

function noteOf(check: CheckRecord, accept: boolean): string | undefined {
  const reason = check.deviationReason ?? '(no reason given)';
  switch (check.outcome) {
    case 'known-deviation':
      return `listed deviation: ${reason}`;
    case 'deviation-gone':
      return accept ? `the listed deviation did not occur (accepted): ${reason}` : `${deviationGoneMessage(check)}; listed deviation: ${reason}`;
    default:
      return undefined;
  }
}

function countRows(rows: readonly ReportRow[]): OutcomeCounts {
  const counts = emptyCounts();
  for (const row of rows) counts[row.outcome] += 1;
  return counts;
}

function sumCounts(all: readonly OutcomeCounts[]): OutcomeCounts {
  const sum = emptyCounts();
  for (const counts of all) for (const outcome of reportOutcomes) sum[outcome] += counts[outcome];
  return sum;
}

function emptyCounts(): Record<ReportOutcome, number> {
  return { met: 0, 'known-deviation': 0, failed: 0, error: 0, 'not-applicable': 0, 'not-run': 0 };
}

// An id fragment safe in HTML and URLs.
function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

// What the claims matrix says where none of its claims' checks failed: true of the whole run, whose
// other scenarios (naming no claim) may have failed. `report` names the file to read instead.
export function noFailureSentence(run: RunRecord, report: string): string {
  const { failed } = runCounts(run);
  return failed === 0 ? 'No check failed.' : `No check of a claim observed other than documented, but the run has ${failed} failed: see ${report}.`;
}

// The same for errors: none in the claims' cells is not none in the run.
export function noErrorSentence(run: RunRecord, report: string): string {
  const { error } = runCounts(run);
  return error === 0 ? 'None: the harness decided every claim it ran.' : `None in the claims' cells, but the run has ${error} error${error === 1 ? '' : 's'}: see ${report}.`;
}
