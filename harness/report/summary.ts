import { deviationGoneMessage } from '../results/deviation-gone.ts';
import type { Outcome } from '../results/outcome.ts';
import type { CheckRecord, InvalidFileRecord, RunRecord, ScenarioRecord } from '../results/records.ts';
import { buildRunReport, countsText, outcomeSymbols } from './run-report.ts';

interface Counts {
  passed: number;
  failed: number;
  knownDeviations: number;
  deviationsGone: number;
  errors: number;
  // Scenarios that did not run here by what they declare: too old a Docker, or a kernel feature missing.
  notApplicable: number;
  notRun: number;
  // Teardowns that failed: no verdict changes, but something may have been left behind.
  warnings: number;
}

// The short plain-text verdict a person reads at the end of a run (printed, and saved as summary.txt):
// every scenario per suite with its counts, then the scenarios with something to say (failures,
// errors, deviations, warnings) with their details, then the totals.
export function summarize(run: RunRecord): string {
  const lines: string[] = everyScenario(run);
  const total = emptyCounts();
  const accept = run.acceptDeviationGone === true;
  for (const invalid of run.invalidFiles ?? []) {
    total.errors += 1;
    lines.push(...invalidFileLines(invalid));
  }
  for (const scenario of run.scenarios) {
    const counts = scenarioCounts(scenario);
    addCounts(total, counts);
    if (scenario.skipped !== undefined) {
      const what = scenario.skipped.kind === 'not-applicable' ? 'not applicable' : 'not run';
      lines.push(`– ${oneLine(scenario.scenario)} [${oneLine(scenario.suite)}]: ${what}: ${oneLine(scenario.skipped.reason.replace(/^not run: /, ''))}`);
      for (const warning of scenario.warnings ?? []) lines.push(...block('    ⚠ warning: ', warning));
      continue;
    }
    if (counts.passed === scenario.checks.length && counts.errors === 0 && counts.warnings === 0) continue;
    lines.push(`${scenarioMark(counts, accept)} ${oneLine(scenario.scenario)} [${oneLine(scenario.suite)}]: ${formatCounts(counts, accept)}`);
    for (const check of scenario.checks) {
      lines.push(...checkLines(check, accept));
    }
    if (scenario.error !== undefined) {
      lines.push(...block('    ! scenario error: ', scenario.error), `      error code: ${scenario.errorCode}`);
    }
    for (const warning of scenario.warnings ?? []) {
      lines.push(...block('    ⚠ warning: ', warning));
    }
  }
  for (const warning of run.warnings ?? []) {
    total.warnings += 1;
    lines.push(...block('⚠ warning: ', warning));
  }
  if (lines.length > 0 && lines.at(-1) !== '') lines.push('');
  lines.push(formatCounts(total, accept));
  return lines.join('\n') + '\n';
}

// A file left out of the run, with every problem that kept it out; one error in the counts.
function invalidFileLines(invalid: InvalidFileRecord): string[] {
  return [`! ${oneLine(invalid.file)}: invalid scenario file, not run`, ...invalid.problems.flatMap((problem) => block('    ! ', problem))];
}

// Per suite, each scenario's met, known-deviation, failed and error counts, as the run report counts them.
function everyScenario(run: RunRecord): string[] {
  const lines: string[] = [];
  for (const suite of buildRunReport(run).suites) {
    lines.push(`${oneLine(suite.suite)}${suite.dockerVersion ? ` (Docker ${oneLine(suite.dockerVersion)})` : ''}: ${countsText(suite.counts)}`);
    for (const scenario of suite.scenarios) lines.push(`  ${outcomeSymbols[scenario.outcome]} ${oneLine(scenario.name)}: ${countsText(scenario.counts)}`);
  }
  if (lines.length > 0) lines.push('');
  return lines;
}

