import { deviationGoneMessage } from '../results/deviation-gone.ts';
import { isMet, type Outcome } from '../results/outcome.ts';
import type { CheckRecord, InvalidFileRecord, ScenarioFailure, ScenarioRecord, RunRecord } from '../results/records.ts';
import type { ScenarioSkip } from '../results/skip.ts';

// One test point before it is rendered: what the TAP line says and what its YAML block carries.
interface TestPoint {
  readonly ok: boolean;
  readonly description: string;
  // Ordered key/value pairs; strings are emitted JSON-quoted, numbers bare.
  readonly diag: ReadonlyArray<readonly [string, string | number]>;
  // A SKIP directive's reason: the scenario did not run here, by what it declares.
  readonly skip?: string;
}

// TAP version 14 text of a run, so CI and tap-junit can read the verdicts of every check.
export function toTap(run: RunRecord): string {
  const accept = run.acceptDeviationGone === true;
  const invalid = (run.invalidFiles ?? []).map(invalidFilePoint);
  const scenarios = run.scenarios.map((scenario) => ({ scenario, points: scenarioPoints(scenario, accept) }));
  const lines = ['TAP version 14', `1..${invalid.length + scenarios.reduce((total, { points }) => total + points.length, 0)}`];
  let index = 0;
  const render = (point: TestPoint) => {
    index += 1;
    const directive = point.skip === undefined ? '' : ` # SKIP ${escapeDescription(point.skip)}`;
    lines.push(`${point.ok ? 'ok' : 'not ok'} ${index} - ${escapeDescription(point.description)}${directive}`);
    lines.push('  ---');
    for (const [key, value] of point.diag) {
      lines.push(`  ${key}: ${typeof value === 'number' ? String(value) : JSON.stringify(xmlSafe(value))}`);
    }
    lines.push('  ...');
  };
  invalid.forEach(render);
  for (const { scenario, points } of scenarios) {
    points.forEach(render);
    lines.push(...warningComments(scenario));
  }
  return lines.join('\n') + '\n';
}

// A scenario file left out of the run: a failing test point carrying every problem found in it.
function invalidFilePoint(invalid: InvalidFileRecord): TestPoint {
  const outcome: Outcome = 'error';
  return { ok: false, description: `${invalid.file} (invalid scenario file)`, diag: [['outcome', outcome], ['detail', invalid.problems.join('\n')]] };
}

// A scenario's warnings as TAP comments after its test points: read by people, ignored by parsers,
// so a failed teardown never changes a verdict.
function warningComments(scenario: ScenarioRecord): string[] {
  return (scenario.warnings ?? []).flatMap((warning) =>
    xmlSafe(`warning: ${scenario.scenario} [${scenario.suite}]: ${warning}`)
      .split(/\r\n?|\n/)
      .map((line) => `# ${line}`),
  );
}

// A scenario's test points: one per check, plus one failing point for a scenario-level error so
// that an errored scenario can never look green in TAP (its checks, if any, may have passed
// before the world broke).
function scenarioPoints(scenario: ScenarioRecord, accept: boolean): TestPoint[] {
  if (scenario.skipped !== undefined) return [skippedPoint(scenario, scenario.skipped)];
  const points = scenario.checks.map((check) => checkPoint(check, accept));
  if (scenario.error !== undefined) {
    points.push(scenarioErrorPoint(scenario, scenario));
  }
  return points;
}

// A deviation gone that the run does not accept fails its test point, and says what to update.
function checkPoint(check: CheckRecord, accept: boolean): TestPoint {
  const diag: Array<readonly [string, string | number]> = [
    ['outcome', check.outcome],
    ['expected', check.expected],
    ['observed', check.observed],
    ...(check.errorCode === undefined ? [] : [['error_code', check.errorCode] as const]),
    ['detail', check.detail],
    ['claims', check.claims.join(', ')],
    ['suite', check.suite],
    ['docker', check.dockerVersion],
  ];
  if (check.evidenceFile !== undefined) diag.push(['evidence', check.evidenceFile]);
  if (check.deviationReason !== undefined) diag.push(['deviation', check.deviationReason]);
  if (check.outcome === 'deviation-gone' && !accept) diag.push(['message', deviationGoneMessage(check)]);
  diag.push(['duration_ms', finiteNumber(check.durationMs)]);
  return {
    ok: isMet(check.outcome, accept),
    description: `${check.scenario} [${check.suite}] ${guardBrace(check.name)}`,
    diag,
  };
}

function scenarioErrorPoint(scenario: ScenarioRecord, failure: ScenarioFailure): TestPoint {
  const outcome: Outcome = 'error';
  return {
    ok: false,
    description: `${scenario.scenario} [${scenario.suite}]`,
    diag: [
      ['outcome', outcome],
      ['error_code', failure.errorCode],
      ['detail', failure.error],
      ['claims', scenario.claims.join(', ')],
      ['suite', scenario.suite],
      ['docker', scenario.dockerVersion],
      ['duration_ms', finiteNumber(scenario.durationMs)],
    ],
  };
}

// A scenario that did not run here: one skipped point (JUnit's <skipped/>), which never fails the run.
function skippedPoint(scenario: ScenarioRecord, skipped: ScenarioSkip): TestPoint {
  return {
    ok: true,
    description: `${scenario.scenario} [${scenario.suite}]`,
    skip: skipped.kind === 'not-applicable' ? `not applicable: ${skipped.reason}` : skipped.reason,
    diag: [
      ['outcome', skipped.kind === 'not-applicable' ? 'not-applicable' : 'not-run'],
      ['detail', skipped.reason],
      ...(skipped.kind === 'not-applicable' ? [['needs_docker', skipped.needsDocker] as const] : [['run_with', skipped.runWith] as const]),
      ['claims', scenario.claims.join(', ')],
      ['suite', scenario.suite],
      ['docker', scenario.dockerVersion],
    ],
  };
}

// A test point line ending in "{" opens a buffered subtest in TAP 14 and cannot be escaped,
// so such a check name is quoted.
function guardBrace(name: string): string {
  return /\{\s*$/.test(name) ? `"${name.trimEnd()}"` : name;
}

// TAP descriptions are one line; "\" and "#" must be escaped or "#" starts a directive.
function escapeDescription(text: string): string {
  return xmlSafe(text)
    .replace(/[\r\n\t]+/g, ' ')
    .trim()
    .replace(/\\/g, '\\\\')
    .replace(/#/g, '\\#');
}

// tap-junit copies names and diagnostics into XML verbatim, and characters that XML 1.0 forbids
// (control characters, lone surrogates) would make junit.xml unreadable; they become U+FFFD.
function xmlSafe(text: string): string {
  return text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD');
}

// YAML (and JSON) have no NaN or Infinity literals a reader would accept.
function finiteNumber(value: number): number {
  return Number.isFinite(value) ? Math.round(value) : 0;
}
