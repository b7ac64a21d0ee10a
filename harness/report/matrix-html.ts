import type { Outcome } from '../results/outcome.ts';
import type { CheckRecord, RunRecord } from '../results/records.ts';
import {
  cellLabels,
  cellSymbols,
  checkEvidence,
  docsDrift,
  dockerVersionsBySuite,
  matrixHeadings,
  evidenceHref,
  formatDuration,
  formatStartedAt,
  matrixNotes,
  type CellState,
  type ClaimMatrix,
  type MatrixCell,
  type MatrixClaim,
} from './matrix.ts';
import { noErrorSentence, noFailureSentence } from './run-report.ts';

const outcomeSymbols: Readonly<Record<Outcome, string>> = {
  pass: '✔',
  'deviation-gone': '✔',
  fail: '✘',
  'known-deviation': '≈',
  error: '!',
};

const style = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5em; color: #1b1b1b; background: #fff; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; } h3 { font-size: 1em; margin-bottom: .3em; }
table.matrix { border-collapse: collapse; }
table.matrix th, table.matrix td { border: 1px solid #999; padding: .3em .5em; vertical-align: top; text-align: left; }
table.matrix thead th { background: #f0f0f0; }
table.matrix th[scope=row] { font-weight: normal; max-width: 32em; }
.id { font-weight: bold; margin-right: .4em; }
.pages { font-size: .85em; color: #444; }
.version { font-weight: normal; font-size: .85em; color: #444; }
td.held { background: #d5f5d5; }
td.failed { background: #f8cfcf; }
td.known-deviation { background: #fde7b0; }
td.error { background: #dcdcdc; }
td.not-run { background: #fff; color: #777; }
details summary { cursor: pointer; font-weight: bold; white-space: nowrap; }
details[open] { min-width: 24em; }
ul.checks { margin: .4em 0; padding-left: 1.2em; }
ul.checks li { margin-bottom: .4em; }
.detail, .reason, pre { white-space: pre-wrap; word-break: break-word; }
.reason { font-style: italic; }
pre { margin: .3em 0; font-size: .85em; background: rgba(255,255,255,.6); padding: .3em; }
blockquote { margin: .3em 0 .6em 1em; color: #333; }
code { font-size: .92em; background: rgba(0,0,0,.06); padding: 0 .2em; }
`;

// claims.html: the same report as claims.md, as one self-contained page (inline CSS, no scripts).
// Links are relative to the run directory, where this file is written.
export function matrixHtml(matrix: ClaimMatrix, run: RunRecord): string {
  const versions = dockerVersionsBySuite(run);
  const { cellHeading } = matrixHeadings(run);
  const notes = matrixNotes(matrix);
  const title = `Docker firewall claims: run ${run.runId}`;
  const out: string[] = [];

  out.push('<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8">');
  out.push('<meta name="viewport" content="width=device-width, initial-scale=1">');
  out.push(`<title>${escapeHtml(title)}</title>`, `<style>${style}</style>`, '</head>', '<body>');
  out.push(`<h1>${escapeHtml(title)}</h1>`);
  out.push(`<p>Started ${escapeHtml(formatStartedAt(run.startedAt))}, took ${escapeHtml(formatDuration(run.durationMs))}. ${matrix.claims.length} claims on ${matrix.suites.length} suite(s).</p>`);
  const states: CellState[] = ['held', 'failed', 'known-deviation', 'error', 'not-run'];
  out.push(`<p>Legend: ${states.map((state) => `${cellSymbols[state]} ${escapeHtml(cellLabels[state])}`).join(' · ')}. Open a cell for its checks and evidence.</p>`);

  out.push('<table class="matrix">', '<thead><tr><th>Claim</th><th>Page(s)</th>');
  for (const suite of matrix.suites) {
    const version = versions.get(suite);
    out.push(`<th>${escapeHtml(suite)}${version ? `<br><span class="version">Docker ${escapeHtml(version)}</span>` : ''}</th>`);
  }
  out.push('</tr></thead>', '<tbody>');
  for (const claim of matrix.claims) {
    out.push(`<tr id="${escapeHtml(claim.id)}"><th scope="row"><span class="id">${escapeHtml(claim.id)}</span>${claim.text ? richText(claim.text) : '<i>not in the claims catalogue</i>'}</th>`);
    out.push(`<td class="pages">${claim.pages.map(escapeHtml).join('<br>')}</td>`);
    for (const cell of claim.cells) out.push(cellHtml(cell));
    out.push('</tr>');
  }
  out.push('</tbody>', '</table>');

  out.push('<h2>Where the documentation does not hold</h2>');
  if (notes.failures.length === 0) out.push(`<p>${escapeHtml(noFailureSentence(run, 'report.html'))}</p>`);
  for (const { claim, cell } of notes.failures) {
    out.push(`<h3>${escapeHtml(cellHeading(claim, cell))}</h3>`, claimQuote(claim));
    if (cell.state === 'error') out.push('<p>The cell shows an error: the harness also could not decide part of it (see Errors).</p>');
    out.push('<ul>');
    for (const check of cell.checks.filter((c) => c.outcome === 'fail')) {
      out.push(`<li>✘ <b>${escapeHtml(check.name)}</b>: expected <code>${escapeHtml(check.expected)}</code>, observed <code>${escapeHtml(check.observed)}</code>. <span class="detail">${richText(check.detail)}</span> ${evidenceLink(check)}</li>`);
    }
    out.push('</ul>');
  }

  out.push('<h2>Known deviations</h2>');
  if (notes.deviations.length === 0) out.push('<p>None observed.</p>');
  for (const { claim, cell } of notes.deviations) {
    out.push(`<h3>${escapeHtml(cellHeading(claim, cell))}</h3>`, claimQuote(claim), '<ul>');
    for (const check of cell.checks.filter((c) => c.outcome === 'known-deviation')) {
      out.push(`<li>≈ <b>${escapeHtml(check.name)}</b>: expected <code>${escapeHtml(check.expected)}</code>, observed <code>${escapeHtml(check.observed)}</code>. Listed deviation: <span class="reason">${richText(check.deviationReason ?? '(no reason given)')}</span> <span class="detail">${richText(check.detail)}</span> ${evidenceLink(check)}</li>`);
    }
    out.push('</ul>');
  }

  out.push('<h2>Errors</h2>');
  if (notes.errors.length === 0) out.push(`<p>${escapeHtml(noErrorSentence(run, 'report.html'))}</p>`);
  for (const { claim, cell, items } of notes.errors) {
    out.push(`<h3>${escapeHtml(cellHeading(claim, cell))}</h3>`, '<ul>');
    for (const item of items) {
      out.push(`<li>! ${escapeHtml(item.source)}${item.code ? ` (${escapeHtml(item.code)})` : ''}: ${richText(item.message)} ${link(evidenceHref(item.evidence, item.folder), 'evidence')}</li>`);
    }
    out.push('</ul>');
  }

  if (notes.gone.length > 0) {
    out.push('<h2>Listed deviations that did not occur</h2>');
    out.push('<p>The documented behaviour held where a deviation is listed for this version; the deviation list may be out of date.</p>', '<ul>');
    for (const { claim, cell } of notes.gone) {
      for (const check of cell.checks.filter((c) => c.outcome === 'deviation-gone')) {
        out.push(`<li>${escapeHtml(cellHeading(claim, cell))}, <b>${escapeHtml(check.name)}</b>: <span class="reason">${richText(check.deviationReason ?? '(no reason given)')}</span> ${evidenceLink(check)}</li>`);
      }
    }
    out.push('</ul>');
  }

  out.push('<h2>Docs drift</h2>');
  const drift = docsDrift(matrix);
  if (drift.length === 0) out.push('<p>Every claim with a known page is on every page.</p>');
  else {
    out.push('<ul>');
    for (const entry of drift) {
      out.push(`<li><b>${escapeHtml(entry.claim)}</b>: only in ${escapeHtml(entry.onlyIn.join(', '))}, not in ${escapeHtml(entry.missingFrom.join(', '))}</li>`);
    }
    out.push('</ul>');
  }
  out.push('</body>', '</html>');
  return out.join('\n') + '\n';
}

function cellHtml(cell: MatrixCell): string {
  const label = `${cellSymbols[cell.state]} ${escapeHtml(cellLabels[cell.state])}`;
  if (cell.scenarios.length === 0) return `<td class="${cell.state}">${label}</td>`;
  const parts: string[] = [`<td class="${cell.state}"><details><summary>${label}</summary>`];
  if (cell.dockerVersion) parts.push(`<div class="version">Docker ${escapeHtml(cell.dockerVersion)}</div>`);
  if (cell.checks.length > 0) {
    parts.push('<ul class="checks">');
    for (const check of cell.checks) parts.push(checkHtml(check));
    parts.push('</ul>');
  }
  for (const scenario of cell.scenarios) {
    parts.push(`<div>Scenario ${link(evidenceHref(scenario.evidenceDir, true), scenario.name)} <code>${escapeHtml(scenario.file)}</code></div>`);
    if (scenario.error !== undefined) parts.push(`${scenario.errorCode ? `<div>error code: ${escapeHtml(scenario.errorCode)}</div>` : ''}<pre class="error">${escapeHtml(scenario.error)}</pre>`);
  }
  parts.push('</details></td>');
  return parts.join('');
}

function checkHtml(check: CheckRecord): string {
  const reason = check.deviationReason === undefined ? '' : `<div class="reason">${check.outcome === 'deviation-gone' ? 'listed deviation did not occur: ' : ''}${richText(check.deviationReason)}</div>`;
  return (
    `<li class="${escapeHtml(check.outcome)}">${outcomeSymbols[check.outcome]} <b>${escapeHtml(check.name)}</b> (${escapeHtml(check.outcome)})` +
    `<div>expected <code>${escapeHtml(check.expected)}</code>, observed <code>${escapeHtml(check.observed)}</code>${check.errorCode ? ` (${escapeHtml(check.errorCode)})` : ''}</div>` +
    `<div class="detail">${richText(check.detail)}</div>${reason}` +
    `<div>${evidenceLink(check)}</div></li>`
  );
}

function claimQuote(claim: MatrixClaim): string {
  const pages = claim.pages.length > 0 ? ` <span class="pages">(${escapeHtml(claim.pages.join(', '))})</span>` : '';
  return `<blockquote>${claim.text ? richText(claim.text) : '<i>not in the claims catalogue</i>'}${pages}</blockquote>`;
}

function evidenceLink(check: CheckRecord): string {
  const evidence = checkEvidence(check);
  return link(evidenceHref(evidence.path, evidence.folder), 'evidence');
}

function link(href: string, text: string): string {
  return `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`;
}

// Escaped text in which `code spans` become <code> elements.
function richText(text: string): string {
  return escapeHtml(text).replace(/`([^`\n]+)`/g, '<code>$1</code>');
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '\uFFFD');
}