// Nothing for a pass; a failure or an error with its detail; a deviation gone is a failure saying
// what to update, unless the run accepts it (--accept-deviation-gone).
function checkLines(check: CheckRecord, accept: boolean): string[] {
  const name = oneLine(check.name);
  switch (check.outcome) {
    case 'pass':
      return [];
    case 'fail':
    case 'error': {
      const mark = check.outcome === 'fail' ? '✘' : '!';
      const lines = block(`    ${mark} ${name} (${check.outcome}): `, check.detail);
      if (check.errorCode !== undefined) lines.push(`      error code: ${check.errorCode}`);
      if (check.evidenceFile !== undefined) lines.push(`      evidence: ${oneLine(check.evidenceFile)}`);
      return lines;
    }
    case 'known-deviation':
      return block(`    ~ ${name}: known deviation: `, check.deviationReason ?? '(no reason given)');
    case 'deviation-gone': {
      if (accept) return block(`    ~ ${name}: deviation gone (accepted), documented behaviour held; listed deviation: `, check.deviationReason ?? '(no reason given)');
      const lines = [...block(`    ✘ ${name} (deviation gone): `, deviationGoneMessage(check)), ...block('      listed deviation: ', check.deviationReason ?? '(no reason given)')];
      if (check.evidenceFile !== undefined) lines.push(`      evidence: ${oneLine(check.evidenceFile)}`);
      return lines;
    }
  }
}

function emptyCounts(): Counts {
  return { passed: 0, failed: 0, knownDeviations: 0, deviationsGone: 0, errors: 0, notApplicable: 0, notRun: 0, warnings: 0 };
}

function scenarioCounts(scenario: ScenarioRecord): Counts {
  const counts = emptyCounts();
  for (const check of scenario.checks) countOutcome(counts, check.outcome);
  // An errored scenario is one more error, matching its extra failing TAP test point.
  if (scenario.error !== undefined) counts.errors += 1;
  if (scenario.skipped?.kind === 'not-applicable') counts.notApplicable += 1;
  if (scenario.skipped?.kind === 'kernel') counts.notRun += 1;
  counts.warnings += scenario.warnings?.length ?? 0;
  return counts;
}

function countOutcome(counts: Counts, outcome: Outcome): void {
  switch (outcome) {
    case 'pass':
      counts.passed += 1;
      break;
    case 'fail':
      counts.failed += 1;
      break;
    case 'known-deviation':
      counts.knownDeviations += 1;
      break;
    case 'deviation-gone':
      counts.deviationsGone += 1;
      break;
    case 'error':
      counts.errors += 1;
      break;
  }
}

function addCounts(into: Counts, from: Counts): void {
  into.passed += from.passed;
  into.failed += from.failed;
  into.knownDeviations += from.knownDeviations;
  into.deviationsGone += from.deviationsGone;
  into.errors += from.errors;
  into.notApplicable += from.notApplicable;
  into.notRun += from.notRun;
  into.warnings += from.warnings;
}

// "N passed, N failed" always; the other kinds only when non-zero.
function formatCounts(counts: Counts, accept: boolean): string {
  const parts = [`${counts.passed} passed`, `${counts.failed} failed`];
  if (counts.knownDeviations > 0) parts.push(`${counts.knownDeviations} known deviations`);
  if (counts.deviationsGone > 0) parts.push(`${counts.deviationsGone} deviations gone${accept ? ' (accepted)' : ''}`);
  if (counts.errors > 0) parts.push(`${counts.errors} errors`);
  if (counts.notApplicable > 0) parts.push(`${counts.notApplicable} scenario runs not applicable`);
  if (counts.notRun > 0) parts.push(`${counts.notRun} scenario runs not run (kernel)`);
  if (counts.warnings > 0) parts.push(`${counts.warnings} warnings`);
  return parts.join(', ');
}

// A failing check outranks a harness error: it is a real verdict against the documentation. So does
// a deviation gone that the run does not accept: behaviour changed.
function scenarioMark(counts: Counts, accept: boolean): string {
  if (counts.failed > 0 || (counts.deviationsGone > 0 && !accept)) return '✘';
  if (counts.errors > 0) return '!';
  return '✔';
}

// The first line after the prefix, later lines indented beneath it.
function block(prefix: string, text: string): string[] {
  const [first = '', ...rest] = plain(text).split('\n');
  return [prefix + first, ...rest.map((line) => `      ${line}`)];
}

function oneLine(text: string): string {
  return plain(text).replace(/\n/g, ' ');
}

// Control characters (terminal escapes in captured output, carriage returns) have no place in a
// plain-text file; CRLF becomes LF and the rest become U+FFFD.
function plain(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '\uFFFD')
    .replace(/\n+$/, '');
}
