import { escapeHtml } from './matrix-html.ts';
import { evidenceHref, formatDuration, formatStartedAt } from './matrix.ts';
import { countsText, flowText, outcomeLabels, outcomeSymbols, reportOutcomes, type ReportRow, type ReportScenario, type ReportSuite, type RunReport } from './run-report.ts';
import type { TruthTable } from './truth-table.ts';

const style = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5em; color: #1b1b1b; background: #fff; }
h1 { font-size: 1.5em; } h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ccc; } h3 { font-size: 1.05em; margin: 1.6em 0 .3em; }
p.headline { font-size: 1.1em; padding: .5em .7em; border-radius: 4px; }
p.headline.passed { background: #d5f5d5; } p.headline.failed { background: #f8cfcf; }
table { border-collapse: collapse; margin: .5em 0 1em; }
th, td { border: 1px solid #aaa; padding: .25em .5em; vertical-align: top; text-align: left; }
thead th { background: #f0f0f0; }
.failed { background: #f8cfcf; } .error { background: #fde0b8; } .known-deviation { background: #fdf3c4; } .not-applicable { color: #777; }
tr.failed td:first-child, tr.error td:first-child, td.failed, td.error { font-weight: bold; }
ul.differences li { margin-bottom: .5em; padding: .2em .4em; }
table.truth td { min-width: 8em; } table.truth td.empty { background: #fafafa; }
table.truth td > div + div { border-top: 1px dotted #999; margin-top: .2em; padding-top: .2em; }
.detail, .note { font-size: .88em; color: #333; white-space: pre-wrap; word-break: break-word; }
.note { font-style: italic; }
code { font-size: .9em; background: rgba(0,0,0,.06); padding: 0 .2em; word-break: break-word; }
.muted { color: #666; font-size: .9em; }
`;

// report.html: the same report as report.md, as one self-contained page (inline CSS, no scripts,
// nothing fetched). Rows and scenarios have ids, so the differences link to where they are.
export function runReportHtml(report: RunReport): string {
  const title = `Run report: ${report.runId}`;
  const out: string[] = [];
  out.push('<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8">', '<meta name="viewport" content="width=device-width, initial-scale=1">');
  out.push(`<title>${escapeHtml(title)}</title>`, `<style>${style}</style>`, '</head>', '<body>');
  out.push(`<h1>${escapeHtml(title)}</h1>`);
  out.push(headline(report));
  out.push(`<p class="muted">Started ${escapeHtml(formatStartedAt(report.startedAt))}, took ${escapeHtml(formatDuration(report.durationMs))}. Outcomes: ${reportOutcomes.map((outcome) => `${outcomeSymbols[outcome]} ${escapeHtml(outcomeLabels[outcome])}`).join(' · ')}.</p>`);

  out.push('<h2 id="differences">Differences</h2>');
  if (report.invalidFiles.length > 0) {
    out.push('<ul class="differences">');
    for (const invalid of report.invalidFiles) {
      out.push(`<li class="error">${outcomeSymbols.error} <b>invalid scenario file, not run</b> <code>${escapeHtml(invalid.file)}</code>${invalid.problems.map((problem) => `<div class="detail">${escapeHtml(problem)}</div>`).join('')}</li>`);
    }
    out.push('</ul>');
  }
  if (report.differences.length === 0 && report.invalidFiles.length === 0) out.push('<p>None: every flow and check met its expectation or a known deviation.</p>');
  else {
    out.push('<ul class="differences">');
    for (const { suite, scenario, row } of report.differences) {
      out.push(
        `<li class="${row.outcome}">${outcomeSymbols[row.outcome]} <b>${escapeHtml(outcomeLabels[row.outcome])}</b> ${escapeHtml(suite)} · <a href="#${escapeHtml(scenario.anchor)}">${escapeHtml(scenario.name)}</a> · <a href="#${escapeHtml(row.anchor)}"><b>${escapeHtml(row.name)}</b></a>: ` +
          `expected <code>${escapeHtml(row.expected)}</code>, observed <code>${escapeHtml(observedText(row))}</code>${row.decidedBy ? `; decided by <code>${escapeHtml(row.decidedBy)}</code>` : ''} ${evidenceLink(row)}` +
          `<div class="detail">${escapeHtml(row.note ?? row.detail)}</div></li>`,
      );
    }
    out.push('</ul>');
  }

  for (const suite of report.suites) out.push(...suiteSection(suite));

  if (report.warnings.length > 0) {
    out.push('<h2>Warnings</h2>', '<ul>', ...report.warnings.map((warning) => `<li>⚠ <span class="detail">${escapeHtml(warning)}</span></li>`), '</ul>');
  }
  out.push('</body>', '</html>');
  return out.join('\n') + '\n';
}

function headline(report: RunReport): string {
  const scenarioRuns = report.suites.reduce((total, suite) => total + suite.scenarios.length, 0);
  const suites = report.suites.map((suite) => (suite.dockerVersion ? `${suite.suite} (Docker ${suite.dockerVersion})` : suite.suite)).join(', ') || 'no suite';
  const verdict = report.passed ? '✔ The run met every expectation' : `✘ The run failed: ${report.counts.failed} failed, ${report.counts.error} error${report.counts.error === 1 ? '' : 's'}`;
  return `<p class="headline ${report.passed ? 'passed' : 'failed'}"><b>${escapeHtml(verdict)}.</b> ${escapeHtml(countsText(report.counts))}; ${report.checks} flows and checks of ${scenarioRuns} scenario run${scenarioRuns === 1 ? '' : 's'} on ${escapeHtml(suites)}.</p>`;
}

function suiteSection(suite: ReportSuite): string[] {
  const out: string[] = [];
  const id = `suite-${suite.suite}`;
  out.push(`<h2 id="${escapeHtml(id)}">${escapeHtml(suite.suite)}${suite.dockerVersion ? ` (Docker ${escapeHtml(suite.dockerVersion)})` : ''}: ${escapeHtml(countsText(suite.counts))}</h2>`);
  out.push('<table class="scenarios">', '<thead><tr><th></th><th>scenario</th><th>claims</th><th>met</th><th>known deviation</th><th>failed</th><th>error</th></tr></thead>', '<tbody>');
  for (const scenario of suite.scenarios) {
    const { counts } = scenario;
    out.push(
      `<tr class="${scenario.outcome}"><td>${outcomeSymbols[scenario.outcome]}</td><td><a href="#${escapeHtml(scenario.anchor)}">${escapeHtml(scenario.name)}</a></td><td>${escapeHtml(scenario.claims.join(', ')) || 'none'}</td>` +
        `<td>${counts.met}</td><td>${counts['known-deviation']}</td><td>${counts.failed}</td><td>${counts.error}</td></tr>`,
    );
  }
  out.push('</tbody>', '</table>');
  for (const scenario of suite.scenarios) out.push(...scenarioSection(suite, scenario));
  return out;
}

function scenarioSection(suite: ReportSuite, scenario: ReportScenario): string[] {
  const out: string[] = [];
  out.push(`<h3 id="${escapeHtml(scenario.anchor)}" class="${scenario.outcome}">${outcomeSymbols[scenario.outcome]} ${escapeHtml(scenario.name)} (${escapeHtml(suite.suite)})</h3>`);
  const claims = scenario.claims.length > 0 ? `claims ${escapeHtml(scenario.claims.join(', '))}` : 'no claims';
  out.push(`<p><code>${escapeHtml(scenario.file)}</code>, ${claims}: ${escapeHtml(countsText(scenario.counts))}. <a href="${escapeHtml(evidenceHref(`evidence/${scenario.name}-${suite.suite}`, true))}">evidence folder</a></p>`);
  if (scenario.truthTable) out.push(...truthTableHtml(scenario.truthTable));
  if (scenario.rows.length > 0) {
    out.push('<table class="rows">', '<thead><tr><th>outcome</th><th>flow or check</th><th>from → to</th><th>expected</th><th>observed</th><th>deciding rule</th><th>evidence</th></tr></thead>', '<tbody>');
    for (const row of scenario.rows) {
      out.push(
        `<tr id="${escapeHtml(row.anchor)}" class="${row.outcome}"><td>${outcomeSymbols[row.outcome]} ${escapeHtml(outcomeLabels[row.outcome])}</td>` +
          `<td>${escapeHtml(row.name)}${row.note ? `<div class="note">${escapeHtml(row.note)}</div>` : ''}<div class="detail">${escapeHtml(row.detail)}</div></td>` +
          `<td>${row.flow ? escapeHtml(flowText(row.flow)) : ''}${row.flow?.address ? `<div class="muted">${escapeHtml(row.flow.address)}</div>` : ''}</td>` +
          `<td>${escapeHtml(row.expected)}</td><td>${escapeHtml(observedText(row))}</td>` +
          `<td>${row.decidedBy ? `<code>${escapeHtml(row.decidedBy)}</code>` : ''}</td><td>${evidenceLink(row)}</td></tr>`,
      );
    }
    out.push('</tbody>', '</table>');
  }
  for (const warning of scenario.warnings) out.push(`<p>⚠ <span class="detail">${escapeHtml(warning)}</span></p>`);
  return out;
}

// Sources down, destinations across; each cell the observed verdict(s), the expected one beside a
// difference, coloured by outcome, linked to the flow's row.
function truthTableHtml(table: TruthTable<ReportRow>): string[] {
  const out = ['<p class="muted">Truth table: rows are sources, columns destinations.</p>', '<table class="truth">', '<thead><tr><th>from \\ to</th>'];
  for (const column of table.columns) out.push(`<th>${escapeHtml(column.label)}${column.addresses.length > 0 ? `<div class="muted">${escapeHtml(column.addresses.join(', '))}</div>` : ''}</th>`);
  out.push('</tr></thead>', '<tbody>');
  table.rows.forEach((source, index) => {
    out.push(`<tr><th scope="row">${escapeHtml(source)}</th>`);
    for (const cell of table.cells[index] ?? []) {
      if (cell.length === 0) {
        out.push('<td class="empty"></td>');
        continue;
      }
      const worst = cell.find((row) => row.outcome === 'failed') ?? cell.find((row) => row.outcome === 'error') ?? cell.find((row) => row.outcome === 'known-deviation') ?? cell[0]!;
      const entries = cell.map((row) => {
        const seen = `${outcomeSymbols[row.outcome]} ${row.errorCode ?? row.observed}`;
        const expected = row.outcome === 'met' ? '' : ` <span class="muted">(expected ${escapeHtml(row.expected)})</span>`;
        return `<div><a href="#${escapeHtml(row.anchor)}" title="${escapeHtml(row.name)}">${escapeHtml(seen)}</a>${expected}</div>`;
      });
      out.push(`<td class="${worst.outcome}">${entries.join('')}</td>`);
    }
    out.push('</tr>');
  });
  out.push('</tbody>', '</table>');
  return out;
}

function observedText(row: ReportRow): string {
  return row.errorCode ? `${row.observed} (${row.errorCode})` : row.observed;
}

function evidenceLink(row: ReportRow): string {
  return `<a href="${escapeHtml(evidenceHref(row.evidence.path, row.evidence.folder))}">evidence</a>`;
}
