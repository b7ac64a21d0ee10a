import { code, inline } from './markdown-text.ts';
import { evidenceHref, formatDuration, formatStartedAt } from './matrix.ts';
import { countsText, flowText, outcomeLabels, outcomeSymbols, reportOutcomes, type ReportRow, type ReportScenario, type ReportSuite, type RunReport } from './run-report.ts';
import type { TruthTable } from './truth-table.ts';

// report.md: the run's headline with its true totals, the differences (failed, error) first, then
// per suite every scenario with its truth table and every flow and check. Links are relative to the
// run directory, where this file is written.
export function runReportMarkdown(report: RunReport): string {
  const lines: string[] = [];
  lines.push(`# Run report: ${inline(report.runId)}`, '');
  lines.push(headline(report), '');
  lines.push(`Started ${inline(formatStartedAt(report.startedAt))}, took ${formatDuration(report.durationMs)}. Outcomes: ${reportOutcomes.map((outcome) => `${outcomeSymbols[outcome]} ${outcomeLabels[outcome]}`).join(' · ')}.`, '');

  lines.push('## Differences', '');
  for (const invalid of report.invalidFiles) {
    lines.push(`- ${outcomeSymbols.error} **invalid scenario file, not run** ${inline(invalid.file)}`);
    for (const problem of invalid.problems) lines.push(`  - ${inline(problem)}`);
  }
  if (report.differences.length === 0 && report.invalidFiles.length === 0) lines.push('None: every flow and check met its expectation or a known deviation.', '');
  for (const { suite, scenario, row } of report.differences) {
    lines.push(`- ${outcomeSymbols[row.outcome]} **${outcomeLabels[row.outcome]}** ${inline(suite)} · ${inline(scenario.name)} · **${inline(row.name)}**: expected ${inline(row.expected)}, observed ${observed(row)}${row.decidedBy ? `; decided by ${code(row.decidedBy)}` : ''} ([evidence](${href(row)}))`);
    lines.push(`  ${inline(row.note ?? row.detail)}`);
  }
  if (report.differences.length > 0 || report.invalidFiles.length > 0) lines.push('');

  for (const suite of report.suites) lines.push(...suiteSection(suite));

  if (report.warnings.length > 0) {
    lines.push('## Warnings', '');
    for (const warning of report.warnings) lines.push(`- ⚠ ${inline(warning)}`);
    lines.push('');
  }
  return lines.join('\n').replace(/\n+$/, '\n');
}

// "**✘ 1 failed, 2 errors** in 10 flows and checks (7 met, 1 known deviation) ...": the whole run's totals.
export function headline(report: RunReport): string {
  const suites = report.suites.map((suite) => (suite.dockerVersion ? `${suite.suite} (Docker ${suite.dockerVersion})` : suite.suite)).join(', ');
  const scenarioRuns = report.suites.reduce((total, suite) => total + suite.scenarios.length, 0);
  const where = `${report.checks} flows and checks of ${scenarioRuns} scenario run${scenarioRuns === 1 ? '' : 's'} on ${inline(suites) || 'no suite'}`;
  const verdict = report.passed ? '✔ The run met every expectation' : `✘ The run failed: ${report.counts.failed} failed, ${report.counts.error} error${report.counts.error === 1 ? '' : 's'}`;
  return `**${verdict}.** ${countsText(report.counts)}; ${where}.`;
}

function suiteSection(suite: ReportSuite): string[] {
  const lines: string[] = [];
  lines.push(`## ${inline(suite.suite)}${suite.dockerVersion ? ` (Docker ${inline(suite.dockerVersion)})` : ''}: ${countsText(suite.counts)}`, '');
  lines.push('| | scenario | claims | met | known deviation | failed | error |', '|---|---|---|---|---|---|---|');
  for (const scenario of suite.scenarios) {
    const { counts } = scenario;
    lines.push(`| ${outcomeSymbols[scenario.outcome]} | ${inline(scenario.name, true)} | ${inline(scenario.claims.join(', '), true) || 'none'} | ${counts.met} | ${counts['known-deviation']} | ${emphasis(counts.failed)} | ${emphasis(counts.error)} |`);
  }
  lines.push('');
  for (const scenario of suite.scenarios) lines.push(...scenarioSection(suite, scenario));
  return lines;
}

function scenarioSection(suite: ReportSuite, scenario: ReportScenario): string[] {
  const lines: string[] = [];
  lines.push(`### ${outcomeSymbols[scenario.outcome]} ${inline(scenario.name)} (${inline(suite.suite)})`, '');
  const claims = scenario.claims.length > 0 ? `claims ${inline(scenario.claims.join(', '))}` : 'no claims';
  lines.push(`${code(scenario.file)}, ${claims}: ${countsText(scenario.counts)}.`, '');
  if (scenario.truthTable) lines.push(...truthTableLines(scenario.truthTable));
  if (scenario.rows.length > 0) {
    lines.push('| outcome | flow or check | from → to | expected | observed | deciding rule | evidence |', '|---|---|---|---|---|---|---|');
    for (const row of scenario.rows) {
      const outcome = `${outcomeSymbols[row.outcome]} ${outcomeLabels[row.outcome]}`;
      const name = `${inline(row.name, true)}${row.note ? ` — *${inline(row.note, true)}*` : ''}`;
      lines.push(
        `| ${isDifference(row) ? `**${outcome}**` : outcome} | ${name} | ${row.flow ? inline(flowText(row.flow), true) : ''} | ${inline(row.expected, true)} | ${observed(row, true)} | ${row.decidedBy ? code(row.decidedBy, true) : ''} | [evidence](${href(row)}) |`,
      );
    }
    lines.push('');
  }
  for (const warning of scenario.warnings) lines.push(`⚠ ${inline(warning)}`, '');
  return lines;
}

// Sources down, destinations across; each cell the observed verdict(s), linked to the evidence,
// with the expected verdict beside any that differs from it.
function truthTableLines(table: TruthTable<ReportRow>): string[] {
  const lines = ['Truth table (rows: from, columns: to):', ''];
  lines.push(`| from \\ to | ${table.columns.map((column) => inline(column.label, true)).join(' | ')} |`);
  lines.push(`|---|${table.columns.map(() => '---|').join('')}`);
  table.rows.forEach((source, index) => {
    const cells = (table.cells[index] ?? []).map((cell) => cell.map(truthEntry).join(' then '));
    lines.push(`| ${inline(source, true)} | ${cells.join(' | ')} |`);
  });
  lines.push('');
  return lines;
}

function truthEntry(row: ReportRow): string {
  const seen = `${outcomeSymbols[row.outcome]} ${row.errorCode ?? row.observed}`;
  const link = `[${isDifference(row) ? `**${inline(seen, true)}**` : inline(seen, true)}](${href(row)})`;
  return row.outcome === 'met' ? link : `${link} (expected ${inline(row.expected, true)})`;
}

function observed(row: ReportRow, table = false): string {
  const text = inline(row.observed, table) + (row.errorCode ? ` (${inline(row.errorCode, table)})` : '');
  return isDifference(row) ? `**${text}**` : text;
}

function isDifference(row: ReportRow): boolean {
  return row.outcome === 'failed' || row.outcome === 'error';
}

function emphasis(count: number): string {
  return count > 0 ? `**${count}**` : '0';
}

function href(row: ReportRow): string {
  return evidenceHref(row.evidence.path, row.evidence.folder);
}
