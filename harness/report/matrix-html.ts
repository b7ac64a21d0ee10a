import type { Outcome } from '../results/outcome.ts';
import type { CheckRecord, RunRecord } from '../results/records.ts';
import {
  cellLabels,
  cellStates,
  cellSymbols,
  stateCounts,
  whereDocsDoNotHold,
  checkEvidence,
  docsDrift,
  dockerVersionsBySuite,
  matrixHeadings,
  evidenceHref,
  formatDuration,
  formatStartedAt,
  matrixNotes,
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
td.not-applicable { background: #eef; color: #555; }
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
  out.push('<h2>Where the documentation does not hold</h2>', ...headlineHtml(matrix, versions));

  out.push('<h2>Claims by page</h2>');
  out.push(`<p>Legend: ${cellStates.map((state) => `${cellSymbols[state]} ${escapeHtml(cellLabels[state])}`).join(' · ')}. Open a cell for its checks and evidence.</p>`);
  const byId = new Map(matrix.claims.map((claim) => [claim.id, claim]));
  for (const group of matrix.groups) {
    const edition = { seed: 'seed page', today: "today's page", other: 'other page' }[group.edition];
    out.push(`<h3>${group.page ? `${escapeHtml(group.page)} <span class="pages">(${escapeHtml(edition)}): ${escapeHtml(group.title)}</span>` : escapeHtml(group.title)}</h3>`);
    if (group.claims.length > 0) {
      out.push('<table class="matrix">', '<thead><tr><th>Claim</th><th>Since</th><th>Page(s)</th>');
      for (const suite of matrix.suites) {
        const version = versions.get(suite);
        out.push(`<th>${escapeHtml(suite)}${version ? `<br><span class="version">Docker ${escapeHtml(version)}</span>` : ''}</th>`);
      }
      out.push('</tr></thead>', '<tbody>');
      for (const claim of group.claims.flatMap((id) => byId.get(id) ?? [])) {
        out.push(`<tr id="${escapeHtml(claim.id)}"><th scope="row"><span class="id">${escapeHtml(claim.id)}</span>${claim.text ? richText(claim.text) : '<i>not in the claims catalogue</i>'}</th>`);
        out.push(`<td class="pages">${escapeHtml(claim.since ?? (claim.changedIn ? `all (changed in ${claim.changedIn})` : 'all'))}</td>`);
        out.push(`<td class="pages">${claim.pages.map(escapeHtml).join('<br>')}</td>`);
        for (const cell of claim.cells) out.push(cellHtml(cell));
        out.push('</tr>');
      }
      out.push('</tbody>', '</table>');
    }
    if (group.alsoStates.length > 0) out.push(`<p>This page also states ${group.alsoStates.map((id) => `<a href="#${escapeHtml(id)}">${escapeHtml(id)}</a>`).join(', ')}, listed under an earlier page.</p>`);
  }

  out.push('<h2>Docs drift between page versions</h2>');
  const drift = docsDrift(matrix);
  if (drift.length === 0) out.push('<p>The claims catalogue lists no versions of a page to compare.</p>');
  for (const entry of drift) {
    const ids = (list: readonly string[]) => (list.length > 0 ? list.map(escapeHtml).join(', ') : 'none');
    out.push(`<h3>${escapeHtml(entry.older)} → ${escapeHtml(entry.newer.join(' + '))}</h3>`, '<ul>');
    out.push(`<li>only in the older version: ${ids(entry.onlyInOlder)}</li>`, `<li>only in the newer version: ${ids(entry.onlyInNewer)}</li>`);
    out.push(`<li>stated differently: ${entry.restated.length > 0 ? entry.restated.map((r) => `${escapeHtml(r.claim)} restates ${escapeHtml(r.restates)}`).join('; ') : 'none'}</li>`, '</ul>');
  }

  out.push('<h2>Failed checks</h2>');
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

  out.push('</body>', '</html>');
  return out.join('\n') + '\n';
}

// The claims that do not hold as documented, by version: failed checks and known deviations alike.
function headlineHtml(matrix: ClaimMatrix, versions: Map<string, string>): string[] {
  const heading = (suite: string) => (versions.get(suite) ? `${suite} (Docker ${versions.get(suite)})` : suite);
  const entries = whereDocsDoNotHold(matrix);
  const counts = stateCounts(matrix);
  const undecided = [
    counts.error > 0 ? `${counts.error} claim(s) with errors (below)` : '',
    counts['not-applicable'] > 0 ? `${counts['not-applicable']} not applicable on some version` : '',
    counts['not-run'] > 0 ? `${counts['not-run']} not run on some version` : '',
  ].filter(Boolean);
  const more = undecided.length > 0 ? ` Not decided: ${escapeHtml(undecided.join(', '))}.` : '';
  if (entries.length === 0) return [`<p>Every check that ran met the documentation: no check failed and no known deviation was observed.${more}</p>`];
  const failed = entries.filter((entry) => entry.failed.length > 0).length;
  const deviating = entries.filter((entry) => entry.deviating.length > 0).length;
  const out = [`<p><b>${entries.length} of ${matrix.claims.length} claims do not hold as documented on some version</b>: ${failed} with failed checks, ${deviating} with known deviations.${more}</p>`, '<ul>'];
  for (const { claim, failed: failedCells, deviating: deviatingCells } of entries) {
    out.push(`<li><a href="#${escapeHtml(claim.id)}"><b>${escapeHtml(claim.id)}</b></a> ${claim.text ? richText(claim.text) : '<i>not in the claims catalogue</i>'}<ul>`);
    for (const cell of failedCells) {
      const checks = cell.checks.filter((check) => check.outcome === 'fail');
      out.push(`<li>✘ failed on ${escapeHtml(heading(cell.suite))}: ${checks.map((check) => `${escapeHtml(check.name)}: expected <code>${escapeHtml(check.expected)}</code>, observed <code>${escapeHtml(check.observed)}</code> ${evidenceLink(check)}`).join('; ')}</li>`);
    }
    const byReasons = new Map<string, string[]>();
    for (const cell of deviatingCells) {
      const reasons = [...new Set(cell.checks.filter((check) => check.outcome === 'known-deviation').map((check) => check.deviationReason ?? '(no reason given)'))].join(' ');
      byReasons.set(reasons, [...(byReasons.get(reasons) ?? []), heading(cell.suite)]);
    }
    for (const [reasons, suites] of byReasons) out.push(`<li>≈ known deviation on ${escapeHtml(suites.join(', '))}: <span class="reason">${richText(reasons)}</span></li>`);
    out.push('</ul></li>');
  }
  out.push('</ul>');
  return out;
}

function cellHtml(cell: MatrixCell): string {
  const needs = cell.needsDocker ? ` (needs ${escapeHtml(cell.needsDocker)})` : '';
  const label = `${cellSymbols[cell.state]} ${escapeHtml(cellLabels[cell.state])}${needs}`;
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
    if (scenario.skipped?.kind === 'not-applicable') parts.push(`<div class="reason">not applicable: ${escapeHtml(scenario.skipped.reason)}</div>`);
    if (scenario.skipped?.kind === 'kernel') parts.push(`<div class="reason">not run: this kernel lacks ${escapeHtml(scenario.skipped.missing.join(', '))}; run it on a VM:</div><pre>${escapeHtml(scenario.skipped.runWith)}</pre>`);
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
