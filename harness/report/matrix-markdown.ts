import type { CheckRecord, RunRecord } from '../results/records.ts';
import {
  cellLabels,
  cellStates,
  cellSymbols,
  stateCounts,
  whereDocsDoNotHold,
  type PageGroup,
  checkEvidence,
  docsDrift,
  matrixHeadings,
  evidenceHref,
  formatDuration,
  formatStartedAt,
  matrixNotes,
  type ClaimMatrix,
  type MatrixCell,
  type MatrixClaim,
} from './matrix.ts';
import { inline, oneLine } from './markdown-text.ts';
import { noErrorSentence, noFailureSentence } from './run-report.ts';

// claims.md: first where the documentation does not hold, by claim and version; then the claims x
// Docker versions table, page by page (seed pages, then today's); then the details and where two
// versions of a page disagree. Links are relative to the run directory, where this file is written.
export function matrixMarkdown(matrix: ClaimMatrix, run: RunRecord): string {
  const { suiteHeading, cellHeading } = matrixHeadings(run);
  const notes = matrixNotes(matrix);
  const lines: string[] = [];

  lines.push(`# Docker firewall claims: run ${inline(run.runId)}`, '');
  lines.push(`Started ${inline(formatStartedAt(run.startedAt))}, took ${formatDuration(run.durationMs)}. ${matrix.claims.length} claims on ${matrix.suites.length} suite(s).`, '');

  lines.push('## Where the documentation does not hold', '');
  lines.push(...headline(matrix, suiteHeading));

  lines.push('## Claims by page', '');
  lines.push(`Legend: ${cellStates.map((state) => `${cellSymbols[state]} ${cellLabels[state]}`).join(' · ')}. Each cell links to the evidence of its scenario(s).`, '');
  const byId = new Map(matrix.claims.map((claim) => [claim.id, claim]));
  for (const group of matrix.groups) {
    lines.push(`### ${inline(group.page || group.title)}${group.page ? ` (${inline(editionLabel(group.edition))}): ${inline(group.title)}` : ''}`, '');
    if (group.claims.length > 0) {
      lines.push(`| ${['Claim', 'Since', 'Page(s)', ...matrix.suites.map((suite) => inline(suiteHeading(suite), true))].join(' | ')} |`);
      lines.push(`|---|---|---|${matrix.suites.map(() => '---|').join('')}`);
      for (const claim of group.claims.flatMap((id) => byId.get(id) ?? [])) {
        const title = claim.text ? `**${inline(claim.id, true)}** ${inline(claim.text, true)}` : `**${inline(claim.id, true)}** (not in the claims catalogue)`;
        lines.push(`| ${[title, inline(sinceText(claim), true), inline(claim.pages.join(', '), true), ...claim.cells.map(cellText)].join(' | ')} |`);
      }
      lines.push('');
    }
    if (group.alsoStates.length > 0) lines.push(`This page also states ${inline(group.alsoStates.join(', '))}, listed under an earlier page.`, '');
  }

  lines.push('## Docs drift between page versions', '');
  const drift = docsDrift(matrix);
  if (drift.length === 0) lines.push('The claims catalogue lists no versions of a page to compare.', '');
  for (const entry of drift) {
    lines.push(`### ${inline(entry.older)} → ${inline(entry.newer.join(' + '))}`, '');
    lines.push(`- only in the older version: ${entry.onlyInOlder.length > 0 ? inline(entry.onlyInOlder.join(', ')) : 'none'}`);
    lines.push(`- only in the newer version: ${entry.onlyInNewer.length > 0 ? inline(entry.onlyInNewer.join(', ')) : 'none'}`);
    lines.push(`- stated differently: ${entry.restated.length > 0 ? entry.restated.map((r) => `${inline(r.claim)} restates ${inline(r.restates)}`).join('; ') : 'none'}`);
    lines.push('');
  }

  lines.push('## Failed checks', '');
  if (notes.failures.length === 0) lines.push(noFailureSentence(run, 'report.md'), '');
  for (const { claim, cell } of notes.failures) {
    lines.push(`### ${inline(cellHeading(claim, cell))}`, '');
    lines.push(...claimQuote(claim));
    if (cell.state === 'error') lines.push('The cell shows an error: the harness also could not decide part of it (see Errors).', '');
    for (const check of cell.checks.filter((c) => c.outcome === 'fail')) {
      lines.push(`- ✘ **${inline(check.name)}**: expected ${inline(check.expected)}, observed ${inline(check.observed)}. ${inline(oneLine(check.detail))} ${evidenceLink(check)}`);
    }
    lines.push('');
  }

  lines.push('## Known deviations', '');
  if (notes.deviations.length === 0) lines.push('None observed.', '');
  for (const { claim, cell } of notes.deviations) {
    lines.push(`### ${inline(cellHeading(claim, cell))}`, '');
    lines.push(...claimQuote(claim));
    for (const check of cell.checks.filter((c) => c.outcome === 'known-deviation')) {
      lines.push(`- ≈ **${inline(check.name)}**: expected ${inline(check.expected)}, observed ${inline(check.observed)}. Listed deviation: ${inline(sentence(check.deviationReason ?? '(no reason given)'))} ${inline(oneLine(check.detail))} ${evidenceLink(check)}`);
    }
    lines.push('');
  }

  lines.push('## Errors', '');
  if (notes.errors.length === 0) lines.push(noErrorSentence(run, 'report.md'), '');
  for (const { claim, cell, items } of notes.errors) {
    lines.push(`### ${inline(cellHeading(claim, cell))}`, '');
    for (const item of items) {
      lines.push(`- ! ${inline(item.source)}${item.code ? ` (${item.code})` : ''}: ${inline(item.message)} ([evidence](${evidenceHref(item.evidence, item.folder)}))`);
    }
    lines.push('');
  }

  if (notes.gone.length > 0) {
    lines.push('## Listed deviations that did not occur', '');
    lines.push('The documented behaviour held where a deviation is listed for this version; the deviation list may be out of date.', '');
    for (const { claim, cell } of notes.gone) {
      for (const check of cell.checks.filter((c) => c.outcome === 'deviation-gone')) {
        lines.push(`- ${inline(cellHeading(claim, cell))}, **${inline(check.name)}**: ${inline(sentence(check.deviationReason ?? '(no reason given)'))} ${evidenceLink(check)}`);
      }
    }
    lines.push('');
  }

  return lines.join('\n').replace(/\n+$/, '\n');
}

