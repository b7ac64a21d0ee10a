import type { CheckRecord, RunRecord } from '../results/records.ts';
import {
  cellLabels,
  cellSymbols,
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
import { noErrorSentence, noFailureSentence } from './run-report.ts';

// claims.md: the claims x Docker versions table of a run, then what did not hold and why.
// Links are relative to the run directory, where this file is written.
export function matrixMarkdown(matrix: ClaimMatrix, run: RunRecord): string {
  const { suiteHeading, cellHeading } = matrixHeadings(run);
  const notes = matrixNotes(matrix);
  const lines: string[] = [];

  lines.push(`# Docker firewall claims: run ${inline(run.runId)}`, '');
  lines.push(`Started ${inline(formatStartedAt(run.startedAt))}, took ${formatDuration(run.durationMs)}. ${matrix.claims.length} claims on ${matrix.suites.length} suite(s).`, '');
  lines.push(`Legend: ${(['held', 'failed', 'known-deviation', 'error', 'not-run'] as const).map((state) => `${cellSymbols[state]} ${cellLabels[state]}`).join(' · ')}. Each cell links to the evidence of its scenario(s).`, '');

  lines.push(`| ${['Claim', 'Page(s)', ...matrix.suites.map((suite) => inline(suiteHeading(suite), true))].join(' | ')} |`);
  lines.push(`|---|---|${matrix.suites.map(() => '---|').join('')}`);
  for (const claim of matrix.claims) {
    const title = claim.text ? `**${inline(claim.id, true)}** ${inline(claim.text, true)}` : `**${inline(claim.id, true)}** (not in the claims catalogue)`;
    const cells = claim.cells.map(cellText);
    lines.push(`| ${[title, inline(claim.pages.join(', '), true), ...cells].join(' | ')} |`);
  }
  lines.push('');

  lines.push('## Where the documentation does not hold', '');
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

  lines.push('## Docs drift', '');
  const drift = docsDrift(matrix);
  if (drift.length === 0) lines.push('Every claim with a known page is on every page.', '');
  for (const entry of drift) {
    lines.push(`- **${inline(entry.claim)}**: only in ${inline(entry.onlyIn.join(', '))}, not in ${inline(entry.missingFrom.join(', '))}`);
  }
  if (drift.length > 0) lines.push('');

  return lines.join('\n').replace(/\n+$/, '\n');
}

function cellText(cell: MatrixCell): string {
  const text = `${cellSymbols[cell.state]} ${cellLabels[cell.state]}`;
  if (cell.scenarios.length === 0) return text;
  if (cell.scenarios.length === 1) {
    const [only] = cell.scenarios;
    return only ? `[${text}](${evidenceHref(only.evidenceDir, true)} "${titleText(only.name)}")` : text;
  }
  return `${text} ${cell.scenarios.map((scenario, index) => `[${index + 1}](${evidenceHref(scenario.evidenceDir, true)} "${titleText(scenario.name)}")`).join(' ')}`;
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

function oneLine(text: string): string {
  return text.replace(/\r\n?|\n/g, ' ').trim();
}

// A link title inside "..." in a table cell: no quotes, backslashes or line breaks, pipes escaped.
function titleText(text: string): string {
  return oneLine(text).replace(/["\\]/g, '').replace(/\|/g, '\\|');
}

// Text from a record as one line of inline Markdown. `Code spans` stay code spans; elsewhere
// HTML is entity-escaped and Markdown punctuation backslash-escaped, so a record can neither
// inject markup nor break the table (in a table cell a pipe is escaped even inside a code span).
function inline(text: string, table = false): string {
  const single = text
    .replace(/\r\n?|\n/g, ' ')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '\uFFFD');
  let out = '';
  let rest = single;
  for (;;) {
    const span = /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/.exec(rest);
    if (!span) break;
    out += escapeText(rest.slice(0, span.index));
    const code = span[0];
    out += table ? code.replace(/\|/g, '\\|') : code;
    rest = rest.slice(span.index + code.length);
  }
  return out + escapeText(rest);
}

// Outside code spans: Markdown punctuation backslash-escaped; "<" (which could open an HTML
// tag) and "&" of a would-be entity as entities. ">" and a lone "&" stay readable as they are.
function escapeText(text: string): string {
  return text
    .replace(/[\\`*_[\]|#~]/g, (c) => `\\${c}`)
    .replace(/&(?=#?\w+;)/g, '&amp;')
    .replace(/</g, '&lt;');
}