// The section a reader sees first: each claim that did not hold as documented, by version, failures
// and known deviations alike (a known deviation is still a page that is wrong there).
function headline(matrix: ClaimMatrix, suiteHeading: (suite: string) => string): string[] {
  const entries = whereDocsDoNotHold(matrix);
  const counts = stateCounts(matrix);
  const lines: string[] = [];
  const undecided = [
    counts.error > 0 ? `${counts.error} claim(s) with errors (below)` : '',
    counts['not-applicable'] > 0 ? `${counts['not-applicable']} not applicable on some version` : '',
    counts['not-run'] > 0 ? `${counts['not-run']} not run on some version` : '',
  ].filter(Boolean);
  if (entries.length === 0) {
    lines.push(`Every check that ran met the documentation: no check failed and no known deviation was observed.${undecided.length > 0 ? ` Not decided: ${undecided.join(', ')}.` : ''}`, '');
    return lines;
  }
  const failed = entries.filter((entry) => entry.failed.length > 0).length;
  const deviating = entries.filter((entry) => entry.deviating.length > 0).length;
  lines.push(`${entries.length} of ${matrix.claims.length} claims do not hold as documented on some version: ${failed} with failed checks, ${deviating} with known deviations.${undecided.length > 0 ? ` Not decided: ${undecided.join(', ')}.` : ''}`, '');
  for (const { claim, failed: failedCells, deviating: deviatingCells } of entries) {
    lines.push(`- **${inline(claim.id)}** ${claim.text ? inline(claim.text) : '(not in the claims catalogue)'}${claim.pages.length > 0 ? ` (${inline(claim.pages.join(', '))})` : ''}`);
    for (const cell of failedCells) {
      const checks = cell.checks.filter((check) => check.outcome === 'fail');
      lines.push(`  - ✘ failed on ${inline(suiteHeading(cell.suite))}: ${checks.map((check) => `${inline(check.name)}: expected ${inline(check.expected)}, observed ${inline(check.observed)} ${evidenceLink(check)}`).join('; ')}`);
    }
    // Versions that deviate for the same reasons are one line.
    const byReasons = new Map<string, string[]>();
    for (const cell of deviatingCells) {
      const reasons = unique(cell.checks.filter((check) => check.outcome === 'known-deviation').map((check) => sentence(check.deviationReason ?? '(no reason given)'))).join(' ');
      byReasons.set(reasons, [...(byReasons.get(reasons) ?? []), suiteHeading(cell.suite)]);
    }
    for (const [reasons, suites] of byReasons) lines.push(`  - ≈ known deviation on ${inline(suites.join(', '))}: ${inline(reasons)}`);
  }
  lines.push('');
  return lines;
}

function editionLabel(edition: PageGroup['edition']): string {
  return { seed: 'seed page', today: "today's page", other: 'other page' }[edition];
}

// "28.2", "changed in 28.0", or "all" for a claim of every version.
function sinceText(claim: MatrixClaim): string {
  if (claim.since) return claim.since;
  if (claim.changedIn) return `all (changed in ${claim.changedIn})`;
  return 'all';
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function cellText(cell: MatrixCell): string {
  const text = `${cellSymbols[cell.state]} ${cellLabels[cell.state]}${cell.needsDocker ? ` (needs ${inline(cell.needsDocker, true)})` : ''}${notRunText(cell)}`;
  if (cell.scenarios.length === 0) return text;
  if (cell.scenarios.length === 1) {
    const [only] = cell.scenarios;
    return only ? `[${text}](${evidenceHref(only.evidenceDir, true)} "${titleText(only.name)}")` : text;
  }
  return `${text} ${cell.scenarios.map((scenario, index) => `[${index + 1}](${evidenceHref(scenario.evidenceDir, true)} "${titleText(scenario.name)}")`).join(' ')}`;
}

// Why a cell's scenarios were not run here and the command that runs them: "kernel lacks ipvs; run ...".
function notRunText(cell: MatrixCell): string {
  const kernel = cell.scenarios.flatMap((scenario) => (scenario.skipped?.kind === 'kernel' ? [scenario.skipped] : []));
  if (kernel.length === 0 || cell.state !== 'not-run') return '';
  return `: this kernel lacks ${inline(unique(kernel.flatMap((skip) => skip.missing)).join(', '), true)}; run on a VM: ${kernel.map((skip) => `\`${skip.runWith.replace(/\|/g, '\\|')}\``).join(', ')}`;
}

function claimQuote(claim: MatrixClaim): string[] {
  const pages = claim.pages.length > 0 ? ` (${inline(claim.pages.join(', '))})` : '';
  return [`> ${claim.text ? inline(claim.text) : '(not in the claims catalogue)'}${pages}`, ''];
}

function evidenceLink(check: CheckRecord): string {
  const evidence = checkEvidence(check);
  return `([evidence](${evidenceHref(evidence.path, evidence.folder)}))`;
}

// One line ending in a full stop (or other end punctuation).
function sentence(text: string): string {
  const line = oneLine(text);
  return /[.!?:)]$/.test(line) || line === '' ? line : `${line}.`;
}

// A link title inside "..." in a table cell: no quotes, backslashes or line breaks, pipes escaped.
function titleText(text: string): string {
  return oneLine(text).replace(/["\\]/g, '').replace(/\|/g, '\\|');
}
